package org.phonerescue.cli;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Lines of text written as UTF-8 through one large reused byte buffer: for commands that print a
 * line per packet of a capture with millions, where a Writer's per-call encoding is a large share
 * of the time. Not thread-safe.
 */
final class Utf8Lines {

    private final OutputStream out;
    private final byte[] buf;
    private int n;
    private char[] chars = new char[512];

    Utf8Lines(OutputStream out, int bufferBytes) {
        this.out = out;
        this.buf = new byte[Math.max(bufferBytes, 16)];
    }

    /** Appends the text (a whole line, its newline included) to the output. */
    void write(CharSequence text) throws IOException {
        int len = text.length();
        if (chars.length < len) {
            chars = new char[Math.max(len, chars.length * 2)];
        }
        char[] c = chars;
        if (text instanceof StringBuilder sb) {
            sb.getChars(0, len, c, 0);
        } else {
            for (int i = 0; i < len; i++) {
                c[i] = text.charAt(i);
            }
        }
        byte[] b = buf;
        int limit = b.length - 4;
        for (int i = 0; i < len; i++) {
            if (n > limit) {
                drain();
            }
            char ch = c[i];
            if (ch < 0x80) {
                b[n++] = (byte) ch;
            } else if (ch < 0x800) {
                b[n++] = (byte) (0xC0 | (ch >> 6));
                b[n++] = (byte) (0x80 | (ch & 0x3F));
            } else if (Character.isSurrogate(ch)) {
                if (Character.isHighSurrogate(ch) && i + 1 < len && Character.isLowSurrogate(c[i + 1])) {
                    int cp = Character.toCodePoint(ch, c[++i]);
                    b[n++] = (byte) (0xF0 | (cp >> 18));
                    b[n++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
                    b[n++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
                    b[n++] = (byte) (0x80 | (cp & 0x3F));
                } else {
                    b[n++] = '?'; // a lone surrogate, replaced as Java's UTF-8 encoder replaces it
                }
            } else {
                b[n++] = (byte) (0xE0 | (ch >> 12));
                b[n++] = (byte) (0x80 | ((ch >> 6) & 0x3F));
                b[n++] = (byte) (0x80 | (ch & 0x3F));
            }
        }
    }

    private void drain() throws IOException {
        out.write(buf, 0, n);
        n = 0;
    }

    /** Writes out what is buffered and flushes the stream. */
    void flush() throws IOException {
        drain();
        out.flush();
    }
}
