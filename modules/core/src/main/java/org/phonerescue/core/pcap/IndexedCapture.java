package org.phonerescue.core.pcap;

import java.io.Closeable;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.channels.ClosedChannelException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A capture file with random access to packet N: one streaming pass records where each packet's
 * record starts (8 bytes per packet, plus a few bytes per pcapng section), then any packet is
 * read back on demand. Packet bytes are never held in memory, so a packet list can page through
 * files far larger than the heap.
 *
 * <p>Thread-safe: {@link #packet(long)} may be called from any thread.
 */
public final class IndexedCapture implements Closeable {

    private final Path file;
    private final CaptureFormat format;
    private final long[] offsets;
    private final int count;
    /** pcapng: packet index where each section starts, and the section. Empty for pcap. */
    private final long[] sectionStarts;
    private final List<PcapngReader.Section> sections;
    private final List<CaptureWarning> warnings;
    private final List<String> fileComments;
    private final AbstractCaptureReader random;
    private boolean closed;

    private IndexedCapture(Path file, AbstractCaptureReader scan, AbstractCaptureReader random,
                           ProgressListener progress) throws IOException {
        this.file = file;
        this.format = scan.format();
        this.random = random;
        long[] offs = new long[1024];
        int n = 0;
        List<Long> starts = new ArrayList<>();
        List<PcapngReader.Section> secs = new ArrayList<>();
        PcapngReader.Section last = null;
        while (scan.advance()) {
            if (n == Integer.MAX_VALUE - 8) {
                throw new IOException("more than " + n + " packets: too many to index");
            }
            if (n == offs.length) {
                offs = Arrays.copyOf(offs, (int) Math.min(Integer.MAX_VALUE - 8, offs.length + (long) (offs.length >> 1)));
            }
            offs[n] = scan.recordOffset();
            if (scan instanceof PcapngReader ng && ng.currentSection() != last) {
                last = ng.currentSection();
                starts.add((long) n);
                secs.add(last);
            }
            n++;
            if (progress != null && (n & 0x3FFF) == 0 && !progress.indexed(n, scan.recordOffset())) {
                throw new InterruptedIOException("indexing stopped after " + n + " packets");
            }
        }
        this.offsets = Arrays.copyOf(offs, n);
        this.count = n;
        this.sectionStarts = starts.stream().mapToLong(Long::longValue).toArray();
        this.sections = List.copyOf(secs);
        this.warnings = List.copyOf(scan.warnings());
        this.fileComments = List.copyOf(scan.fileComments());
    }

    /** Told how far indexing has got, every 16 384 packets; may stop it. */
    @FunctionalInterface
    public interface ProgressListener {
        /**
         * @return false to stop indexing: {@link #open(Path, ProgressListener)} then throws
         *         {@link InterruptedIOException}
         */
        boolean indexed(long packets, long fileOffset);
    }

    public static IndexedCapture open(Path file) throws IOException {
        return open(file, null);
    }

    /**
     * Indexes the file in one pass.
     *
     * @throws CaptureFormatException if the file is not a capture this product can read
     */
    public static IndexedCapture open(Path file, ProgressListener progress) throws IOException {
        try (CaptureReader scan = CaptureReader.open(file)) {
            CaptureReader random = CaptureReader.open(file);
            try {
                IndexedCapture indexed = new IndexedCapture(file, (AbstractCaptureReader) scan,
                        (AbstractCaptureReader) random, progress);
                random = null;
                return indexed;
            } finally {
                if (random != null) {
                    random.close();
                }
            }
        }
    }

    public Path file() {
        return file;
    }

    public CaptureFormat format() {
        return format;
    }

    /** Number of packets that could be read. */
    public long size() {
        return count;
    }

    /** What the indexing pass found wrong, in file order. */
    public List<CaptureWarning> warnings() {
        return warnings;
    }

    public List<String> fileComments() {
        return fileComments;
    }

    /** Memory the index itself takes, in bytes (the packet offsets and the section table). */
    public long indexBytes() {
        return 8L * offsets.length + 8L * sectionStarts.length;
    }

    /**
     * Reads packet {@code number} (1-based) from the file.
     *
     * @throws IndexOutOfBoundsException if there is no such packet
     * @throws IOException               if the file changed or cannot be read any more, or this is closed
     */
    public synchronized CapturedPacket packet(long number) throws IOException {
        if (closed) {
            throw new ClosedChannelException();
        }
        if (number < 1 || number > count) {
            throw new IndexOutOfBoundsException("packet " + number + " of " + count);
        }
        int i = (int) (number - 1);
        if (random instanceof PcapngReader ng) {
            int s = Arrays.binarySearch(sectionStarts, i);
            if (s < 0) {
                s = -s - 2;
            }
            ng.seekRecord(offsets[i], number, sections.get(s));
        } else {
            ((PcapReader) random).seekRecord(offsets[i], number);
        }
        CapturedPacket p = random.next();
        if (p == null) {
            throw new IOException("packet " + number + " can no longer be read at byte offset " + offsets[i]
                    + ": has the file changed?");
        }
        return p;
    }

    @Override
    public synchronized void close() throws IOException {
        closed = true;
        random.close();
    }
}
