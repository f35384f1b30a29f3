package org.phonerescue.core.session;

/**
 * A MAC sending frames in a VLAN the frame itself names (an IEEE 802.1Q tag), or frames that name
 * none: untagged ones, and priority-tagged ones whose tag carries the null VLAN id 0 (IEEE 802.1Q
 * §9.6, table 9-2). A switch puts the latter in the VLAN of the port they arrive by, its native
 * VLAN (port VLAN id); which one that is, only the port knows (see
 * {@link CaptureAnalysis#untaggedFramesVlan()}). A capture taken on a host usually shows frames
 * without the tag they had on the wire, so an untagged frame there proves nothing by itself.
 *
 * @param mac        Ethernet source
 * @param vlan       the VLAN id of the tag (the first tag of a stacked frame): {@link #PRIORITY_TAGGED}
 *                   for a tag naming no VLAN; {@link #UNTAGGED} for frames without a tag
 * @param firstFrame the first frame it sent with that tag (or without one)
 */
public record VlanUse(String mac, int vlan, long firstFrame) {

    /** The {@link #vlan} of frames without an 802.1Q tag. */
    public static final int UNTAGGED = -1;
    /** The {@link #vlan} of frames whose tag carries a priority only: the null VLAN id. */
    public static final int PRIORITY_TAGGED = 0;

    /** Whether the frames carried a tag, naming a VLAN or not. */
    public boolean tagged() {
        return vlan != UNTAGGED;
    }

    /** Whether the frames named their VLAN. */
    public boolean namesVlan() {
        return vlan > PRIORITY_TAGGED;
    }
}
