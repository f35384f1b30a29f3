package org.phonerescue.core.pcap;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes classic pcap (draft-ietf-opsawg-pcap): little-endian, nanosecond timestamps (magic
 * a1b23c4d) so no precision is lost. A pcap file has one link type and no comments: packets of
 * another link type are refused (write pcapng instead); comments are dropped.
 */
public final class PcapWriter implements CaptureWriter {

    /** Wireshark's standard maximum packet size, used as the header's snaplen. */
    public static final int DEFAULT_SNAPLEN = 262144;

    private static final ByteOrderAccess LE = ByteOrderAccess.LITTLE;

    private final OutputStream out;
    private final LinkType linkType;
    private final byte[] header = new byte[PcapReader.RECORD_HEADER_BYTES];
    private long packets;

    private PcapWriter(OutputStream out, LinkType linkType, int snaplen) throws IOException {
        this.out = out;
        this.linkType = linkType;
        byte[] h = new byte[PcapReader.FILE_HEADER_BYTES];
        LE.put32(h, 0, PcapReader.MAGIC_NANOS);
        LE.put16(h, 4, 2);
        LE.put16(h, 6, 4);
        LE.put32(h, 16, snaplen);
        LE.put32(h, 20, linkType.code() & 0xFFFF);
        out.write(h);
    }

    public static PcapWriter create(Path file, LinkType linkType) throws IOException {
        return create(Files.newOutputStream(file), linkType);
    }

    /** Writes to a stream, which {@link #close()} closes. */
    public static PcapWriter create(OutputStream out, LinkType linkType) throws IOException {
        if (linkType.code() < 0) {
            throw new IllegalArgumentException("pcap cannot hold " + linkType.displayName() + " records");
        }
        return new PcapWriter(new BufferedOutputStream(out, 1 << 16), linkType, DEFAULT_SNAPLEN);
    }

    @Override
    public void write(long epochSecond, int nanos, int originalLength, LinkType type, byte[] data, int offset,
                      int length, String comment) throws IOException {
        if (!linkType.equals(type)) {
            throw new IllegalArgumentException("a pcap file holds one link type (" + linkType.displayName()
                    + "); this packet is " + type.displayName() + ": write pcapng instead");
        }
        long seconds = epochSecond == CapturedPacket.NO_TIMESTAMP ? 0 : epochSecond;
        if (seconds < 0 || seconds > 0xFFFFFFFFL) {
            throw new IllegalArgumentException("timestamp " + epochSecond
                    + " s is outside what pcap can hold (1970 to 2106): write pcapng instead");
        }
        LE.put32(header, 0, (int) seconds);
        LE.put32(header, 4, epochSecond == CapturedPacket.NO_TIMESTAMP ? 0 : nanos);
        LE.put32(header, 8, length);
        LE.put32(header, 12, originalLength);
        out.write(header);
        out.write(data, offset, length);
        packets++;
    }

    @Override
    public long packetsWritten() {
        return packets;
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
