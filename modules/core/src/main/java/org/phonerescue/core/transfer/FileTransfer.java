package org.phonerescue.core.transfer;

/**
 * One file moved between a client and a server, whatever the protocol: what the analysis, the
 * rules and the reports need to know about every download or upload. Each protocol's record
 * adds its own detail (TFTP blocks and options, HTTP status and ranges, FTP replies).
 */
public sealed interface FileTransfer permits TftpTransfer, HttpTransfer, FtpTransfer {

    TransferProtocol protocol();

    /** Frame of the request (TFTP RRQ/WRQ, HTTP request, FTP RETR/STOR): the transfer's identity. */
    long requestFrame();

    /** The file as the client named it: TFTP file name, HTTP request URI, FTP RETR/STOR argument. */
    String file();

    /** True when the client receives the file (TFTP RRQ, HTTP GET, FTP RETR), false when it sends it. */
    boolean read();

    /** The client's endpoint (for FTP, that of its control connection). */
    Endpoint client();

    /** The server's endpoint that answered, or null when nobody did (TFTP only). */
    Endpoint server();

    String clientMac();

    String serverMac();

    /** Whether the server answered the request at all. */
    boolean answered();

    /** Size of the whole file as the server or client announced it (tsize, Content-Length, FTP reply), or -1. */
    long expectedSize();

    /** Distinct bytes of the file moved on the wire. */
    long bytes();

    TransferOutcome outcome();

    /** TFTP ERROR code, HTTP status code of a failure, FTP reply code of a failure; -1 when none. */
    int errorCode();

    /** The error's message (TFTP ERROR text, HTTP reason phrase, FTP reply text), or null. */
    String errorMessage();

    /** Frame of the error, or -1. */
    long errorFrame();

    long firstFrame();

    long lastFrame();

    /** Time of the request (ns since 1970), or {@code PacketView.NO_TIME}. */
    long startTime();

    /** Time of the last frame of the transfer. */
    long endTime();

    /** First frame that carried the file (DATA, response, data connection), or -1. */
    long firstDataFrame();

    /** Time of that frame, or {@code PacketView.NO_TIME}. */
    long firstDataTime();

    /** Seconds from the request to the first data (negotiation, server's think time), or -1. */
    default double secondsToFirstData() {
        return firstDataTime() == Long.MIN_VALUE || startTime() == Long.MIN_VALUE ? -1
                : (firstDataTime() - startTime()) / 1e9;
    }

    /** The server as the client addressed it (TFTP: a server's port 69 or the SPA group); else the server. */
    default Endpoint requestedServer() {
        return server();
    }

    /** The server for a table: "10.0.0.1:69", or the requested one and "(no answer)". */
    default String serverText() {
        return server() != null ? server().toString() : requestedServer() + " (no answer)";
    }

    /** The reassembled content: the whole file, or what was received of it. */
    FileContent content();

    /**
     * The SHA-256 to show people: of the content when bytes came or the (empty) file arrived
     * whole; null for a request that moved nothing, whose digest of nothing (e3b0c442…) would only
     * look like a file's.
     */
    default String shownSha256() {
        return content() != null && (bytes() > 0 || outcome() == TransferOutcome.COMPLETE) ? content().sha256() : null;
    }

    /**
     * What TCP's sequence analysis found on the direction that carried the file (HTTP, FTP); null
     * for TFTP, which runs over UDP and whose record counts its own repeated blocks and ACKs.
     */
    TcpAnalysis tcp();

    /** Seconds from the request to the last frame. */
    default double seconds() {
        return startTime() == Long.MIN_VALUE ? 0 : (endTime() - startTime()) / 1e9;
    }

    /** Bytes per second from the first data to the last frame, or -1 when it cannot be told. */
    default double throughput() {
        if (firstDataTime() == Long.MIN_VALUE || endTime() <= firstDataTime()) {
            return -1;
        }
        return bytes() / ((endTime() - firstDataTime()) / 1e9);
    }
}
