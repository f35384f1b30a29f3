package org.phonerescue.core.decode.http;

import java.util.ArrayList;
import java.util.List;
import org.phonerescue.core.decode.text.TextLines;

/**
 * The head of an HTTP/1.x message (RFC 9112 §2.1): the start line and the header field lines up
 * to the empty line, as byte offsets into the buffer it was read from. Shared by the decoder and
 * anything else that reads HTTP (the recovery servers, the live analyser).
 */
public final class HttpHead {

    /** One field line "name: value" (RFC 9112 §5): offsets of the line, the name and the trimmed value. */
    public record Line(int start, int end, int next, int nameEnd, int valueStart, int valueEnd, String name,
                       String value) {
    }

    private final int start;
    private final int lineEnd;
    private final int bodyStart;
    private final List<Line> lines;

    private HttpHead(int start, int lineEnd, int bodyStart, List<Line> lines) {
        this.start = start;
        this.lineEnd = lineEnd;
        this.bodyStart = bodyStart;
        this.lines = lines;
    }

    /**
     * Reads the head starting at {@code p}; null when the empty line that ends it is not within
     * {@code end} (more data is needed, or the capture cut it: see {@link #partial}).
     */
    public static HttpHead parse(byte[] b, int p, int end) {
        return read(b, p, end, false);
    }

    /** Reads as much of a head as there is, for data that will not grow (cut by the capture). */
    public static HttpHead partial(byte[] b, int p, int end) {
        return read(b, p, end, true);
    }

    private static HttpHead read(byte[] b, int p, int end, boolean partial) {
        int eol = TextLines.lineEnd(b, p, end);
        if (eol < 0 || !partial && TextLines.mayBeSplitCrlf(b, eol, end)) {
            return partial ? new HttpHead(p, end, end, List.of()) : null;
        }
        int q = TextLines.nextLine(b, eol, end);
        List<Line> lines = new ArrayList<>(12);
        while (true) {
            int e = TextLines.lineEnd(b, q, end);
            if (e < 0 || !partial && TextLines.mayBeSplitCrlf(b, e, end)) {
                if (partial) {
                    if (q < end) {
                        Line cut = line(b, q, end, end);
                        // a line the data cut keeps its trailing blanks: it is not known to have ended
                        lines.add(new Line(cut.start(), cut.end(), cut.next(), cut.nameEnd(), cut.valueStart(), end,
                                cut.name(), TextLines.string(b, cut.valueStart(), end)));
                    }
                    return new HttpHead(p, eol, end, lines);
                }
                return null;
            }
            int next = TextLines.nextLine(b, e, end);
            if (e == q) {
                return new HttpHead(p, eol, next, lines); // the empty line (RFC 9112 §2.1)
            }
            lines.add(line(b, q, e, next));
            q = next;
        }
    }

    private static Line line(byte[] b, int q, int e, int next) {
        int colon = q;
        while (colon < e && b[colon] != ':') {
            colon++;
        }
        String name = TextLines.string(b, q, colon).trim();
        int[] v = colon < e ? TextLines.trim(b, colon + 1, e) : new int[] {e, e};
        return new Line(q, e, next, colon, v[0], v[1], name, TextLines.string(b, v[0], v[1]));
    }

    /** Offset of the start line. */
    public int start() {
        return start;
    }

    /** Offset of the end of the start line (its CR or LF). */
    public int startLineEnd() {
        return lineEnd;
    }

    /** Offset of the body: just after the empty line. */
    public int bodyStart() {
        return bodyStart;
    }

    public List<Line> lines() {
        return lines;
    }

    /** The value of the first field named {@code name} (case-insensitive, RFC 9110 §5.1), or null. */
    public String value(String name) {
        for (Line l : lines) {
            if (l.name().equalsIgnoreCase(name)) {
                return l.value();
            }
        }
        return null;
    }
}
