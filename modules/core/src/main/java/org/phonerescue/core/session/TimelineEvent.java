package org.phonerescue.core.session;

import java.util.Locale;

/**
 * One step of a phone's recovery, for the timeline chart and the report.
 *
 * @param frame    frame number
 * @param time     ns since 1970, or {@code PacketView.NO_TIME}
 * @param kind     what kind of step
 * @param text     in words, e.g. "DHCP DISCOVER, vendor class 'TI-dhcp 0.1'"
 * @param transfer the request frame of the transfer it belongs to, or -1
 */
public record TimelineEvent(long frame, long time, Kind kind, String text, long transfer) {

    public enum Kind {
        /** A DHCP message to or from the phone. */
        DHCP,
        /**
         * The phone asks by ARP, again and again, for an address nobody answers for (its typed
         * gateway or server): the first and the last such request.
         */
        ARP,
        /** A frame of the SPA recovery protocol (tool or phone). */
        SPA,
        /** The phone requests a file. */
        TFTP_REQUEST,
        /** A transfer ends (complete, error, aborted, timed out, cut off). */
        TFTP_END,
        /** The phone asks for a file by HTTP (or sends one). */
        HTTP_REQUEST,
        /** An HTTP transfer ends (complete, error status, cut short, timed out). */
        HTTP_END,
        /** The phone asks for a file by FTP (RETR, or STOR to send one). */
        FTP_REQUEST,
        /** An FTP transfer ends (complete, error reply, data connection reset, timed out). */
        FTP_END,
        /** A TCP connection to an HTTP or FTP server that never came up (no answer, RST, ICMP error). */
        CONNECTION_FAILED,
        /** An ICMP error quoting one of the phone's transfers. */
        ICMP,
        /** A SIP request from the phone. */
        SIP,
        /** A Skinny registration message from or to the phone (RegisterReq, RegisterAck, RegisterReject). */
        SCCP;

        /** Whether the event is the phone's firmware talking to its call control (SIP or SCCP). */
        public boolean callControl() {
            return this == SIP || this == SCCP;
        }

        /** Whether the event ends a transfer, of any protocol. */
        public boolean endsTransfer() {
            return this == TFTP_END || this == HTTP_END || this == FTP_END;
        }

        /** "dhcp", "spa", "tftp-request", … */
        public String label() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }
}
