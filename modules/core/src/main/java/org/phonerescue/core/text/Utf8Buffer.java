package org.phonerescue.core.text;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Text appended straight as UTF-8 bytes to one growable array: for output of millions of lines
 * (a line per packet), where building each line in a {@link StringBuilder} and encoding it again
 * for the stream costs as much as decoding the packet did. Numbers are written as digits without
 * an intermediate string. Not thread-safe.
 *
 * <p>Encodes as {@link StandardCharsets#UTF_8} does, a lone surrogate included (written as '?').
 */
public final class Utf8Buffer {

    private byte[] bytes;
    private int length;

    public Utf8Buffer(int initialCapacity) {
        bytes = new byte[Math.max(initialCapacity, 32)];
    }

    /** Bytes appended since the last {@link #clear}. */
    public int length() {
        return length;
    }

    public void clear() {
        length = 0;
    }

    /** Writes the bytes to {@code out} (the buffer keeps them; see {@link #clear}). */
    public void writeTo(OutputStream out) throws IOException {
        out.write(bytes, 0, length);
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(bytes, length);
    }

    /** The bytes decoded again as text. */
    @Override
    public String toString() {
        return new String(bytes, 0, length, StandardCharsets.UTF_8);
    }

    private byte[] room(int more) {
        if (bytes.length - length < more) {
            long wanted = Math.max((long) length + more, 2L * bytes.length);
            if (wanted > Integer.MAX_VALUE - 8) {
                throw new OutOfMemoryError("text longer than an array can hold");
            }
            bytes = Arrays.copyOf(bytes, (int) wanted);
        }
        return bytes;
    }

    public Utf8Buffer append(char c) {
        if (c < 0x80) {
            byte[] b = room(1);
            b[length++] = (byte) c;
            return this;
        }
        return append(String.valueOf(c));
    }

    public Utf8Buffer append(String s) {
        int len = s.length();
        // 3 bytes per char at most: a surrogate pair (2 chars) takes 4
        byte[] b = room(3 * len);
        int n = length;
        int i = 0;
        // ASCII, nearly all of what is printed, byte for char
        for (; i < len; i++) {
            char c = s.charAt(i);
            if (c >= 0x80) {
                break;
            }
            b[n++] = (byte) c;
        }
        for (; i < len; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                b[n++] = (byte) c;
            } else if (c < 0x800) {
                b[n++] = (byte) (0xC0 | (c >> 6));
                b[n++] = (byte) (0x80 | (c & 0x3F));
            } else if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < len && Character.isLowSurrogate(s.charAt(i + 1))) {
                    int cp = Character.toCodePoint(c, s.charAt(++i));
                    b[n++] = (byte) (0xF0 | (cp >> 18));
                    b[n++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
                    b[n++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
                    b[n++] = (byte) (0x80 | (cp & 0x3F));
                } else {
                    b[n++] = '?'; // as the JDK's UTF-8 encoder replaces a lone surrogate
                }
            } else {
                b[n++] = (byte) (0xE0 | (c >> 12));
                b[n++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                b[n++] = (byte) (0x80 | (c & 0x3F));
            }
        }
        length = n;
        return this;
    }

    /** Appends the decimal digits of {@code v}, as {@link Long#toString(long)} writes them. */
    public Utf8Buffer append(long v) {
        byte[] b = room(20);
        if (v < 0) {
            if (v == Long.MIN_VALUE) {
                return append(Long.toString(v));
            }
            b[length++] = '-';
            v = -v;
        }
        int end = length + digitCount(v);
        int p = end;
        while (v >= 10) {
            long q = v / 10;
            b[--p] = (byte) ('0' + (int) (v - q * 10));
            v = q;
        }
        b[--p] = (byte) ('0' + (int) v);
        length = end;
        return this;
    }

    /** Appends {@code v} (0 or more) as exactly {@code width} digits, leading zeros kept. */
    public Utf8Buffer appendZeroPadded(int v, int width) {
        byte[] b = room(width);
        int end = length + width;
        for (int p = end - 1; p >= length; p--) {
            b[p] = (byte) ('0' + v % 10);
            v /= 10;
        }
        length = end;
        return this;
    }

    private static int digitCount(long v) {
        long limit = 10;
        for (int digits = 1; digits < 19; digits++) {
            if (v < limit) {
                return digits;
            }
            limit *= 10;
        }
        return 19;
    }
}
