package org.phonerescue.core.transfer;

/**
 * One FTP file transfer (RFC 959): a RETR, STOR, STOU or APPE command on the control connection,
 * the data connection that PORT, PASV, EPRT or EPSV (RFC 2428) set up for it, and the replies.
 *
 * @param requestFrame    frame of the command
 * @param command         RETR (download), STOR, STOU or APPE (upload)
 * @param file            the command's argument, the file name as sent
 * @param directory       the working directory the decoder followed (PWD, CWD), or null
 * @param client          the client's end of the control connection
 * @param server          the server's end of the control connection
 * @param clientMac       the client's MAC, or null
 * @param serverMac       the server's MAC, or null
 * @param controlStream   the control connection (tcp.stream)
 * @param setupMethod     how the data connection was set up: PASV, EPASV, PORT, EPRT; or null
 * @param setupFrame      frame of that setup (the 227/229 reply or the PORT/EPRT command), or -1
 * @param dataStream      the data connection (tcp.stream), or -1 when none carried data
 * @param dataSource      the end of the data connection that sent the file, or null
 * @param dataDestination the end that received it, or null
 * @param replyCode       the final reply to the command (226, 250, 550 …), or -1
 * @param replyText       its text, or null
 * @param replyFrame      its frame, or -1
 * @param expectedSize    size from the 150 reply "(N bytes)" or an earlier SIZE reply (RFC 3659 §4), or -1
 * @param bytes           data bytes moved (also those the capture missed)
 * @param outcome         how it ended
 * @param errorCode       reply code of a failure (4xx, 5xx), or -1
 * @param errorMessage    its text, or what cut the transfer short ("data connection reset"), or null
 * @param errorFrame      frame of the error, or -1
 * @param firstFrame      first frame (the command)
 * @param lastFrame       last frame of the transfer (data or final reply)
 * @param firstDataFrame  first data frame, or -1
 * @param startTime       time of the command (ns since 1970)
 * @param firstDataTime   time of the first data, or {@code PacketView.NO_TIME}
 * @param endTime         time of the last frame
 * @param tcp             the TCP sequence analysis of the data connection's sending direction
 * @param content         the data as received (for an incomplete transfer, up to the first hole)
 */
public record FtpTransfer(long requestFrame, String command, String file, String directory, Endpoint client,
                          Endpoint server, String clientMac, String serverMac, long controlStream,
                          String setupMethod, long setupFrame, long dataStream, Endpoint dataSource,
                          Endpoint dataDestination, int replyCode, String replyText, long replyFrame,
                          long expectedSize, long bytes, TransferOutcome outcome, int errorCode,
                          String errorMessage, long errorFrame, long firstFrame, long lastFrame,
                          long firstDataFrame, long startTime, long firstDataTime, long endTime,
                          TcpAnalysis tcp, FileContent content) implements FileTransfer {

    @Override
    public TransferProtocol protocol() {
        return TransferProtocol.FTP;
    }

    @Override
    public boolean read() {
        return command.equals("RETR");
    }

    @Override
    public boolean answered() {
        return replyCode >= 0 || firstDataFrame >= 0;
    }
}
