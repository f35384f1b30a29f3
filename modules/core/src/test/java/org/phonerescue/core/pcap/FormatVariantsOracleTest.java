package org.phonerescue.core.pcap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.phonerescue.core.testing.SharedCaptures;
import org.phonerescue.core.testing.Tshark;

/**
 * Format variants the shared corpus lacks, built byte by byte from real packets and checked
 * against tshark reading the very same file: big-endian microsecond pcap, pcapng's obsolete
 * Packet Block, binary (2^-n) timestamp resolutions, if_tsoffset, and a big-endian section with
 * more interfaces than the corpus has.
 */
class FormatVariantsOracleTest {

    @TempDir
    Path dir;

    /** The 99 frames of a real TFTP transfer, with their timestamps. */
    private static List<CapturedPacket> frames() throws IOException {
        List<CapturedPacket> out = new ArrayList<>();
        try (CaptureReader r = CaptureReader.open(SharedCaptures.dir().resolve("tftp/spicy-tftp_tftp_rrq.pcap"))) {
            CapturedPacket p;
            while ((p = r.next()) != null) {
                out.add(p);
            }
        }
        return out;
    }

    @Test
    void bigEndianMicrosecondAndNanosecondPcap() throws Exception {
        List<CapturedPacket> frames = frames();
        for (boolean nanos : new boolean[] {false, true}) {
            ByteBuffer b = ByteBuffer.allocate(1 << 20).order(ByteOrder.BIG_ENDIAN);
            b.putInt(nanos ? 0xA1B23C4D : 0xA1B2C3D4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0)
                    .putInt(65535).putInt(1);
            for (CapturedPacket p : frames) {
                b.putInt((int) p.epochSecond()).putInt(nanos ? p.nanos() : p.nanos() / 1000)
                        .putInt(p.capturedLength()).putInt(p.originalLength()).put(p.data());
            }
            Path file = write(nanos ? "be-ns.pcap" : "be-us.pcap", b);
            assertSameAsTshark(file, 99);
        }
    }

    @Test
    void obsoletePacketBlocksBinaryResolutionsAndTimestampOffsets() throws Exception {
        List<CapturedPacket> frames = frames();
        for (ByteOrder order : new ByteOrder[] {ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN}) {
            Pcapng ng = new Pcapng(order);
            ng.sectionHeader("variants");
            ng.interfaceDescription(1, 0, null, null);                     // 0: default microseconds
            ng.interfaceDescription(1, 0, (byte) 0x94, null);              // 1: 2^-20 s
            ng.interfaceDescription(1, 0, (byte) 9, -3600L);               // 2: ns, one hour back
            ng.interfaceDescription(1, 96, (byte) 0x80, 1_000_000_000L);   // 3: whole seconds, +10^9 s, snaplen 96
            for (int i = 0; i < frames.size(); i++) {
                CapturedPacket p = frames.get(i);
                long micros = p.epochSecond() * 1_000_000L + p.nanos() / 1000;
                switch (i % 5) {
                    case 0 -> ng.enhancedPacket(0, micros, p);
                    case 1 -> ng.enhancedPacket(1, (p.epochSecond() << 20) + ((long) p.nanos() << 20) / 1_000_000_000L, p);
                    case 2 -> ng.enhancedPacket(2, (p.epochSecond() + 3600) * 1_000_000_000L + p.nanos(), p);
                    case 3 -> ng.enhancedPacket(3, p.epochSecond() - 1_000_000_000L, p);
                    default -> ng.obsoletePacket(i % 4, micros, p);
                }
            }
            Path file = write("variants-" + order + ".pcapng", ng.bytes());
            assertSameAsTshark(file, 99);
        }
    }

    private Path write(String name, ByteBuffer b) throws IOException {
        byte[] bytes = new byte[b.position()];
        b.flip().get(bytes);
        return Files.write(dir.resolve(name), bytes);
    }

    private Path write(String name, byte[] bytes) throws IOException {
        return Files.write(dir.resolve(name), bytes);
    }

    private static void assertSameAsTshark(Path file, int frames) throws Exception {
        List<String[]> rows = Tshark.fields(file, "frame.number", "frame.time_epoch", "frame.len", "frame.cap_len",
                "frame.interface_id");
        assertEquals(frames, rows.size(), file + ": tshark frames");
        List<String> bytes = Tshark.frameBytes(file);
        try (CaptureReader r = CaptureReader.open(file)) {
            for (String[] row : rows) {
                CapturedPacket p = r.next();
                String where = file.getFileName() + " frame " + row[0];
                assertEquals(row[1], p.epochText(), where + " time");
                assertEquals(row[2], String.valueOf(p.originalLength()), where + " len");
                assertEquals(row[3], String.valueOf(p.capturedLength()), where + " cap_len");
                if (!row[4].isEmpty()) {
                    assertEquals(row[4], String.valueOf(p.interfaceId()), where + " interface");
                }
                assertEquals(bytes.get((int) p.number() - 1), java.util.HexFormat.of().formatHex(p.data()), where + " bytes");
            }
            assertEquals(null, r.next());
            assertTrue(r.warnings().isEmpty(), r.warnings().toString());
        }
    }

    /** Lays out pcapng blocks field by field (draft-ietf-opsawg-pcapng §3–§4, Appendix A). */
    private static final class Pcapng {
        private final ByteOrder order;
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private final List<Integer> snaplens = new ArrayList<>();

        Pcapng(ByteOrder order) {
            this.order = order;
        }

        void sectionHeader(String comment) {
            ByteBuffer body = buffer(16 + option(comment.length()) + 4);
            body.putInt(0x1A2B3C4D).putShort((short) 1).putShort((short) 0).putLong(-1);
            putOption(body, 1, comment.getBytes(StandardCharsets.UTF_8));
            body.putInt(0);
            block(0x0A0D0D0A, body);
        }

        void interfaceDescription(int linkType, int snaplen, Byte tsresol, Long tsoffset) {
            ByteBuffer body = buffer(8 + 8 + 12 + 4);
            body.putShort((short) linkType).putShort((short) 0).putInt(snaplen);
            if (tsresol != null) {
                putOption(body, 9, new byte[] {tsresol});
            }
            if (tsoffset != null) {
                putOption(body, 14, buffer(8).putLong(tsoffset).array());
            }
            body.putInt(0);
            block(1, body);
            snaplens.add(snaplen);
        }

        void enhancedPacket(int iface, long ts, CapturedPacket p) {
            int cap = cut(iface, p);
            ByteBuffer body = buffer(20 + pad(cap));
            body.putInt(iface).putInt((int) (ts >>> 32)).putInt((int) ts).putInt(cap).putInt(p.originalLength())
                    .put(p.data(), 0, cap);
            block(6, body);
        }

        void obsoletePacket(int iface, long ts, CapturedPacket p) {
            int cap = cut(iface, p);
            ByteBuffer body = buffer(20 + pad(cap));
            body.putShort((short) iface).putShort((short) 0).putInt((int) (ts >>> 32)).putInt((int) ts).putInt(cap)
                    .putInt(p.originalLength()).put(p.data(), 0, cap);
            block(2, body);
        }

        byte[] bytes() {
            return out.toByteArray();
        }

        private int cut(int iface, CapturedPacket p) {
            int snaplen = snaplens.get(iface);
            return snaplen == 0 ? p.capturedLength() : Math.min(snaplen, p.capturedLength());
        }

        private ByteBuffer buffer(int size) {
            return ByteBuffer.allocate(size).order(order);
        }

        private void block(int type, ByteBuffer body) {
            int length = pad(body.position());
            int total = 12 + length;
            ByteBuffer b = buffer(total);
            b.putInt(type).putInt(total).put(body.array(), 0, length).putInt(total);
            out.writeBytes(b.array());
        }

        private static void putOption(ByteBuffer b, int code, byte[] value) {
            b.putShort((short) code).putShort((short) value.length).put(value);
            b.position(b.position() + pad(value.length) - value.length);
        }

        private static int option(int length) {
            return 4 + pad(length);
        }

        private static int pad(int n) {
            return (n + 3) & ~3;
        }
    }
}
