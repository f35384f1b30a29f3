package org.phonerescue.core.pcap;

import java.io.Closeable;
import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Field;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A read window over a file: the readers ask for the next {@code n} bytes and get them in one
 * array. Memory stays at the largest record seen (at least 1 MiB), whatever the file's size; it
 * never grows beyond what the file still holds.
 *
 * <p>The array is refilled from a read-only mapping of the file, one window of at most
 * {@value #DEFAULT_MAP_WINDOW} bytes mapped at a time and moved as the read position moves: one
 * copy from the page cache into the array. A positional read into a heap array costs two (the
 * JDK reads into a temporary native buffer, then copies that into the array) and a system call
 * per refill. Where the file cannot be mapped, or for the bytes past the size the file had when
 * asked, refills fall back to positional reads, as for a capture that is still being written.
 *
 * <p>A file that shrinks while mapped: touching a mapped page past the new end raises SIGBUS,
 * which the JVM turns into an {@link InternalError} that compiled code may even throw later and
 * elsewhere. So every copy from the mapping is preceded by asking the file its size (one system
 * call per refill, about one per MiB) and copies only what lies inside it; bytes past the new end
 * are then simply missing, as with a read, and the readers report a truncated record. Only a
 * truncation in the microseconds between that question and the copy can still fault; the
 * {@code InternalError} is then reported as an {@link IOException} when the copy throws it, or
 * as a fatal warning when it surfaces while a reader reads a record.
 *
 * <p>A mapping lives until the window moves or the input is closed, and is then unmapped at once
 * rather than when the collector finds its buffer: one live mapping per open input, however many
 * files are opened one after another or however often the packet list jumps around one.
 */
final class FileInput implements Closeable {

    private static final int DEFAULT_CAPACITY = 1 << 20;

    /**
     * Bytes mapped at a time. Mapping is lazy (pages are touched as they are copied), so the size
     * costs address space only; 64 MiB keeps a 1.1 GB capture to 17 mappings and any file under
     * the 2 GiB a single mapping may span.
     */
    static final int DEFAULT_MAP_WINDOW = 64 << 20;

    /** Windows start at multiples of this, so that reads around one place reuse one window. */
    private static final long MAP_ALIGNMENT = 1 << 20;

    /** {@code sun.misc.Unsafe.invokeCleaner}, bound; null where the JDK does not offer it. */
    private static final MethodHandle UNMAP = unmapper();

    private final FileChannel channel;
    private byte[] buf = new byte[DEFAULT_CAPACITY];
    /** File offset of buf[0]. */
    private long bufStart;
    /** Next unread byte in buf. */
    private int pos;
    /** End of valid bytes in buf. */
    private int lim;

    /**
     * The file's size when last asked. Asking on every record costs a system call per packet (a
     * third of a scan's time on millions of small packets), so it is asked again only when a
     * record seems to run past it: a capture that is still being written keeps being read.
     */
    private long knownSize;

    /** Largest mapping made; 0 when the file is read without mapping. */
    private final int mapWindow;
    /** Whether mapping is still tried: false after it failed once on this file. */
    private boolean mapping;
    private MappedByteBuffer map;
    /** File offset of map's first byte. */
    private long mapStart;
    private boolean closed;

    FileInput(Path file) throws IOException {
        this(file, DEFAULT_MAP_WINDOW);
    }

    /** {@code mapWindow} 0 reads by positional reads only. */
    FileInput(Path file, int mapWindow) throws IOException {
        this.channel = FileChannel.open(file, StandardOpenOption.READ);
        this.knownSize = channel.size();
        this.mapWindow = mapWindow;
        this.mapping = mapWindow > 0;
    }

    byte[] array() {
        return buf;
    }

    /** Index in {@link #array()} of the next unread byte. */
    int index() {
        return pos;
    }

    /** File offset of the next unread byte. */
    long position() {
        return bufStart + pos;
    }

    /**
     * Whether the file holds at least {@code n} more bytes after the read position. Cheap while
     * the answer is yes; asks the file system again before saying no.
     */
    boolean hasRemaining(long n) throws IOException {
        if (knownSize - position() >= n) {
            return true;
        }
        knownSize = channel.size();
        return knownSize - position() >= n;
    }

    /** Bytes left in the file after the read position, as the file system says now. */
    long remaining() throws IOException {
        knownSize = channel.size();
        return Math.max(0, knownSize - position());
    }

    /**
     * Makes {@code n} bytes from the read position available at {@link #index()}.
     *
     * @return false when the file ends first (the bytes that are there stay available)
     */
    boolean require(int n) throws IOException {
        // the common case, small enough for the compiler to inline into every record read
        return lim - pos >= n || refill(n);
    }

    private boolean refill(int n) throws IOException {
        int want = n;
        if (n > buf.length && !hasRemaining(n)) {
            // Do not grow for a record the file cannot hold: a hostile length must not cost memory.
            want = (int) Math.min(n, remaining());
        }
        if (want > buf.length) {
            byte[] bigger = new byte[want];
            System.arraycopy(buf, pos, bigger, 0, lim - pos);
            buf = bigger;
        } else {
            System.arraycopy(buf, pos, buf, 0, lim - pos);
        }
        bufStart += pos;
        lim -= pos;
        pos = 0;
        while (lim < want) {
            int copied = copyMapped(bufStart + lim, lim, buf.length - lim);
            if (copied > 0) {
                lim += copied;
                continue;
            }
            int read = channel.read(ByteBuffer.wrap(buf, lim, buf.length - lim), bufStart + lim);
            if (read < 0) {
                break;
            }
            lim += read;
        }
        return lim >= n;
    }

    /**
     * Copies up to {@code len} bytes from file offset {@code from} into {@code buf[at...]} through
     * the mapping, moving it if needed; only bytes inside the file's present size are touched.
     *
     * @return bytes copied; 0 when the mapping cannot serve them (past the end, or not mappable)
     */
    private synchronized int copyMapped(long from, int at, int len) throws IOException {
        if (closed) {
            throw new ClosedChannelException();
        }
        if (!mapping) {
            return 0;
        }
        long size = channel.size();
        knownSize = size;
        if (from >= size) {
            return 0;
        }
        if (map == null || from < mapStart || from >= mapStart + map.limit()) {
            unmap();
            long start = from - from % Math.min(MAP_ALIGNMENT, mapWindow);
            try {
                map = channel.map(FileChannel.MapMode.READ_ONLY, start, Math.min(mapWindow, size - start));
            } catch (IOException | UnsupportedOperationException e) {
                // A file system that cannot map (or a special file): read it instead.
                mapping = false;
                return 0;
            }
            mapStart = start;
        }
        int n = (int) Math.min(len, Math.min(size, mapStart + map.limit()) - from);
        try {
            map.get((int) (from - mapStart), buf, at, n);
        } catch (InternalError e) {
            throw new IOException("the file shrank while it was being read, at byte offset " + from, e);
        }
        return n;
    }

    /** Whether refills come from a mapping of the file (rather than positional reads only). */
    boolean mapsFile() {
        return mapping;
    }

    /** Bytes available at {@link #index()} without another read. */
    int available() {
        return lim - pos;
    }

    void skip(long n) {
        if (n <= lim - pos) {
            pos += (int) n;
        } else {
            seek(position() + n);
        }
    }

    void seek(long fileOffset) {
        if (fileOffset >= bufStart && fileOffset <= bufStart + lim) {
            pos = (int) (fileOffset - bufStart);
        } else {
            bufStart = fileOffset;
            pos = 0;
            lim = 0;
        }
    }

    @Override
    public void close() throws IOException {
        synchronized (this) {
            closed = true;
            unmap();
        }
        channel.close();
    }

    private void unmap() {
        MappedByteBuffer old = map;
        map = null;
        if (old != null && UNMAP != null) {
            try {
                UNMAP.invokeExact((ByteBuffer) old);
            } catch (Throwable e) {
                // Left to the collector, as without the JDK's unmapper.
            }
        }
    }

    private static MethodHandle unmapper() {
        try {
            Class<?> unsafe = Class.forName("sun.misc.Unsafe");
            Field the = unsafe.getDeclaredField("theUnsafe");
            the.setAccessible(true);
            return MethodHandles.lookup()
                    .findVirtual(unsafe, "invokeCleaner", MethodType.methodType(void.class, ByteBuffer.class))
                    .bindTo(the.get(null));
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }
}
