package org.phonerescue.core.pcap;

/** The container formats the readers and writers understand. */
public enum CaptureFormat {
    /** Classic libpcap format (draft-ietf-opsawg-pcap), any of its four magic numbers. */
    PCAP,
    /** PCAP Next Generation (draft-ietf-opsawg-pcapng). */
    PCAPNG
}
