package org.phonerescue.core.transfer;

import java.nio.charset.StandardCharsets;
import org.phonerescue.core.analysis.PacketView;
import org.phonerescue.core.decode.http.Chunks;
import org.phonerescue.core.decode.http.HttpDissector;
import org.phonerescue.core.decode.http.HttpHead;
import org.phonerescue.core.decode.tcp.TcpFlow;
import org.phonerescue.core.protocol.http.TransferCodings;

/** One HTTP request and its response while the capture is read; {@link #build} freezes it. */
final class HttpTransferBuilder {

    private static final long NO_TIME = PacketView.NO_TIME;

    private final long requestFrame;
    private final long stream;
    private final String method;
    private final String file;
    private final String host;
    private final String userAgent;
    private final Endpoint client;
    private final Endpoint server;
    private final String clientMac;
    private String serverMac;
    private final long startTime;
    private final ContentStore.Builder content;
    private FileContent finished;
    private int status = -1;
    private String phrase;
    private long responseFrame = -1;
    private String contentType;
    private long contentLength = -1;
    /** The body length the framing gives: Content-Length unless a Transfer-Encoding overrides it; else -1. */
    private long framedLength = -1;
    private boolean chunked;
    private String contentRange;
    private long bytes;
    /** Whether the body arrived whole (not only what came before a hole or the end). */
    private boolean bodyWhole;
    /** Whether the whole body went over the wire (the capture may still have missed some of it). */
    private boolean sent;
    private long lastFrame;
    private long firstDataFrame = -1;
    private long firstDataTime = NO_TIME;
    private long endTime;
    private long closedFrame = -1;
    private long closedTime = NO_TIME;
    private boolean reset;
    /** Relative sequence number of the response's first segment, or -1. */
    private long responseStart = -1;
    private final TcpAnalysis.Counter tcp = new TcpAnalysis.Counter();

    HttpTransferBuilder(PacketView p, long stream, String method, String file, String host, String userAgent,
                        Endpoint client, Endpoint server, ContentStore.Builder content) {
        this.requestFrame = p.frame();
        this.stream = stream;
        this.method = method;
        this.file = file;
        this.host = host;
        this.userAgent = userAgent;
        this.client = client;
        this.server = server;
        this.clientMac = p.sourceMac();
        this.startTime = p.time();
        this.endTime = p.time();
        this.lastFrame = p.frame();
        this.content = content;
    }

    long requestFrame() {
        return requestFrame;
    }

    /** The sequence analysis of the connection's segments that belong to this transfer. */
    TcpAnalysis.Counter tcp() {
        return tcp;
    }

    /** Relative sequence number where the response began, or -1 before it did. */
    long responseStart() {
        return responseStart;
    }

    boolean read() {
        return !method.equals("PUT") && !method.equals("POST");
    }

    /** The body of a PUT or POST: the file the client sends. */
    void requestBody(byte[] body, long announced) {
        if (body == null) {
            return;
        }
        content.append(body, 0, body.length);
        bytes = Math.max(body.length, announced);
        bodyWhole = announced < 0 || body.length >= announced;
        sent = true;
    }

    /** A segment of the response (before it is complete). */
    void responseSegment(PacketView p, TcpSegment s) {
        if (responseFrame >= 0) {
            return;
        }
        if (responseStart < 0 || s.seq() < responseStart) {
            responseStart = s.seq();
        }
        if (firstDataFrame < 0) {
            firstDataFrame = p.frame();
            firstDataTime = p.time();
            serverMac = p.sourceMac();
        }
        touch(p);
    }

    private void touch(PacketView p) {
        lastFrame = p.frame();
        if (p.time() != NO_TIME) {
            endTime = p.time();
        }
    }

    /** The connection was reset, or the server closed it, before the response was complete. */
    void closed(PacketView p, boolean byReset) {
        if (closedFrame >= 0 || responseFrame >= 0) {
            return;
        }
        closedFrame = p.frame();
        closedTime = p.time();
        reset = byReset;
    }

    /** The response as the decoder put it together. */
    void response(PacketView p, int status, String phrase, long contentLength, String contentRange,
                  String contentType, String transferEncoding, byte[] source,
                  org.phonerescue.core.decode.Field body) {
        if (firstDataFrame < 0) {
            firstDataFrame = p.frame();
            firstDataTime = p.time();
        }
        serverMac = p.sourceMac();
        touch(p);
        responseFrame = p.frame();
        head(status, phrase, contentLength, transferEncoding, contentRange, contentType);
        // the body's bytes where the decoder put them together, not copied again (an image may be large)
        int from = source == null ? 0 : Math.min(source.length, body.offset());
        int received = source == null ? 0 : Math.min(source.length, body.offset() + body.length()) - from;
        if (read() && received > 0) {
            content.append(source, from, received);
        }
        boolean bodyless = method.equals("HEAD") || status == 204 || status == 304; // RFC 9112 §6.3 rules 1–2
        if (read() && bodyless) {
            bytes = received;
            bodyWhole = false;
        } else if (read()) {
            // a body over the decoder's reassembly bound, or cut by the capture's snaplen, is shorter
            bytes = framedLength >= 0 ? Math.max(framedLength, received) : received;
            bodyWhole = framedLength < 0 || received >= framedLength;
        }
        sent = true;
    }

    private void head(int status, String phrase, long contentLength, String transferEncoding, String contentRange,
                      String contentType) {
        this.status = status;
        this.phrase = phrase;
        this.contentLength = contentLength;
        this.framedLength = TransferCodings.framedLength(transferEncoding, contentLength);
        this.contentRange = contentRange;
        this.contentType = contentType;
        this.chunked = TransferCodings.chunked(transferEncoding);
    }

    /**
     * The start of a response that never came together: the status line, the head if it arrived,
     * and the body up to the first hole. {@code serverEnd} is where the server's bytes reached in
     * sequence space, to tell a response cut short from one the capture missed a segment of.
     */
    void partialResponse(TcpFlow.PduInProgress pdu, long serverEnd) {
        if (responseFrame >= 0 || !read()) {
            return;
        }
        byte[] b = pdu.bytes();
        int eol = 0;
        while (eol < b.length && b[eol] != '\r' && b[eol] != '\n') {
            eol++;
        }
        String line = new String(b, 0, eol, StandardCharsets.ISO_8859_1);
        if (!line.startsWith("HTTP/")) {
            return;
        }
        int code = HttpDissector.statusCode(line);
        int sp = line.indexOf(' ', line.indexOf(' ') + 1);
        String reason = sp > 0 ? line.substring(sp + 1) : null;
        HttpHead h = HttpHead.parse(b, 0, b.length);
        if (h == null) {
            head(code, reason, -1, null, null, null);
            return;
        }
        head(code, reason, Decimal.parse(h.value("Content-Length")), h.value("Transfer-Encoding"),
                h.value("Content-Range"), h.value("Content-Type"));
        long length = framedLength;
        boolean isChunked = chunked;
        int bodyStart = h.bodyStart();
        byte[] body = isChunked ? Chunks.decode(b, bodyStart, b.length)
                : java.util.Arrays.copyOfRange(b, Math.min(bodyStart, b.length), b.length);
        content.append(body, 0, body.length);
        long bodySeq = pdu.start() + bodyStart;
        if (isChunked) {
            bytes = body.length;
        } else {
            long reached = Math.max(pdu.start() + pdu.size(), serverEnd);
            bytes = Math.max(0, (length >= 0 ? Math.min(reached, bodySeq + length) : reached) - bodySeq);
            sent = length >= 0 && reached >= bodySeq + length;
        }
        bodyWhole = false;
    }

    /**
     * The transfer as it stands; {@code closedOut} says why it is no longer followed when it
     * ends before the capture does, or is null.
     */
    HttpTransfer build(long captureEnd, long timeout, String closedOut) {
        ByteRange range = status == 206 ? ByteRange.parse(contentRange) : null;
        boolean success = status / 100 == 2;
        long expected = -1;
        if (!read()) {
            expected = sent ? bytes : -1;
        } else if (range != null && range.total() >= 0) {
            expected = range.total();
        } else if (success && status != 206 && framedLength >= 0) {
            expected = framedLength; // a Transfer-Encoding overrides Content-Length (RFC 9112 §6.3 rule 3)
        }
        TransferOutcome outcome;
        int errorCode = -1;
        String errorMessage = null;
        long errorFrame = -1;
        if (status >= 400) {
            outcome = TransferOutcome.ERROR;
            errorCode = status;
            errorMessage = phrase;
            errorFrame = responseFrame >= 0 ? responseFrame : firstDataFrame;
        } else if (responseFrame >= 0 || sent) {
            outcome = TransferOutcome.COMPLETE;
        } else if (closedFrame >= 0) {
            outcome = TransferOutcome.ABORTED;
            errorMessage = reset ? "connection reset" : status >= 0
                    ? "connection closed before the end of the body" : "connection closed without a response";
            errorFrame = closedFrame;
            lastFrame = Math.max(lastFrame, closedFrame);
            if (closedTime != NO_TIME) {
                endTime = Math.max(endTime, closedTime);
            }
        } else if (captureEnd != NO_TIME && endTime != NO_TIME && captureEnd - endTime >= timeout) {
            outcome = TransferOutcome.TIMED_OUT;
        } else if (closedOut != null) {
            outcome = TransferOutcome.ABORTED;
            errorMessage = closedOut;
        } else {
            outcome = TransferOutcome.CAPTURE_ENDED;
        }
        // the content is the file when the whole body of a successful answer arrived
        boolean whole = outcome == TransferOutcome.COMPLETE && bodyWhole
                && (!read() || success && status != 206 || range != null && range.whole());
        if (finished == null) {
            finished = content.finish(whole);
        }
        return new HttpTransfer(requestFrame, method, file, host, userAgent, client, server, clientMac, serverMac, stream, status,
                phrase, responseFrame, contentType, contentLength, chunked, range, contentRange, expected, bytes,
                outcome, errorCode, errorMessage, errorFrame, requestFrame, lastFrame, firstDataFrame, startTime,
                firstDataTime, endTime, tcp.result(), finished);
    }
}
