package org.phonerescue.servers.tftp;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * Where the DATA of an upload goes, in order. In netascii mode (RFC 1350 §5, Telnet NVT) CR LF
 * becomes LF and CR NUL becomes CR; a CR at the end of a block waits for the next one.
 */
final class BlockSink {

    private final FileChannel file;
    private final boolean netascii;
    private boolean pendingCr;
    private long written;

    BlockSink(FileChannel file, boolean netascii) {
        this.file = file;
        this.netascii = netascii;
    }

    void write(byte[] b, int offset, int length) throws IOException {
        if (!netascii) {
            writeFully(ByteBuffer.wrap(b, offset, length));
            return;
        }
        byte[] out = new byte[length + 1];
        int n = 0;
        for (int i = offset; i < offset + length; i++) {
            byte c = b[i];
            if (pendingCr) {
                pendingCr = false;
                if (c == '\n') {
                    out[n++] = '\n';
                    continue;
                }
                out[n++] = '\r';
                if (c == 0) {
                    continue;
                }
            }
            if (c == '\r') {
                pendingCr = true;
            } else {
                out[n++] = c;
            }
        }
        writeFully(ByteBuffer.wrap(out, 0, n));
    }

    /** Writes what is still held back (a final lone CR). */
    void finish() throws IOException {
        if (pendingCr) {
            pendingCr = false;
            writeFully(ByteBuffer.wrap(new byte[] {'\r'}));
        }
        file.force(false);
    }

    private void writeFully(ByteBuffer buf) throws IOException {
        while (buf.hasRemaining()) {
            written += file.write(buf);
        }
    }

    long written() {
        return written;
    }

    void close() throws IOException {
        file.close();
    }
}
