package org.phonerescue.core.decode.http;

import org.phonerescue.core.decode.Dissection;
import org.phonerescue.core.decode.Field;
import org.phonerescue.core.decode.text.TextLines;

/**
 * A multipart body (RFC 2046 §5.1), such as the multipart/byteranges answer to a request for
 * several ranges (RFC 9110 §14.6): the parts between the boundary delimiters, each with its
 * header fields (Content-Type, Content-Range …) and its body by media type.
 */
final class Multipart {

    private Multipart() {
    }

    static void dissect(Dissection d, String contentType, int p, int end) {
        String type = MediaBody.mediaType(contentType);
        String boundary = parameter(contentType, "boundary");
        Field mp = d.layer("mime_multipart", "MIME Multipart Media Encapsulation, Type: " + type
                + (boundary != null ? ", Boundary: \"" + boundary + "\"" : ""), p, end - p);
        d.generated(mp, "mime_multipart.type", "Type", type, type);
        byte[] b = d.bytes();
        if (boundary == null) {
            MediaBody.data(d, p, end);
            return;
        }
        byte[] delimiter = ("--" + boundary).getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        int first = find(b, p, end, delimiter);
        if (first < 0) {
            MediaBody.data(d, p, end);
            return;
        }
        if (first > p) {
            d.bytes(mp, "mime_multipart.preamble", "Preamble", p, first - p);
        }
        int eol = TextLines.lineEnd(b, first, end);
        int partStart = eol < 0 ? end : TextLines.nextLine(b, eol, end);
        d.string(mp, "mime_multipart.first_boundary", "First boundary: " + TextLines.escaped(TextLines.string(b, first,
                partStart)), first, partStart - first, TextLines.string(b, first, partStart),
                TextLines.escaped(TextLines.string(b, first, partStart)));
        while (partStart < end) {
            int next = find(b, partStart, end, delimiter);
            int partEnd = next < 0 ? end : next;
            // the CRLF before a delimiter belongs to the delimiter (RFC 2046 §5.1.1)
            int bodyEnd = partEnd;
            if (next >= 0 && bodyEnd - 2 >= partStart && b[bodyEnd - 2] == '\r' && b[bodyEnd - 1] == '\n') {
                bodyEnd -= 2;
            } else if (next >= 0 && bodyEnd - 1 >= partStart && b[bodyEnd - 1] == '\n') {
                bodyEnd -= 1;
            }
            part(d, mp, partStart, bodyEnd);
            if (next < 0) {
                return;
            }
            int e = TextLines.lineEnd(b, next, end);
            int after = e < 0 ? end : TextLines.nextLine(b, e, end);
            boolean last = next + delimiter.length + 1 < end && b[next + delimiter.length] == '-'
                    && b[next + delimiter.length + 1] == '-';
            String text = TextLines.string(b, bodyEnd, after);
            d.string(mp, last ? "mime_multipart.last_boundary" : "mime_multipart.boundary",
                    (last ? "Last boundary: " : "Boundary: ") + TextLines.escaped(text), bodyEnd, after - bodyEnd, text,
                    TextLines.escaped(text));
            if (last) {
                if (after < end) {
                    d.bytes(mp, "mime_multipart.trailer", "Trailer", after, end - after);
                }
                return;
            }
            partStart = after;
        }
    }

    private static void part(Dissection d, Field mp, int p, int end) {
        HttpHead head = HttpHead.partial(d.bytes(), p, end);
        // a part has no start line: read its fields as if the first line were one
        Field part = d.text(mp, "mime_multipart.part", "Encapsulated multipart part: ", p, end - p);
        byte[] b = d.bytes();
        int q = p;
        String contentType = null;
        while (q < end) {
            int eol = TextLines.lineEnd(b, q, end);
            if (eol < 0) {
                break;
            }
            int next = TextLines.nextLine(b, eol, end);
            if (eol == q) {
                q = next;
                break;
            }
            int colon = q;
            while (colon < eol && b[colon] != ':') {
                colon++;
            }
            String name = TextLines.string(b, q, colon).trim().toLowerCase(java.util.Locale.ROOT);
            int[] v = colon < eol ? TextLines.trim(b, colon + 1, eol) : new int[] {eol, eol};
            String value = TextLines.string(b, v[0], v[1]);
            String line = TextLines.string(b, q, next);
            if (name.equals("content-type")) {
                contentType = value;
            }
            switch (name) {
                case "content-description", "content-disposition", "content-encoding", "content-id",
                     "content-language", "content-length", "content-transfer-encoding", "content-type" ->
                        d.string(part, "mime_multipart.header." + name, TextLines.escaped(line), q, next - q, value,
                                value);
                default -> d.text(part, "", TextLines.escaped(line), q, next - q);
            }
            q = next;
        }
        if (head == null) {
            return;
        }
        if (q < end) {
            MediaBody.dissect(d, MediaBody.mediaType(contentType), contentType, q, end);
        }
    }

    static String parameter(String contentType, String name) {
        if (contentType == null) {
            return null;
        }
        for (String part : contentType.split(";")) {
            int eq = part.indexOf('=');
            if (eq > 0 && part.substring(0, eq).trim().equalsIgnoreCase(name)) {
                String v = part.substring(eq + 1).trim();
                if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
                    v = v.substring(1, v.length() - 1);
                }
                return v;
            }
        }
        return null;
    }

    private static int find(byte[] b, int p, int end, byte[] needle) {
        outer:
        for (int i = p; i + needle.length <= end; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (b[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
