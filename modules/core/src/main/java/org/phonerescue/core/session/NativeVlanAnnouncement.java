package org.phonerescue.core.session;

/**
 * The VLAN a port puts the frames it receives without a VLAN id in, as its sender announces it:
 * CDP's Native VLAN TLV (0x000A), or LLDP's IEEE 802.1 Port VLAN ID TLV (IEEE 802.1Q-2018
 * §D.2.1, the port's PVID). From a switch, it describes the switch port the announcement leaves
 * by, named by its Port ID; a phone's own announcement describes the phone's port.
 *
 * @param frame     frame number
 * @param time      ns since 1970, or {@code PacketView.NO_TIME}
 * @param protocol  "CDP" or "LLDP"
 * @param senderMac Ethernet source: the switch port (or whatever device announces)
 * @param port      the sender's Port ID (CDP TLV 0x0003, LLDP Port ID TLV), or null when it sent none
 * @param vlan      the native VLAN id, 1–4094
 */
public record NativeVlanAnnouncement(long frame, long time, String protocol, String senderMac, String port, int vlan) {
}
