package org.phonerescue.core.session;

/**
 * A Skinny (SCCP) registration message: a Cisco phone's application firmware asks its call
 * manager to register it (RegisterReq), and the call manager accepts (RegisterAck) or refuses
 * (RegisterReject, with its reason). A phone in its recovery loader never speaks SCCP, so a
 * RegisterReq is as sure a sign of a recovered 79xx as a SIP REGISTER is of a recovered SPA.
 *
 * @param frame      frame number
 * @param time       ns since 1970
 * @param kind       which message
 * @param senderMac  Ethernet source
 * @param senderIp   IP source
 * @param receiverIp IP destination
 * @param deviceName the station name of a RegisterReq (SEP and the phone's MAC), else null
 * @param reason     the text of a RegisterReject, else null
 */
public record SccpMessage(long frame, long time, Kind kind, String senderMac, String senderIp, String receiverIp,
                          String deviceName, String reason) {

    public enum Kind {
        /** RegisterReq, message 0x0001, from the phone. */
        REGISTER(0x0001, "RegisterReq"),
        /** RegisterAck, message 0x0081, from the call manager. */
        REGISTER_ACK(0x0081, "RegisterAck"),
        /** RegisterReject, message 0x009D, from the call manager. */
        REGISTER_REJECT(0x009D, "RegisterReject");

        private final int id;
        private final String messageName;

        Kind(int id, String messageName) {
            this.id = id;
            this.messageName = messageName;
        }

        /** The Skinny message ID. */
        public int id() {
            return id;
        }

        /** The message's name as Wireshark shows it. */
        public String messageName() {
            return messageName;
        }

        /** The kind with this message ID, or null for the other messages. */
        public static Kind of(long id) {
            for (Kind k : values()) {
                if (k.id == id) {
                    return k;
                }
            }
            return null;
        }
    }
}
