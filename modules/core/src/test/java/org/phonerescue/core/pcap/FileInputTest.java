package org.phonerescue.core.pcap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.phonerescue.core.testing.SharedCaptures;

/**
 * The read window gives the file's own bytes (the oracle: the file read whole) whether they come
 * through a mapping or positional reads, whatever the window size; and it survives what happens
 * to files on disk: growing while read, shrinking while mapped, being larger than an int can
 * count, being opened thousands of times.
 */
class FileInputTest {

    @TempDir
    Path dir;

    /** Positional reads only, windows smaller than a page, not page multiples, a MiB, the default. */
    private static final int[] WINDOWS = {0, 1000, 3 * 4096 + 17, 1 << 20, FileInput.DEFAULT_MAP_WINDOW};

    @Test
    void everyWindowGivesTheFilesBytesForSequentialAndRandomReads() throws IOException {
        byte[] content = new byte[3 * (1 << 20) + 12345];
        new Random(7).nextBytes(content);
        Path file = Files.write(dir.resolve("random.bin"), content);
        for (int window : WINDOWS) {
            try (FileInput in = new FileInput(file, window)) {
                // sequential, in record-like steps
                Random steps = new Random(window);
                long at = 0;
                while (at < content.length) {
                    int n = 1 + steps.nextInt(3000);
                    boolean ok = in.require(n);
                    assertEquals(at + n <= content.length, ok, "window " + window + " at " + at);
                    int got = Math.min(n, content.length - (int) at);
                    assertSame(content, (int) at, in, got, "window " + window);
                    in.skip(got);
                    at += got;
                }
                assertFalse(in.require(1));
                assertEquals(0, in.available());
            }
            try (FileInput in = new FileInput(file, window)) {
                // random access, as the packet list does, some wanting more than the 1 MiB buffer
                Random jumps = new Random(31 + window);
                for (int i = 0; i < 300; i++) {
                    int offset = jumps.nextInt(content.length);
                    int n = i % 50 == 0 ? (1 << 20) + jumps.nextInt(1 << 20) : 1 + jumps.nextInt(70_000);
                    in.seek(offset);
                    assertEquals(offset + (long) n <= content.length, in.require(n));
                    assertEquals(offset, in.position());
                    assertSame(content, offset, in, Math.min(n, content.length - offset), "window " + window);
                }
            }
        }
    }

    @Test
    void aFileThatGrowsWhileReadIsReadToItsNewEnd() throws IOException {
        byte[] content = new byte[5 * (1 << 20) / 2];
        new Random(11).nextBytes(content);
        int first = 1_500_000;
        for (int window : WINDOWS) {
            Path file = Files.write(dir.resolve("growing-" + window + ".bin"), Arrays.copyOf(content, first));
            try (FileInput in = new FileInput(file, window)) {
                assertTrue(in.require(first));
                in.skip(first);
                assertFalse(in.require(1));
                Files.write(file, Arrays.copyOfRange(content, first, content.length), StandardOpenOption.APPEND);
                assertTrue(in.hasRemaining(content.length - first));
                assertTrue(in.require(content.length - first), "window " + window);
                assertSame(content, first, in, content.length - first, "window " + window);
            }
        }
    }

    /**
     * A capture cut short while the reader has it mapped, part-way through a window: touching the
     * mapped pages past the new end would raise SIGBUS (an InternalError in Java). The reader must
     * instead keep every packet before the cut, each with its right bytes, and end with a warning.
     */
    @Test
    void aCaptureTruncatedWhileMappedEndsWithAWarningAndItsPacketsIntact() throws IOException {
        Path original = SharedCaptures.dir().resolve("tftp/spicy-tftp_tftp_rrq.pcap");
        List<CapturedPacket> packets;
        try (CaptureReader reader = CaptureReader.open(original)) {
            packets = new ArrayList<>();
            for (CapturedPacket p; (p = reader.next()) != null; ) {
                packets.add(p);
            }
        }
        byte[] bytes = Files.readAllBytes(original);
        byte[] records = Arrays.copyOfRange(bytes, 24, bytes.length);
        int copies = (6 << 20) / records.length + 1;
        byte[] big = new byte[24 + copies * records.length];
        System.arraycopy(bytes, 0, big, 0, 24);
        for (int c = 0; c < copies; c++) {
            System.arraycopy(records, 0, big, 24 + c * records.length, records.length);
        }
        long cut = (4L << 20) + 1000; // inside the mapped window, not on a page boundary
        // the packets wholly before the cut, and where the first cut one starts
        int whole = 0;
        long firstCut = 24;
        for (long at = 24; ; whole++) {
            long end = at + 16 + packets.get(whole % packets.size()).data().length;
            if (end > cut) {
                firstCut = at;
                break;
            }
            at = end;
        }

        for (int round = 0; round < 3; round++) {
            Path file = Files.write(dir.resolve("cut-" + round + ".pcap"), big);
            int read = 0;
            boolean truncated = false;
            try (CaptureReader reader = CaptureReader.open(file)) {
                for (CapturedPacket p; (p = reader.next()) != null; ) {
                    CapturedPacket expected = packets.get(read % packets.size());
                    assertArrayEquals(expected.data(), p.data(), "packet " + p.number());
                    assertEquals(expected.epochSecond(), p.epochSecond());
                    read++;
                    if (!truncated && p.fileOffset() > (3 << 20) / 2) {
                        truncated = true;
                        try (FileChannel other = FileChannel.open(file, StandardOpenOption.WRITE)) {
                            other.truncate(cut);
                        }
                    }
                }
                assertEquals(whole, read);
                CaptureWarning last = reader.warnings().get(reader.warnings().size() - 1);
                assertTrue(last.fatal(), last.toString());
                assertEquals(firstCut, last.fileOffset());
                assertTrue(last.message().contains("truncated record"), last.message());
            }
        }
    }

    @Test
    void bytesPastTheEndOfAShrunkFileAreMissingNotGarbage() throws IOException {
        byte[] content = new byte[3 << 20];
        new Random(3).nextBytes(content);
        Path file = Files.write(dir.resolve("shrinks.bin"), content);
        try (FileInput in = new FileInput(file)) {
            assertTrue(in.require(100));
            try (FileChannel other = FileChannel.open(file, StandardOpenOption.WRITE)) {
                other.truncate((2 << 20) + 77);
            }
            in.seek((2 << 20) - 50);
            assertFalse(in.require(1000));
            assertEquals(127, in.available());
            assertSame(content, (2 << 20) - 50, in, 127, "after the cut");
            assertEquals(127, in.remaining());
        }
    }

    /** Offsets past 2 GiB and 4 GiB, where an int would overflow, in a sparse file of 5 GiB. */
    @Test
    void offsetsBeyondTheRangeOfAnIntAreRead() throws IOException {
        Path file = dir.resolve("sparse.bin");
        long size = (5L << 30) + 100;
        long[] marks = {(1L << 31) - 3, (1L << 32) - 5, size - 8};
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(size);
            for (long m : marks) {
                raf.seek(m);
                raf.writeLong(m);
            }
        }
        for (int window : new int[] {0, FileInput.DEFAULT_MAP_WINDOW}) {
            try (FileInput in = new FileInput(file, window)) {
                for (long m : marks) {
                    in.seek(m);
                    assertTrue(in.require(8));
                    assertEquals(m, ByteBuffer.wrap(in.array(), in.index(), 8).getLong(), "window " + window);
                    assertEquals(m, in.position());
                }
                assertFalse(in.require(9));
                // read across the 2 GiB boundary as a stream does, in 1 MiB refills
                in.seek((1L << 31) - (3 << 20));
                for (long at = in.position(); at < (1L << 31) + (2 << 20); at += 4096) {
                    assertTrue(in.require(4096 + 8));
                    if (at <= marks[0] && marks[0] < at + 4096) {
                        assertEquals(marks[0], ByteBuffer.wrap(in.array(), in.index() + (int) (marks[0] - at), 8).getLong());
                    }
                    in.skip(4096);
                }
            }
        }
    }

    /**
     * Each input keeps at most one mapping and gives it back on close, without waiting for the
     * collector: thousands of files opened one after another, or one read all over, leave none.
     */
    @Test
    void mappingsAreReleasedOnCloseAndWhenTheWindowMoves() throws IOException {
        Path maps = Path.of("/proc/self/maps");
        assertTrue(Files.isReadable(maps), "needs Linux /proc to count the live mappings");
        byte[] content = new byte[(3 << 20) + 5];
        new Random(5).nextBytes(content);
        Path file = Files.write(dir.resolve("often.bin"), content).toRealPath();
        for (int i = 0; i < 2000; i++) {
            try (FileInput in = new FileInput(file)) {
                assertTrue(in.require(16));
            }
        }
        assertEquals(0, mappingsOf(file));

        try (FileInput in = new FileInput(file, 1 << 20)) {
            Random jumps = new Random(9);
            for (int i = 0; i < 500; i++) {
                in.seek(jumps.nextInt(content.length - 16));
                assertTrue(in.require(16));
                assertTrue(mappingsOf(file) <= 1);
            }
        }
        assertEquals(0, mappingsOf(file));

        for (int i = 0; i < 200; i++) {
            try (IndexedCapture capture = IndexedCapture.open(SharedCaptures.dir().resolve("tftp/spicy-tftp_tftp_rrq.pcap"))) {
                capture.packet(50);
            }
        }
        assertEquals(0, mappingsOf(SharedCaptures.dir().resolve("tftp/spicy-tftp_tftp_rrq.pcap").toRealPath()));
    }

    @Test
    void aClosedInputRefusesToRead() throws IOException {
        Path file = Files.write(dir.resolve("closed.bin"), new byte[100]);
        FileInput in = new FileInput(file);
        in.close();
        assertThrows(ClosedChannelException.class, () -> in.require(10));
    }

    private static long mappingsOf(Path file) throws IOException {
        String name = " " + file;
        return Files.readAllLines(Path.of("/proc/self/maps")).stream().filter(l -> l.endsWith(name)).count();
    }

    private static void assertSame(byte[] content, int offset, FileInput in, int n, String what) {
        assertTrue(in.available() >= n, what + ": " + in.available() + " available, " + n + " expected");
        assertTrue(Arrays.equals(content, offset, offset + n, in.array(), in.index(), in.index() + n),
                what + ": bytes at offset " + offset + " differ from the file's");
    }
}
