package org.phonerescue.servers.tftp;

import io.netty.buffer.ByteBuf;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;

/**
 * Netascii-mode blocks (RFC 1350 §5 and its reference to the Telnet NVT, RFC 764): every LF in
 * the file goes out as CR LF and every bare CR as CR NUL. The converted length is not known in
 * advance, so blocks are produced in order and the unacknowledged ones (at most one window) are
 * kept for retransmission.
 */
final class NetasciiBlocks implements BlockSource {

    private final InputStream in;
    private final int blockSize;
    private final ArrayDeque<byte[]> kept = new ArrayDeque<>();
    /** Absolute number of the first block in {@link #kept}. */
    private long firstKept = 1;
    /** The second byte of a CR LF or CR NUL pair that did not fit in the previous block, or -1. */
    private int pending = -1;
    private boolean ended;

    NetasciiBlocks(InputStream in, int blockSize) {
        this.in = in;
        this.blockSize = blockSize;
    }

    @Override
    public int write(long block, ByteBuf out) throws IOException {
        while (firstKept + kept.size() <= block) {
            if (ended) {
                throw new IOException("block " + block + " is past the end");
            }
            kept.addLast(produce());
        }
        int index = (int) (block - firstKept);
        if (index < 0) {
            throw new IOException("block " + block + " was acknowledged already");
        }
        int i = 0;
        for (byte[] b : kept) {
            if (i++ == index) {
                out.writeBytes(b);
                return b.length;
            }
        }
        throw new IllegalStateException();
    }

    private byte[] produce() throws IOException {
        byte[] buf = new byte[blockSize];
        int n = 0;
        while (n < blockSize) {
            if (pending >= 0) {
                buf[n++] = (byte) pending;
                pending = -1;
                continue;
            }
            int c = in.read();
            if (c < 0) {
                ended = true;
                break;
            }
            if (c == '\n') {
                buf[n++] = '\r';
                pending = '\n';
            } else if (c == '\r') {
                buf[n++] = '\r';
                pending = 0;
            } else {
                buf[n++] = (byte) c;
            }
        }
        if (n < blockSize) {
            ended = true;
            return java.util.Arrays.copyOf(buf, n);
        }
        return buf;
    }

    @Override
    public void acknowledged(long block) {
        while (!kept.isEmpty() && firstKept <= block) {
            kept.removeFirst();
            firstKept++;
        }
        if (kept.isEmpty() && firstKept <= block) {
            firstKept = block + 1;
        }
    }

    @Override
    public long size() {
        return -1;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
