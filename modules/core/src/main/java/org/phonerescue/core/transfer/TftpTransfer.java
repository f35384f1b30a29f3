package org.phonerescue.core.transfer;

import java.util.List;
import java.util.Map;

/**
 * One TFTP transfer (RFC 1350) as the capture shows it: the request and its repeats, the
 * negotiated options (RFC 2347–2349, 7440), what moved, and how it ended.
 *
 * @param requestFrame      frame of the first request: the transfer's identity
 * @param requests          that request and its repeats (same client port, file and server): how many,
 *                          the frames and times of the first and the last ones, their bursts
 * @param read              true for RRQ (the client downloads), false for WRQ
 * @param file              the file name as requested
 * @param client            the requesting endpoint
 * @param requestedServer   where the request went (a server's port 69, or the SPA group 234.4.8.10:69)
 * @param server            the endpoint that answered (its transfer ID), or null when nobody did
 * @param clientMac         the client's MAC, or null
 * @param serverMac         the answering server's MAC, or null
 * @param requestedOptions  options of the request, in order
 * @param options           options the server acknowledged (OACK), in order
 * @param optionsFrame      frame of the server's first OACK, or -1
 * @param blockSize         bytes per DATA block in use (512 unless blksize was acknowledged)
 * @param expectedSize      file size announced by tsize (RFC 2349), or -1
 * @param bytes             distinct data bytes moved (each block counted once)
 * @param blocks            distinct DATA blocks (a final empty block counts)
 * @param highestBlock      highest block number reached, counting wraps past 65 535
 * @param blockLimitFrame   frame of the first DATA block 65 535, the last one 16-bit block numbers
 *                          count before they wrap, or -1
 * @param retransmissions   DATA blocks sent again
 * @param retransmittedAfterAck DATA blocks sent again although the receiver had ACKed them: the
 *                          sender is not getting the ACKs (lost, filtered, or multicast it does not receive)
 * @param duplicateAcks     ACKs repeating the previous ACK's block
 * @param gaps              times a DATA block skipped ahead of the next expected one
 * @param outcome           how it ended
 * @param errorCode         the ERROR code, or -1
 * @param errorMessage      the ERROR message, or null
 * @param errorFromClient   whether the ERROR came from the client
 * @param errorFrame        frame of the ERROR, or -1
 * @param firstFrame        first frame (the request)
 * @param lastFrame         last frame of the transfer
 * @param firstDataFrame    first DATA frame, or -1
 * @param startTime         time of the request (ns since 1970)
 * @param firstDataTime     time of the first DATA, or {@code PacketView.NO_TIME}
 * @param endTime           time of the last frame
 * @param longestSilence    longest pause between two frames of the transfer (ns)
 * @param silenceEndFrame   frame that ended that pause, or -1
 * @param retransmittedFrames frames of the first retransmitted DATA blocks (for evidence)
 * @param duplicateAckFrames  frames of the first duplicate ACKs (for evidence)
 * @param unreachables      ICMP errors quoting the transfer's datagrams: the first and the last
 *                          {@value RequestRepeats#KEPT_EACH_END} (a refused request draws one per repeat)
 * @param unreachableCount  ICMP errors quoting the transfer's datagrams in all
 * @param content           the reassembled content (what was received, for an incomplete transfer)
 */
public record TftpTransfer(long requestFrame, RequestRepeats requests, boolean read,
                           String file, Endpoint client,
                           Endpoint requestedServer, Endpoint server, String clientMac, String serverMac,
                           Map<String, String> requestedOptions, Map<String, String> options, long optionsFrame,
                           int blockSize, long expectedSize, long bytes, long blocks, long highestBlock,
                           long blockLimitFrame, int retransmissions,
                           int retransmittedAfterAck, int duplicateAcks, int gaps, TransferOutcome outcome,
                           int errorCode, String errorMessage, boolean errorFromClient, long errorFrame,
                           long firstFrame, long lastFrame, long firstDataFrame, long startTime,
                           long firstDataTime, long endTime, long longestSilence, long silenceEndFrame,
                           List<Long> retransmittedFrames, List<Long> duplicateAckFrames,
                           List<Unreachable> unreachables, long unreachableCount, FileContent content)
        implements FileTransfer {

    /** As {@link FileTransfer#serverText()}, saying when ICMP errors refused every request. */
    @Override
    public String serverText() {
        if (server != null || unreachables.isEmpty()) {
            return FileTransfer.super.serverText();
        }
        return requestedServer + " (refused: ICMP " + unreachables.get(0).what() + ")";
    }

    /** Whether the server answered at all (DATA, OACK, ACK or ERROR). */
    @Override
    public boolean answered() {
        return server != null;
    }

    @Override
    public TransferProtocol protocol() {
        return TransferProtocol.TFTP;
    }

    /** None: TFTP runs over UDP; {@link #retransmissions()} and {@link #duplicateAcks()} count its repeats. */
    @Override
    public TcpAnalysis tcp() {
        return null;
    }
}
