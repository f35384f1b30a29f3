package org.phonerescue.core.decode.http;

import java.util.Locale;
import java.util.Set;
import org.phonerescue.core.decode.Dissection;
import org.phonerescue.core.decode.Field;
import org.phonerescue.core.decode.tcp.StreamContext;
import org.phonerescue.core.decode.tcp.StreamProtocol;
import org.phonerescue.core.decode.text.TextLines;
import org.phonerescue.core.protocol.http.TransferCodings;

/**
 * HTTP/1.x (RFC 9112 message syntax, RFC 9110 semantics) with Wireshark's field names: request
 * and status lines, header fields (the ones Wireshark names, the rest as http.unknown_header),
 * the body by its length (RFC 9112 §6.3: Content-Length, chunked transfer coding §7.1, or until
 * the server closes; none for HEAD responses, 1xx, 204 and 304), and the body by media type.
 * A message that spans segments is asked for whole from the TCP reassembler; a response is
 * tied to the latest request on the connection if that one is not answered yet (so a second
 * response to one request, or the first of two pipelined requests, stays unpaired, as in
 * Wireshark).
 */
public final class HttpDissector implements StreamProtocol {

    /** HTTP over TCP. */
    public static final HttpDissector TCP = new HttpDissector();

    /** Request methods Wireshark 4.0 recognises at the start of a message (RFC 9110 §9, WebDAV, SSDP …). */
    private static final Set<String> METHODS = Set.of("GET", "PUT", "ACL", "COPY", "HEAD", "LOCK", "MOVE", "POLL",
            "POST", "BCOPY", "BMOVE", "MKCOL", "TRACE", "LABEL", "MERGE", "PATCH", "DELETE", "SEARCH", "UNLOCK",
            "REPORT", "UPDATE", "NOTIFY", "BDELETE", "CONNECT", "OPTIONS", "CHECKIN", "PROPFIND", "CHECKOUT",
            "CCM_POST", "M-SEARCH", "SUBSCRIBE", "PROPPATCH", "BPROPFIND", "BPROPPATCH", "UNCHECKOUT", "MKACTIVITY",
            "MKWORKSPACE", "UNSUBSCRIBE", "RPC_CONNECT", "VERSION-CONTROL", "BASELINE-CONTROL", "RPC_IN_DATA",
            "RPC_OUT_DATA", "MKCALENDAR", "ORDERPATCH");

    private static final String STATE = "http";

    /** A request waiting for its response. */
    private record Request(long frame, long nanos, String method, String fullUri) {
    }

    /** What the decoder remembers per connection. */
    private static final class Conversation {
        Request last;
        boolean lastAnswered;
    }

    private HttpDissector() {
    }

    @Override
    public String name() {
        return "http";
    }

    /** Whether the data starts with an HTTP request or status line (Wireshark's HTTP-over-TCP heuristic). */
    public static boolean looksLikeHttp(Dissection d, int p, int end) {
        int eol = TextLines.lineEnd(d.bytes(), p, end);
        return eol > p && kind(d.bytes(), p, eol) != 0;
    }

    /** 1 for a request line, 2 for a status line, 0 for neither (RFC 9112 §3, §4). */
    static int kind(byte[] b, int p, int eol) {
        if (eol - p >= 5 && TextLines.string(b, p, p + 5).equals("HTTP/")) {
            // status-line = HTTP-version SP status-code SP [ reason-phrase ]
            int sp = p + 5;
            while (sp < eol && b[sp] != ' ') {
                sp++;
            }
            return sp < eol ? 2 : 0;
        }
        int sp = p;
        while (sp < eol && sp - p <= 16 && b[sp] != ' ') {
            sp++;
        }
        if (sp >= eol || b[sp] != ' ') {
            return 0;
        }
        return METHODS.contains(TextLines.string(b, p, sp)) ? 1 : 0;
    }

    @Override
    public int dissect(Dissection d, int p, int end, StreamContext ctx) {
        Conversation conv = ctx.conversation().state(STATE);
        if (conv == null) {
            conv = new Conversation();
            ctx.conversation().state(STATE, conv);
        }
        byte[] b = d.bytes();
        int q = p;
        while (q < end) {
            int eol = TextLines.lineEnd(b, q, end);
            if (eol < 0 && ctx.canDesegment() && !printable(b[q])) {
                continuation(d, q, end); // binary data: not the start of a message that could grow
                return end - p;
            }
            if (eol < 0 || ctx.canDesegment() && TextLines.mayBeSplitCrlf(b, eol, end)) {
                if (ctx.canDesegment()) {
                    ctx.needMore(q, StreamContext.ONE_MORE_SEGMENT);
                    return q - p;
                }
                if (q == p) {
                    return end - p; // a fragment of a line the capture cut: nothing to show
                }
            }
            int k = eol < 0 ? 0 : kind(b, q, eol);
            if (k == 0) {
                continuation(d, q, end);
                return end - p;
            }
            int used = message(d, q, end, eol, k == 1, ctx, conv);
            if (used < 0) {
                return q - p; // more data asked for
            }
            q += used;
        }
        return end - p;
    }

    /** field-name ":" (RFC 9110 §5.1: the name is a token, RFC 9110 §5.6.2). */
    private static boolean headerLike(byte[] b, int p, int eol) {
        for (int i = p; i < eol; i++) {
            int c = b[i] & 0xFF;
            if (c == ':') {
                return i > p;
            }
            if (c <= 0x20 || c >= 0x7F || "()<>@,;\\\"/[]?={}".indexOf(c) >= 0) {
                return false;
            }
        }
        return false;
    }

    private static boolean printable(byte c) {
        return c >= 0x20 && c < 0x7F || c == '\t';
    }

    private static void continuation(Dissection d, int p, int end) {
        d.column("HTTP", "Continuation");
        Field http = d.layer("http", "Hypertext Transfer Protocol", p, end - p);
        // tshark shows text continuations as file data (and trips over the capture's cut there);
        // binary ones only as data
        boolean text = printable(d.bytes()[p]);
        int body = p;
        if (text) {
            // lines that look like header fields (a token, then ':') and an empty line that ends
            // them, as after a lost message start; what follows is body
            byte[] b = d.bytes();
            while (body < end) {
                int eol = TextLines.lineEnd(b, body, end);
                if (eol < 0) {
                    break;
                }
                int next = TextLines.nextLine(b, eol, end);
                if (eol == body) {
                    d.text(http, "", "\\r\\n", body, next - body);
                    body = next;
                    break;
                }
                if (!headerLike(b, body, eol)) {
                    break;
                }
                d.text(http, "", TextLines.escaped(TextLines.string(b, body, next)), body, next - body);
                body = next;
            }
            if (body < end) {
                fileData(d, http, b, body, end);
            }
        }
        if (body < end) {
            MediaBody.data(d, body, end);
        }
        if (text && d.bytes() == d.packet().data() && end == d.end()
                && d.packet().capturedLength() < d.packet().originalLength()) {
            d.malformed(http, "HTTP data cut short by the capture", end);
        }
    }

    /** One message at {@code p}; returns its length, or -1 when more data was asked for. */
    private static int message(Dissection d, int p, int end, int eol, boolean request, StreamContext ctx,
                               Conversation conv) {
        byte[] b = d.bytes();
        String firstLine = TextLines.string(b, p, eol);
        String infoText = TextLines.escaped(firstLine) + " ";
        if (d.protocolColumn() != null && d.protocolColumn().startsWith("HTTP")) {
            d.info(d.info() + infoText); // a further message in the same packet
        } else {
            d.column("HTTP", infoText);
        }
        HttpHead head = HttpHead.parse(b, p, end);
        boolean cut = false;
        if (head == null) {
            if (ctx.canDesegment()) {
                ctx.needMore(p, StreamContext.ONE_MORE_SEGMENT);
                return -1;
            }
            head = HttpHead.partial(b, p, end);
            cut = true;
        }
        String method = request ? firstLine.substring(0, firstLine.indexOf(' ')) : null;
        int status = request ? -1 : statusCode(firstLine);
        Request answered = null;
        if (!request && !d.isQuoted()) {
            answered = conv.lastAnswered ? null : conv.last;
        }
        // RFC 9112 §6.3: how long the body is
        int bodyStart = head.bodyStart();
        long contentLength = -1;
        String cl = head.value("Content-Length");
        if (cl != null) {
            try {
                contentLength = Long.parseLong(cl.trim());
            } catch (NumberFormatException e) {
                contentLength = -1;
            }
        }
        String te = head.value("Transfer-Encoding");
        boolean chunked = TransferCodings.chunked(te);
        // RFC 9112 §6.3 rule 3: a Transfer-Encoding overrides any Content-Length; without chunked
        // as its final coding a response runs until the server closes the connection
        long framedLength = TransferCodings.framedLength(te, contentLength);
        boolean noBody = !request && (status / 100 == 1 || status == 204 || status == 304
                || conv.last != null && "HEAD".equals(conv.last.method()));
        int bodyEnd;
        int[] chunkEnd = null;
        if (noBody || bodyStart >= end && !chunked && framedLength <= 0 && request) {
            bodyEnd = bodyStart;
        } else if (chunked) {
            chunkEnd = Chunks.end(b, bodyStart, end);
            if (chunkEnd == null) {
                if (ctx.canDesegment()) {
                    ctx.needMore(p, StreamContext.ONE_MORE_SEGMENT);
                    return -1;
                }
                bodyEnd = end;
            } else if (chunkEnd.length > 1) {
                bodyEnd = end; // a size line that is not hex: the rest cannot be delimited
            } else {
                bodyEnd = chunkEnd[0];
            }
        } else if (framedLength >= 0) {
            if (bodyStart + framedLength > end) {
                if (ctx.canDesegment() && framedLength < Integer.MAX_VALUE) {
                    ctx.needMore(p, (int) (bodyStart + framedLength - end));
                    return -1;
                }
                bodyEnd = end;
            } else {
                bodyEnd = (int) (bodyStart + framedLength);
            }
        } else if (request) {
            bodyEnd = bodyStart;
        } else {
            // RFC 9112 §6.3 rule 8: the body runs until the server closes the connection
            if (ctx.canDesegment() && !ctx.endOfStream()) {
                ctx.needMore(p, StreamContext.UNTIL_FIN);
                return -1;
            }
            bodyEnd = end;
        }
        Field http = d.layer("http", "Hypertext Transfer Protocol", p, bodyEnd - p);
        int firstEnd = TextLines.nextLine(b, eol, end);
        Field first = d.text(http, "", TextLines.escaped(TextLines.string(b, p, firstEnd)), p, firstEnd - p);
        String fullUri = null;
        if (request) {
            fullUri = requestLine(d, http, first, p, eol, head, ctx);
        } else {
            statusLine(d, http, first, p, eol);
        }
        headers(d, http, head, request);
        if (contentLength >= 0 && !cut) {
            d.generated(http, "http.content_length", "Content length", contentLength, Long.toString(contentLength));
        }
        if (request) {
            if (!d.isQuoted()) {
                conv.last = new Request(d.packet().number(), nanos(d), method, fullUri);
                conv.lastAnswered = false;
            }
            d.generated(http, "http.request.full_uri", "Full request URI", fullUri, fullUri);
        } else {
            if (answered != null) {
                if (!d.isQuoted()) {
                    conv.lastAnswered = true;
                }
                long dt = nanos(d) - answered.nanos();
                d.generated(http, "http.request_in", "Request in frame", answered.frame(),
                        Long.toString(answered.frame()));
                String seconds = String.format(Locale.ROOT, "%d.%09d", dt / 1_000_000_000L, Math.abs(dt % 1_000_000_000L));
                d.generated(http, "http.time", "Time since request", dt, seconds);
            }
            String uri = conv.last != null ? conv.last.fullUri() : null;
            if (uri != null) {
                d.generated(http, "http.response_for.uri", "Request URI", uri, uri);
            }
        }
        if (cut) {
            // the capture cut the header section (or it never ended): RFC 9112 §2.1 wants an empty line
            d.malformed(http, "the header section does not end before the data does", end);
            return end - p;
        }
        if (bodyEnd > bodyStart) {
            String contentType = head.value("Content-Type");
            String mediaType = MediaBody.mediaType(contentType);
            if (chunked) {
                byte[] body = Chunks.dissect(d, http, bodyStart, bodyEnd);
                if (chunkEnd != null && chunkEnd.length > 1) {
                    d.malformed(http, "chunk size is not hexadecimal (RFC 9112 §7.1)", chunkEnd[0]);
                }
                // the de-chunked body is a data source of its own, as in Wireshark
                d.reassembled(body, () -> {
                    fileData(d, http, body, 0, body.length);
                    MediaBody.dissect(d, mediaType, contentType, 0, body.length);
                });
            } else {
                fileData(d, http, b, bodyStart, bodyEnd);
                MediaBody.dissect(d, mediaType, contentType, bodyStart, bodyEnd);
            }
        }
        return bodyEnd - p;
    }

    /** Text kept of a body in http.file_data: beyond this the text is cut (the bytes stay in the data source). */
    private static final int FILE_DATA_TEXT = 64 * 1024;

    /**
     * The body as tshark's http.file_data string: read as ASCII up to the first NUL, the first
     * {@value #FILE_DATA_TEXT} bytes of it. The field covers the body's bytes (in the frame, the
     * reassembled message or the de-chunked body), so that they can be read back from the tree.
     */
    private static void fileData(Dissection d, Field http, byte[] body, int p, int end) {
        int e = p;
        int stop = Math.min(end, p + FILE_DATA_TEXT);
        while (e < stop && body[e] != 0) {
            e++;
        }
        String text = TextLines.escaped(TextLines.string(body, p, e));
        d.string(http, "http.file_data", "File Data: " + (end - p) + " bytes", p, end - p, text, text);
    }

    private static long nanos(Dissection d) {
        return d.packet().hasTimestamp() ? d.packet().epochSecond() * 1_000_000_000L + d.packet().nanos() : 0;
    }

    /** The status code of a status line "HTTP/1.1 404 Not Found" (RFC 9112 §4), or -1. */
    public static int statusCode(String line) {
        int sp = line.indexOf(' ');
        if (sp < 0 || sp + 4 > line.length()) {
            return -1;
        }
        try {
            return Integer.parseInt(line.substring(sp + 1, sp + 4));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** request-line = method SP request-target SP HTTP-version (RFC 9112 §3). */
    private static String requestLine(Dissection d, Field http, Field first, int p, int eol, HttpHead head,
                                      StreamContext ctx) {
        byte[] b = d.bytes();
        d.bool(http, "http.request", "Request", p, 0, true);
        int sp1 = p;
        while (sp1 < eol && b[sp1] != ' ') {
            sp1++;
        }
        d.string(first, "http.request.method", "Request Method", p, sp1 - p, TextLines.string(b, p, sp1));
        int u = sp1 + 1;
        int sp2 = eol;
        for (int i = eol - 1; i > u; i--) {
            if (b[i] == ' ') {
                sp2 = i;
                break;
            }
        }
        String uri = TextLines.string(b, u, sp2);
        d.string(first, "http.request.uri", "Request URI", u, sp2 - u, uri);
        if (sp2 < eol) {
            d.string(first, "http.request.version", "Request Version", sp2 + 1, eol - sp2 - 1,
                    TextLines.string(b, sp2 + 1, eol));
        }
        String host = head.value("Host");
        if (uri.startsWith("/") || uri.equals("*")) {
            String authority = host != null ? host : ctx.conversation().destination(ctx.forward());
            return "http://" + authority + uri;
        }
        return uri;
    }

    /** status-line = HTTP-version SP status-code SP [ reason-phrase ] (RFC 9112 §4). */
    private static void statusLine(Dissection d, Field http, Field first, int p, int eol) {
        byte[] b = d.bytes();
        d.bool(http, "http.response", "Response", p, 0, true);
        int sp1 = p;
        while (sp1 < eol && b[sp1] != ' ') {
            sp1++;
        }
        d.string(first, "http.response.version", "Response Version", p, sp1 - p, TextLines.string(b, p, sp1));
        if (sp1 + 4 <= eol) {
            int code = statusCode(TextLines.string(b, p, eol));
            if (code >= 0) {
                d.uint(first, "http.response.code", "Status Code", sp1 + 1, 3, code);
                String desc = StatusCodes.description(code);
                d.generated(first, "http.response.code.desc", "Status Code Description", desc, desc);
            }
            if (sp1 + 5 <= eol) {
                d.string(first, "http.response.phrase", "Response Phrase", sp1 + 5, eol - sp1 - 5,
                        TextLines.string(b, sp1 + 5, eol));
            }
        }
    }

    /** Header fields: the ones Wireshark names get their field, all are listed as lines (RFC 9112 §5). */
    private static void headers(Dissection d, Field http, HttpHead head, boolean request) {
        byte[] b = d.bytes();
        for (HttpHead.Line l : head.lines()) {
            if (l.nameEnd() >= l.end()) {
                continue; // no ':' (a line the capture cut): not a header field
            }
            String raw = TextLines.string(b, l.start(), l.next());
            String shown = TextLines.escaped(raw);
            d.string(http, request ? "http.request.line" : "http.response.line", shown, l.start(),
                    l.next() - l.start(), raw, shown);
            String field = HeaderNames.field(l.name());
            if (field != null) {
                d.string(http, field, shown, l.start(), l.next() - l.start(), l.value(), TextLines.escaped(l.value()));
            } else {
                // tshark 4.0 lists other header fields only as request/response lines
                String extra = HeaderNames.ranges(l.name());
                if (extra != null) {
                    d.string(http, extra, shown, l.valueStart(), l.valueEnd() - l.valueStart(), l.value(),
                            TextLines.escaped(l.value()));
                }
            }
        }
    }
}
