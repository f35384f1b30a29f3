package org.phonerescue.servers.tftp;

/**
 * What comes after block 65535. RFC 1350 numbers blocks with 16 bits and says nothing about a
 * transfer of more than 65535 blocks (32 MB at 512 bytes); clients that go further disagree on
 * the next number, so the server is told which one its clients expect.
 */
public enum BlockRollover {
    /** 65535 is followed by 0 (tftp-hpa, curl, atftp, most embedded clients). */
    WRAP_TO_ZERO,
    /** 65535 is followed by 1: block 0 stays reserved for the OACK acknowledgement (some loaders). */
    WRAP_TO_ONE;

    /** The 16-bit number sent on the wire for block {@code absolute} (block 1 is the first DATA). */
    public int wire(long absolute) {
        if (this == WRAP_TO_ZERO || absolute == 0) {
            return (int) (absolute & 0xFFFF);
        }
        return (int) ((absolute - 1) % 65535) + 1;
    }

    /**
     * The absolute block in {@code [from, to]} that goes on the wire as {@code wire}, or -1 when
     * none does. Unambiguous while the range spans fewer than 65535 blocks, which the largest
     * window the server accepts guarantees.
     */
    public long absolute(int wire, long from, long to) {
        long b;
        if (this == WRAP_TO_ZERO) {
            b = from + ((wire - (int) (from & 0xFFFF)) & 0xFFFF);
        } else if (wire == 0) {
            b = from == 0 ? 0 : -1;
        } else {
            long start = Math.max(from, 1);
            b = start + Math.floorMod(wire - wire(start), 65535);
        }
        return b >= from && b <= to ? b : -1;
    }
}
