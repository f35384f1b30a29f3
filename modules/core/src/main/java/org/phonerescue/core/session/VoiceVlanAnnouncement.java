package org.phonerescue.core.session;

/**
 * A voice VLAN told on the link: by a switch in CDP's VoIP VLAN Reply TLV (0x000E), or in an
 * LLDP-MED network policy for the Voice application (ANSI/TIA-1057 §10.2.3, application type 1,
 * policy known, tagged).
 *
 * @param frame     frame number
 * @param time      ns since 1970, or {@code PacketView.NO_TIME}
 * @param protocol  "CDP" or "LLDP-MED"
 * @param senderMac Ethernet source: the switch port, or a phone telling the policy it applies
 * @param port      the sender's Port ID (CDP TLV 0x0003, LLDP Port ID TLV), or null when it sent none
 * @param vlan      the voice VLAN id, 1–4094
 */
public record VoiceVlanAnnouncement(long frame, long time, String protocol, String senderMac, String port, int vlan) {
}
