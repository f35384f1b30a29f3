package org.phonerescue.core.session;

/**
 * One frame of the SPA recovery protocol (spa-recovery-protocol.md; verified against loader
 * 7.4.4rec, tool side unverified).
 *
 * @param frame         frame number
 * @param time          ns since 1970
 * @param kind          what the frame is
 * @param senderMac     Ethernet source
 * @param senderIp      IP source
 * @param destinationIp IP destination (the group 234.4.8.10 or a phone)
 * @param serial        serial number field (wildcard FFFFFFFFFFFF), or null
 * @param product       Reply: product name, else null
 * @param phoneMac      Reply: the phone's MAC from the frame, else null
 * @param loaderVersion Reply: loader version, else null
 * @param phoneIp       Reply: the phone's address from the frame, else null
 * @param file          Upgrade and its acknowledgement: the file the phone is to fetch, else null
 * @param length        UDP payload length (the loader drops tool frames that are not 160 bytes)
 * @param sourcePort    UDP source port (the loader takes tool frames from port 4811 only), or -1
 * @param vlan          the VLAN id of its 802.1Q tag, or -1 when untagged (the loader does not
 *                      understand tagged frames)
 */
public record SpaMessage(long frame, long time, Kind kind, String senderMac, String senderIp, String destinationIp,
                         String serial, String product, String phoneMac, String loaderVersion, String phoneIp,
                         String file, int length, int sourcePort, int vlan) {

    public enum Kind {
        /** op 0, tool → phone: "phone with this serial, identify yourself". */
        REQUEST,
        /** op 1, phone → tool: the phone's identity. */
        REPLY,
        /** op 2, tool → phone: "fetch this file by TFTP". */
        UPGRADE,
        /** op 2, 100 bytes, phone → tool: the echo sent before the download starts. */
        UPGRADE_ACK,
        OTHER
    }

    /** Whether the phone (its loader, port 4810) sent it. */
    public boolean fromPhone() {
        return kind == Kind.REPLY || kind == Kind.UPGRADE_ACK;
    }
}
