package org.phonerescue.core.pcap;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Writes pcapng (draft-ietf-opsawg-pcapng), little-endian, one section: a Section Header Block
 * with an optional comment and shb_userappl, then an Interface Description Block the first time
 * a link type is seen, and one Enhanced Packet Block per packet with its comment.
 *
 * <p>Timestamps are written in nanoseconds (if_tsresol 9). A 64-bit count of nanoseconds reaches
 * only from 1970 to 2554, so a packet outside that range gets an interface of its own whose
 * if_tsoffset (§4.2) moves the origin to its second: every timestamp a reader could give, we keep.
 */
public final class PcapngWriter implements CaptureWriter {

    private static final ByteOrderAccess LE = ByteOrderAccess.LITTLE;
    private static final int SHB_USERAPPL = 4;
    private static final int IF_TSRESOL = 9;
    private static final int IF_TSOFFSET = 14;
    private static final long MAX_NANOS_SECONDS = Long.divideUnsigned(-1L, 1_000_000_000L) - 1;

    private record InterfaceKey(LinkType linkType, long tsOffset) {
    }

    private final OutputStream out;
    private final Map<InterfaceKey, Integer> interfaces = new HashMap<>();
    private final byte[] head = new byte[28];
    private long packets;

    private PcapngWriter(OutputStream out, String sectionComment, String application) throws IOException {
        this.out = out;
        ByteArrayOutputStream options = new ByteArrayOutputStream();
        if (sectionComment != null) {
            option(options, PcapngReader.OPT_COMMENT, sectionComment.getBytes(StandardCharsets.UTF_8));
        }
        if (application != null) {
            option(options, SHB_USERAPPL, application.getBytes(StandardCharsets.UTF_8));
        }
        endOfOptions(options);
        byte[] body = new byte[16];
        LE.put32(body, 0, PcapngReader.BYTE_ORDER_MAGIC);
        LE.put16(body, 4, 1);
        LE.put16(body, 6, 0);
        LE.put64(body, 8, -1L); // section length not given (§4.1)
        block(PcapngReader.SHB, body, options.toByteArray());
    }

    public static PcapngWriter create(Path file, String sectionComment) throws IOException {
        return create(Files.newOutputStream(file), sectionComment);
    }

    /** Writes to a stream, which {@link #close()} closes. */
    public static PcapngWriter create(OutputStream out, String sectionComment) throws IOException {
        return new PcapngWriter(new BufferedOutputStream(out, 1 << 16), sectionComment, "PhoneRescue Workbench");
    }

    @Override
    public void write(long epochSecond, int nanos, int originalLength, LinkType linkType, byte[] data, int offset,
                      int length, String comment) throws IOException {
        if (linkType.code() < 0) {
            throw new IllegalArgumentException(linkType.displayName() + " records are not packets and are not written");
        }
        long seconds = epochSecond == CapturedPacket.NO_TIMESTAMP ? 0 : epochSecond;
        long tsOffset = seconds >= 0 && seconds <= MAX_NANOS_SECONDS ? 0 : seconds;
        int id = interfaceFor(new InterfaceKey(linkType, tsOffset));
        long ts = (seconds - tsOffset) * 1_000_000_000L + (epochSecond == CapturedPacket.NO_TIMESTAMP ? 0 : nanos);
        byte[] commentBytes = comment != null ? comment.getBytes(StandardCharsets.UTF_8) : null;
        int padded = (length + 3) & ~3;
        int optionsLength = commentBytes == null ? 0 : 4 + ((commentBytes.length + 3) & ~3) + 4;
        int total = 32 + padded + optionsLength;
        LE.put32(head, 0, PcapngReader.EPB);
        LE.put32(head, 4, total);
        LE.put32(head, 8, id);
        LE.put32(head, 12, (int) (ts >>> 32));
        LE.put32(head, 16, (int) ts);
        LE.put32(head, 20, length);
        LE.put32(head, 24, originalLength);
        out.write(head, 0, 28);
        out.write(data, offset, length);
        out.write(ZEROS, 0, padded - length);
        if (commentBytes != null) {
            ByteArrayOutputStream options = new ByteArrayOutputStream(optionsLength);
            option(options, PcapngReader.OPT_COMMENT, commentBytes);
            endOfOptions(options);
            options.writeTo(out);
        }
        byte[] trailer = new byte[4];
        LE.put32(trailer, 0, total);
        out.write(trailer);
        packets++;
    }

    private int interfaceFor(InterfaceKey key) throws IOException {
        Integer id = interfaces.get(key);
        if (id != null) {
            return id;
        }
        ByteArrayOutputStream options = new ByteArrayOutputStream();
        option(options, IF_TSRESOL, new byte[] {9});
        if (key.tsOffset() != 0) {
            byte[] v = new byte[8];
            LE.put64(v, 0, key.tsOffset());
            option(options, IF_TSOFFSET, v);
        }
        endOfOptions(options);
        byte[] body = new byte[8];
        LE.put16(body, 0, key.linkType().code());
        LE.put32(body, 4, 0); // snaplen 0: no limit (§4.2)
        block(PcapngReader.IDB, body, options.toByteArray());
        id = interfaces.size();
        interfaces.put(key, id);
        return id;
    }

    private void block(int type, byte[] body, byte[] options) throws IOException {
        int total = 12 + body.length + options.length;
        byte[] h = new byte[8];
        LE.put32(h, 0, type);
        LE.put32(h, 4, total);
        out.write(h);
        out.write(body);
        out.write(options);
        out.write(h, 4, 4);
    }

    private static final byte[] ZEROS = new byte[4];

    private static void option(ByteArrayOutputStream o, int code, byte[] value) {
        if (value.length > 0xFFFF) {
            throw new IllegalArgumentException("option value of " + value.length + " bytes exceeds 65535");
        }
        byte[] h = new byte[4];
        LE.put16(h, 0, code);
        LE.put16(h, 2, value.length);
        o.writeBytes(h);
        o.writeBytes(value);
        o.write(ZEROS, 0, ((value.length + 3) & ~3) - value.length);
    }

    private static void endOfOptions(ByteArrayOutputStream o) {
        o.writeBytes(new byte[4]);
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
