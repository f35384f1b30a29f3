package org.phonerescue.core.pcap;

/**
 * One packet record as stored in a capture file: its bytes and the metadata the file gives it.
 * Immutable; {@link #data()} is a private copy that callers must not modify.
 *
 * @param number         1-based position of the packet in the file (Wireshark's frame.number)
 * @param epochSecond    seconds since 1970-01-01 UTC, or {@link #NO_TIMESTAMP} for records that carry
 *                       none (pcapng Simple Packet Blocks)
 * @param nanos          nanoseconds within the second, 0..999 999 999
 * @param originalLength length of the packet on the wire (frame.len)
 * @param linkType       link-layer header type of the interface it was captured on
 * @param interfaceId    pcapng interface number within its section (0 for classic pcap)
 * @param data           the captured bytes (frame.cap_len = data.length)
 * @param comment        the packet's comment (pcapng opt_comment), or null
 * @param fileOffset     byte offset of the record (pcap record header / pcapng block) in the file
 */
public record CapturedPacket(long number, long epochSecond, int nanos, int originalLength,
                             LinkType linkType, int interfaceId, byte[] data, String comment,
                             long fileOffset) {

    /** Marks a packet whose record has no timestamp. */
    public static final long NO_TIMESTAMP = Long.MIN_VALUE;

    public boolean hasTimestamp() {
        return epochSecond != NO_TIMESTAMP;
    }

    public int capturedLength() {
        return data.length;
    }

    /** The timestamp as tshark prints frame.time_epoch (seconds, a dot, nine digits), or "" if none. */
    public String epochText() {
        return hasTimestamp() ? TimestampFormat.epoch(epochSecond, nanos) : "";
    }
}
