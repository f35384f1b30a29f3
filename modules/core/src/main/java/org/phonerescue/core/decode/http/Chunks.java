package org.phonerescue.core.decode.http;

import java.io.ByteArrayOutputStream;
import org.phonerescue.core.decode.Dissection;
import org.phonerescue.core.decode.Field;
import org.phonerescue.core.decode.text.TextLines;

/**
 * The chunked transfer coding (RFC 9112 §7.1): chunk = chunk-size [ chunk-ext ] CRLF chunk-data
 * CRLF, ended by a chunk of size 0, an optional trailer section and an empty line.
 */
public final class Chunks {

    /** Chunk sizes above this are taken as garbage, as Wireshark takes those over 2^31. */
    private static final long MAX_CHUNK = 1L << 31;

    private Chunks() {
    }

    /**
     * Where the chunked body starting at {@code p} ends, as {end}; null when it does not end
     * within {@code end} (more data is needed). A size line that is not hex gives {its offset, 1}:
     * the coding is broken there.
     */
    static int[] end(byte[] b, int p, int end) {
        int q = p;
        while (true) {
            int eol = TextLines.lineEnd(b, q, end);
            if (eol < 0 || TextLines.mayBeSplitCrlf(b, eol, end)) {
                return null;
            }
            long size = size(b, q, eol);
            if (size < 0) {
                return new int[] {q, 1};
            }
            int data = TextLines.nextLine(b, eol, end);
            if (size == 0) {
                // trailer section, then the empty line
                int t = data;
                while (true) {
                    int e = TextLines.lineEnd(b, t, end);
                    if (e < 0 || TextLines.mayBeSplitCrlf(b, e, end)) {
                        return null;
                    }
                    int next = TextLines.nextLine(b, e, end);
                    if (e == t) {
                        return new int[] {next};
                    }
                    t = next;
                }
            }
            long after = data + size;
            if (after + 2 > end) {
                return null;
            }
            int e = TextLines.lineEnd(b, (int) after, end);
            if (e < 0) {
                return null;
            }
            q = TextLines.nextLine(b, e, end);
        }
    }

    /** The chunk-size in hex before any extension; -1 when it is not hex. */
    static long size(byte[] b, int p, int eol) {
        long v = 0;
        int digits = 0;
        for (int i = p; i < eol; i++) {
            int c = b[i];
            int x = Character.digit(c, 16);
            if (x < 0) {
                if (c == ';' || c == ' ' || c == '\t') {
                    break;
                }
                return -1;
            }
            v = v * 16 + x;
            digits++;
            if (v > MAX_CHUNK) {
                return -1;
            }
        }
        return digits == 0 ? -1 : v;
    }

    /**
     * The chunk data of {@code b[p, end)} joined, as far as the chunks go: the whole body of a
     * complete chunked message, or what a message cut short carried.
     */
    public static byte[] decode(byte[] b, int p, int end) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        int q = p;
        while (q < end) {
            int eol = TextLines.lineEnd(b, q, end);
            long size = eol < 0 ? -1 : size(b, q, eol);
            if (size <= 0) {
                break;
            }
            int data = TextLines.nextLine(b, eol, end);
            int dataEnd = (int) Math.min(end, data + size);
            body.write(b, data, dataEnd - data);
            int e = dataEnd < end ? TextLines.lineEnd(b, dataEnd, end) : -1;
            if (e < 0) {
                break;
            }
            q = TextLines.nextLine(b, e, end);
        }
        return body.toByteArray();
    }

    /** Lists the chunks of {@code b[p, end)} under the HTTP layer and returns the de-chunked body. */
    static byte[] dissect(Dissection d, Field http, int p, int end) {
        byte[] b = d.bytes();
        Field chunked = d.text(http, "", "HTTP chunked response", p, end - p);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        int q = p;
        while (q < end) {
            int eol = TextLines.lineEnd(b, q, end);
            if (eol < 0) {
                break;
            }
            long size = size(b, q, eol);
            if (size < 0) {
                break;
            }
            int data = TextLines.nextLine(b, eol, end);
            if (size == 0) {
                Field last = d.text(chunked, "", "End of chunked encoding", q, data - q);
                d.uint(last, "http.chunk_size", "Chunk size", q, eol - q, 0);
                if (data < end) {
                    d.string(chunked, "", "\\r\\n", data, end - data, "", "");
                }
                break;
            }
            int dataEnd = (int) Math.min(end, data + size);
            Field chunk = d.text(chunked, "", "Data chunk (" + size + " octets)", q, dataEnd - q);
            d.uint(chunk, "http.chunk_size", "Chunk size", q, eol - q, size);
            d.bytes(chunk, "http.chunk_data", "Chunk data", data, dataEnd - data);
            body.write(b, data, dataEnd - data);
            int e = dataEnd < end ? TextLines.lineEnd(b, dataEnd, end) : -1;
            if (e < 0) {
                break;
            }
            int next = TextLines.nextLine(b, e, end);
            d.bytes(chunk, "http.chunk_boundary", "Chunk boundary", dataEnd, next - dataEnd);
            q = next;
        }
        return body.toByteArray();
    }
}
