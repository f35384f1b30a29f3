package org.phonerescue.core.device;

import java.util.Locale;

/** What part a device plays in the capture, judged from what it does on the wire. */
public enum Role {
    /**
     * Requests firmware or configuration, speaks the SPA loader side, registers by SIP; or asks
     * by ARP for one address again and again, nobody answering, and sends almost nothing else
     * (a phone in rescue mode whose typed gateway or server is not there).
     */
    PHONE,
    /** Answers TFTP or DHCP, or drives the SPA recovery protocol (the recovery tool's PC). */
    SERVER,
    /** Named as the gateway by DHCP, or sends for many IP addresses. */
    ROUTER,
    OTHER;

    /** "phone", "server", … as the JSON output and the report write it. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
