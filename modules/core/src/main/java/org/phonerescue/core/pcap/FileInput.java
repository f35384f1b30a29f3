package org.phonerescue.core.pcap;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A read window over a file: the readers ask for the next {@code n} bytes and get them in one
 * array, refilled by positional reads. Memory stays at the largest record seen (at least 1 MiB),
 * whatever the file's size; it never grows beyond what the file still holds.
 */
final class FileInput implements Closeable {

    private static final int DEFAULT_CAPACITY = 1 << 20;

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

    FileInput(Path file) throws IOException {
        this.channel = FileChannel.open(file, StandardOpenOption.READ);
        this.knownSize = channel.size();
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
        if (lim - pos >= n) {
            return true;
        }
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
            int read = channel.read(ByteBuffer.wrap(buf, lim, buf.length - lim), bufStart + lim);
            if (read < 0) {
                break;
            }
            lim += read;
        }
        return lim >= n;
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
        channel.close();
    }
}
