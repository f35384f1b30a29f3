package org.phonerescue.core.pcap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.phonerescue.core.testing.SharedCaptures;

/**
 * Bad input gets one clear error, or a warning with the byte offset while every good packet
 * before it is kept. Damage is made by cutting and overwriting real captures at known places.
 */
class DamagedCaptureTest {

    @TempDir
    Path dir;

    /** A real pcap (99 packets) and a real pcapng (EPBs, comments) and the offsets of their records. */
    private byte[] pcap;
    private long[] pcapOffsets;
    private byte[] pcapng;
    private long[] pcapngOffsets;

    @BeforeEach
    void load() throws IOException {
        Path p = SharedCaptures.dir().resolve("tftp/spicy-tftp_tftp_rrq.pcap");
        pcap = Files.readAllBytes(p);
        pcapOffsets = offsets(p);
        assertEquals(99, pcapOffsets.length);
        Path ng = SharedCaptures.dir().resolve("pcapng/ppp_pcapng-example.pcapng");
        pcapng = Files.readAllBytes(ng);
        pcapngOffsets = offsets(ng);
        assertEquals(159, pcapngOffsets.length);
    }

    @Test
    void aFileThatIsNotACaptureIsRefusedWithOneClearMessage() throws IOException {
        CaptureFormatException e = assertThrows(CaptureFormatException.class,
                () -> CaptureReader.open(write("notes.txt", "phone loops in S.O.S.\n".getBytes(StandardCharsets.UTF_8))));
        assertTrue(e.getMessage().startsWith("not a pcap or pcapng capture file"), e.getMessage());
        assertTrue(assertThrows(CaptureFormatException.class, () -> CaptureReader.open(write("empty.pcap", new byte[0])))
                .getMessage().contains("empty"));
        assertTrue(assertThrows(CaptureFormatException.class, () -> CaptureReader.open(write("short.pcap", new byte[] {(byte) 0xd4, (byte) 0xc3})))
                .getMessage().contains("too short"));
        assertTrue(assertThrows(CaptureFormatException.class, () -> CaptureReader.open(write("gz.pcap.gz", new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0})))
                .getMessage().contains("gzip"));
        assertTrue(assertThrows(CaptureFormatException.class, () -> CaptureReader.open(dir)).getMessage().contains("directory"));
        assertThrows(java.nio.file.NoSuchFileException.class, () -> CaptureReader.open(dir.resolve("missing.pcap")));
        assertTrue(assertThrows(CaptureFormatException.class, () -> CaptureReader.open(write("hdr.pcap", Arrays.copyOf(pcap, 20))))
                .getMessage().contains("truncated"));
    }

    @Test
    void aTruncatedLastRecordKeepsEveryPacketBeforeIt() throws IOException {
        Outcome o = read(write("cut.pcap", Arrays.copyOf(pcap, pcap.length - 5)));
        assertEquals(98, o.packets);
        assertFatalAt(o, pcapOffsets[98], "truncated record");

        Outcome inHeader = read(write("cut-header.pcap", Arrays.copyOf(pcap, (int) pcapOffsets[98] + 7)));
        assertEquals(98, inHeader.packets);
        assertFatalAt(inHeader, pcapOffsets[98], "truncated record header");
    }

    @Test
    void aRecordLongerThanTheFileOrThan256MiBStopsThereWithoutAllocatingIt() throws IOException {
        byte[] longer = pcap.clone();
        putLe32(longer, (int) pcapOffsets[2] + 8, 100_000);
        Outcome o = read(write("longer.pcap", longer));
        assertEquals(2, o.packets);
        assertFatalAt(o, pcapOffsets[2], "file holds only");

        byte[] huge = pcap.clone();
        putLe32(huge, (int) pcapOffsets[2] + 8, 0x7FFFFFF0);
        Outcome h = read(write("huge.pcap", huge));
        assertEquals(2, h.packets);
        assertFatalAt(h, pcapOffsets[2], "256 MiB");
    }

    @Test
    void pcapngBlockLengthsThatAreNotMultiplesOfFourOrZeroStopTheReading() throws IOException {
        int third = (int) pcapngOffsets[2];
        for (int bad : new int[] {0, 4, 13, 0x7FFFFFFC, 0xFFFFFFFC}) {
            byte[] b = pcapng.clone();
            putLe32(b, third + 4, bad);
            Outcome o = read(write("len-" + Integer.toHexString(bad) + ".pcapng", b));
            assertEquals(2, o.packets, "block length " + bad);
            assertFatalAt(o, third, "block length");
        }
        byte[] trailer = pcapng.clone();
        int total = le32(trailer, third + 4);
        putLe32(trailer, third + total - 4, total + 4);
        Outcome t = read(write("trailer.pcapng", trailer));
        assertEquals(2, t.packets);
        assertFatalAt(t, third, "trailing length");
    }

    @Test
    void aSectionHeaderLongerThanTheFileIsRefusedWithoutReadingPastTheEnd() throws IOException {
        byte[] b = pcapng.clone();
        putLe32(b, 4, 8 << 20); // 8 MiB, a multiple of 4, in a 26 kB file
        CaptureFormatException e = assertThrows(CaptureFormatException.class,
                () -> CaptureReader.open(write("shb-long.pcapng", b)));
        assertTrue(e.getMessage().contains("truncated pcapng section header"), e.getMessage());
    }

    @Test
    void anEnhancedPacketLongerThanItsBlockStopsTheReading() throws IOException {
        int third = (int) pcapngOffsets[2];
        byte[] b = pcapng.clone();
        putLe32(b, third + 20, 5000);
        Outcome o = read(write("epb-caplen.pcapng", b));
        assertEquals(2, o.packets);
        assertFatalAt(o, third, "captured bytes");
    }

    @Test
    void aPacketOnAnUndescribedInterfaceIsKeptWithAWarning() throws IOException {
        int third = (int) pcapngOffsets[2];
        byte[] b = pcapng.clone();
        putLe32(b, third + 8, 7);
        Outcome o = read(write("iface.pcapng", b));
        assertEquals(159, o.packets);
        assertFalse(o.warnings.stream().anyMatch(CaptureWarning::fatal));
        CaptureWarning w = o.warnings.get(0);
        assertEquals(third, w.fileOffset());
        assertEquals(3, w.packetNumber());
        assertTrue(w.message().contains("interface 7"), w.message());
    }

    @Test
    void aSectionHeaderOptionThatRunsPastItsBlockIsRefused() throws IOException {
        // The section header of ppp_pcapng-example.pcapng starts its options at byte 24.
        byte[] b = pcapng.clone();
        b[26] = (byte) 0xF0;
        CaptureFormatException e = assertThrows(CaptureFormatException.class,
                () -> CaptureReader.open(write("shb-option.pcapng", b)));
        assertTrue(e.getMessage().contains("runs past the end of its block"), e.getMessage());

        // libpcap's own test file: its overlong option also breaks the block's trailing length.
        Path libpcap = SharedCaptures.dir().resolve("malformed/libpcap_shb-option-too-long.pcapng");
        assertTrue(assertThrows(CaptureFormatException.class, () -> CaptureReader.open(libpcap))
                .getMessage().contains("section header"));
    }

    @Test
    void aThousandWarningsAreListedThenOneSaysTheRestAreNot() throws IOException {
        // 1500 empty records whose microsecond field is out of range: one warning each.
        byte[] b = Arrays.copyOf(pcap, 24 + 16 * 1500);
        Arrays.fill(b, 24, b.length, (byte) 0);
        for (int i = 0; i < 1500; i++) {
            putLe32(b, 24 + 16 * i + 4, 2_000_000);
        }
        Outcome o = read(write("many-warnings.pcap", b));
        assertEquals(1500, o.packets);
        assertEquals(1001, o.warnings.size());
        assertTrue(o.warnings.get(999).message().contains("timestamp fraction"), o.warnings.get(999).toString());
        assertTrue(o.warnings.get(1000).message().startsWith("more than 1000 warnings"), o.warnings.get(1000).toString());
    }

    @Test
    void aFileOfZeroRecordsAfterTheHeaderEndsWithoutHanging() throws IOException {
        byte[] zeros = Arrays.copyOf(pcap, 24 + 16 * 200_000);
        Arrays.fill(zeros, 24, zeros.length, (byte) 0);
        Outcome o = read(write("zeros.pcap", zeros));
        assertEquals(200_000, o.packets);
        assertTrue(o.warnings.isEmpty());
    }

    /**
     * Seeded random damage to real captures: flipped bytes, overwritten length fields, cut tails.
     * Whatever the damage, reading ends quickly with packets and warnings, never another exception.
     */
    @Test
    void randomDamageNeverThrowsNorHangs() throws IOException {
        Random random = new Random(0x5A17);
        List<byte[]> seeds = new ArrayList<>();
        seeds.add(pcap);
        seeds.add(pcapng);
        seeds.add(Files.readAllBytes(SharedCaptures.dir().resolve("pcapng/hadrielk_be_test016.pcapng")));
        seeds.add(Files.readAllBytes(SharedCaptures.dir().resolve("pcapng/hadrielk_le_test202.pcapng")));
        Path file = dir.resolve("fuzz.bin");
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            for (int round = 0; round < 2000; round++) {
                byte[] b = seeds.get(round % seeds.size()).clone();
                int edits = 1 + random.nextInt(8);
                for (int e = 0; e < edits; e++) {
                    int at = random.nextInt(b.length);
                    switch (random.nextInt(4)) {
                        case 0 -> b[at] ^= (byte) (1 << random.nextInt(8));
                        case 1 -> b[at] = (byte) random.nextInt(256);
                        case 2 -> {
                            if (at + 4 <= b.length) {
                                putLe32(b, at & ~3, random.nextBoolean() ? random.nextInt() : random.nextInt(4096));
                            }
                        }
                        default -> b = Arrays.copyOf(b, Math.max(1, at));
                    }
                }
                Files.write(file, b);
                try (CaptureReader reader = CaptureReader.open(file)) {
                    while (reader.next() != null) {
                        // read everything
                    }
                    reader.warnings();
                } catch (CaptureFormatException refused) {
                    assertFalse(refused.getMessage().isBlank());
                }
                try (IndexedCapture indexed = IndexedCapture.open(file)) {
                    for (long n = indexed.size(); n >= 1; n--) {
                        indexed.packet(n);
                    }
                } catch (CaptureFormatException refused) {
                    // same refusal as above
                }
            }
        });
    }

    private record Outcome(int packets, List<CaptureWarning> warnings) {
    }

    private static Outcome read(Path file) throws IOException {
        int n = 0;
        try (CaptureReader reader = CaptureReader.open(file)) {
            while (reader.next() != null) {
                n++;
            }
            return new Outcome(n, reader.warnings());
        }
    }

    private static void assertFatalAt(Outcome o, long offset, String words) {
        CaptureWarning last = o.warnings.get(o.warnings.size() - 1);
        assertTrue(last.fatal(), last.toString());
        assertEquals(offset, last.fileOffset(), last.toString());
        assertTrue(last.message().contains(words), "'" + last.message() + "' should mention '" + words + "'");
    }

    private static long[] offsets(Path file) throws IOException {
        List<Long> offs = new ArrayList<>();
        try (CaptureReader reader = CaptureReader.open(file)) {
            while (reader.advance()) {
                offs.add(reader.recordOffset());
            }
        }
        return offs.stream().mapToLong(Long::longValue).toArray();
    }

    private Path write(String name, byte[] bytes) throws IOException {
        return Files.write(dir.resolve(name), bytes);
    }

    private static void putLe32(byte[] b, int at, int v) {
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(at, v);
    }

    private static int le32(byte[] b, int at) {
        return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).getInt(at);
    }
}
