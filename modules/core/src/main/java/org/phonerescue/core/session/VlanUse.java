package org.phonerescue.core.session;

/**
 * A MAC sending frames with an IEEE 802.1Q tag. Untagged frames are not counted: a capture
 * taken on a host usually shows frames without the tag they had on the wire.
 *
 * @param mac        Ethernet source
 * @param vlan       the VLAN id of the tag (the first tag of a stacked frame)
 * @param firstFrame the first frame it sent with that tag
 */
public record VlanUse(String mac, int vlan, long firstFrame) {
}
