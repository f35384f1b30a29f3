package org.phonerescue.core.transfer;

/**
 * One HTTP request and its response (RFC 9110, RFC 9112) as the capture shows it: the file is
 * the request target, the content the response body (a GET) or the request body (a PUT or POST).
 *
 * @param requestFrame  frame that completed the request
 * @param method        request method (GET, HEAD, PUT, POST …)
 * @param file          the request target as sent (usually a path, "/snom370-r.bin")
 * @param host          the Host header, or null
 * @param userAgent     the User-Agent header (RFC 9110 §10.1.5), or null
 * @param client        the client's endpoint
 * @param server        the server's endpoint (the connection's; the response comes from there)
 * @param clientMac     the client's MAC, or null
 * @param serverMac     the server's MAC, or null
 * @param stream        the TCP connection (Wireshark's tcp.stream)
 * @param statusCode    the response's status code, or -1 when no response was seen
 * @param reasonPhrase  the response's reason phrase, or null
 * @param responseFrame frame that completed the response, or -1 (no response, or cut short)
 * @param tcp           the TCP sequence analysis of the body's direction (retransmitted, out-of-order segments)
 * @param contentType   the Content-Type of the body, or null
 * @param contentLength the body length the message announced (Content-Length), or -1
 * @param chunked       whether the body came in chunks (RFC 9112 §7.1)
 * @param range         the part of the file a 206 response carries, or null
 * @param contentRange  the Content-Range header as sent (also when it is not a valid range), or null
 * @param expectedSize  the whole file's size: the Content-Range complete length, else Content-Length (unless a
 *                      Transfer-Encoding overrides it, RFC 9112 §6.3 rule 3); -1 unknown
 * @param bytes         body bytes moved on the wire (also those the capture missed)
 * @param outcome       how it ended
 * @param errorCode     the status code of a failure (4xx, 5xx), or -1
 * @param errorMessage  its reason phrase, or what cut the transfer short ("connection reset"), or null
 * @param errorFrame    frame of the error (the response, or the reset), or -1
 * @param firstFrame    first frame (the request)
 * @param lastFrame     last frame of the response seen
 * @param firstDataFrame first frame of the response, or -1
 * @param startTime     time of the request (ns since 1970)
 * @param firstDataTime time of the response's first frame, or {@code PacketView.NO_TIME}
 * @param endTime       time of the last frame
 * @param content       the body as received (for an incomplete transfer, up to the first hole)
 */
public record HttpTransfer(long requestFrame, String method, String file, String host, String userAgent,
                           Endpoint client,
                           Endpoint server, String clientMac, String serverMac, long stream, int statusCode,
                           String reasonPhrase, long responseFrame, String contentType, long contentLength,
                           boolean chunked, ByteRange range, String contentRange, long expectedSize, long bytes,
                           TransferOutcome outcome, int errorCode, String errorMessage, long errorFrame,
                           long firstFrame, long lastFrame, long firstDataFrame, long startTime, long firstDataTime,
                           long endTime, TcpAnalysis tcp, FileContent content) implements FileTransfer {

    @Override
    public TransferProtocol protocol() {
        return TransferProtocol.HTTP;
    }

    /** A GET or HEAD brings the file to the client; PUT and POST send one. */
    @Override
    public boolean read() {
        return !method.equals("PUT") && !method.equals("POST");
    }

    @Override
    public boolean answered() {
        return statusCode >= 0 || firstDataFrame >= 0;
    }
}
