package org.phonerescue.core.pcap;

import java.io.Closeable;
import java.io.IOException;

/** Writes packets to a capture file; {@link #close()} flushes and closes the output. */
public interface CaptureWriter extends Closeable {

    /** Writes one packet; its number and file offset are not kept (the new file numbers anew). */
    default void write(CapturedPacket p) throws IOException {
        write(p.epochSecond(), p.nanos(), p.originalLength(), p.linkType(), p.data(), 0, p.data().length,
                p.comment());
    }

    /**
     * Writes one packet from the bytes {@code data[offset, offset+length)}.
     *
     * @param epochSecond seconds since the epoch, or {@link CapturedPacket#NO_TIMESTAMP}
     * @param comment     a comment to keep with the packet where the format can (pcapng), or null
     * @throws IllegalArgumentException when the format cannot hold the packet (the message says why)
     */
    void write(long epochSecond, int nanos, int originalLength, LinkType linkType, byte[] data, int offset,
               int length, String comment) throws IOException;

    /** Packets written so far. */
    long packetsWritten();
}
