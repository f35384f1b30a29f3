package org.phonerescue.core.device;

/**
 * Something a device said about itself, with the frame it said it in.
 *
 * @param kind  what the hint is
 * @param value the text as seen (a vendor class, a host name, a file name, a version)
 * @param frame frame number, from 1
 */
public record DeviceHint(Kind kind, String value, long frame) {

    public enum Kind {
        /** DHCP option 60 (RFC 2132 §9.13). */
        DHCP_VENDOR_CLASS("DHCP vendor class"),
        /** DHCP option 12 (RFC 2132 §3.14). */
        DHCP_HOSTNAME("DHCP host name"),
        /** A file it requested, with what the name says (see {@link RequestedFile}). */
        REQUESTED_FILE("requested file"),
        /** Model or product name. */
        MODEL("model"),
        /** Firmware or loader version. */
        FIRMWARE("firmware"),
        /** Serial number (SPA recovery Reply). */
        SERIAL("serial"),
        /** Behaviour that marks a phone still running its recovery loader (spa-recovery-protocol.md). */
        LOADER("recovery loader"),
        /** SIP User-Agent. */
        USER_AGENT("SIP User-Agent"),
        /**
         * The name a device gives itself to its neighbours and call control: CDP Device ID, LLDP
         * System Name, SCCP station name (a Cisco phone's is SEP and its MAC).
         */
        DEVICE_NAME("device name"),
        /** LLDP System Description (IEEE 802.1AB §8.5.7): the system's own words about model and software. */
        DESCRIPTION("system description");

        private final String description;

        Kind(String description) {
            this.description = description;
        }

        public String description() {
            return description;
        }
    }
}
