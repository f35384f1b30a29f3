package org.phonerescue.core.transfer;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.phonerescue.core.analysis.PacketView;

/** One FTP file transfer while the capture is read; {@link #build} freezes it. */
final class FtpTransferBuilder {

    private static final long NO_TIME = PacketView.NO_TIME;
    /** "150 Opening BINARY mode data connection for x (39 bytes)": the size most servers announce. */
    private static final Pattern ANNOUNCED = Pattern.compile("\\((\\d{1,18}) bytes\\)");

    private final long requestFrame;
    private final String command;
    private final String file;
    private final String directory;
    private final Endpoint client;
    private final Endpoint server;
    private final String clientMac;
    private final long controlStream;
    private final String setupMethod;
    private final long setupFrame;
    private final long startTime;
    private final ContentStore.Builder content;
    private String serverMac;
    private long dataStream = -1;
    private Endpoint dataSource;
    private Endpoint dataDestination;
    private long expectedSize = -1;
    private int replyCode = -1;
    private String replyText;
    private long replyFrame = -1;
    private boolean abortRequested;
    private long resetFrame = -1;
    /** Relative sequence numbers of the data: the first byte, the next byte due, the highest end seen. */
    private long firstSeq = -1;
    private long nextSeq = -1;
    private long highestEnd = -1;
    private boolean hole;
    private long lastFrame;
    private long firstDataFrame = -1;
    private long firstDataTime = NO_TIME;
    private long endTime;
    private final TcpAnalysis.Counter tcp = new TcpAnalysis.Counter();

    FtpTransferBuilder(PacketView p, String command, String file, String directory, Endpoint client, Endpoint server,
                       long controlStream, String setupMethod, long setupFrame, ContentStore.Builder content) {
        this.requestFrame = p.frame();
        this.command = command;
        this.file = file;
        this.directory = directory;
        this.client = client;
        this.server = server;
        this.clientMac = p.sourceMac();
        this.controlStream = controlStream;
        this.setupMethod = setupMethod;
        this.setupFrame = setupFrame;
        this.startTime = p.time();
        this.endTime = p.time();
        this.lastFrame = p.frame();
        this.content = content;
    }

    void expectedSize(long size) {
        expectedSize = size;
    }

    /** The frame of the PORT, EPRT, PASV or EPSV setup its data connection comes from, or -1. */
    long setupFrame() {
        return setupFrame;
    }

    /** Whether any of the file's data was seen on a data connection. */
    boolean carriedData() {
        return firstDataFrame >= 0;
    }

    void abortRequested() {
        abortRequested = true;
    }

    private void touch(PacketView p) {
        lastFrame = Math.max(lastFrame, p.frame());
        if (p.time() != NO_TIME) {
            endTime = p.time();
        }
    }

    /** A 1xx reply: the data connection opens; many servers say how many bytes will come. */
    void preliminary(PacketView p, String text) {
        serverMac = p.sourceMac();
        touch(p);
        if (text != null) {
            Matcher m = ANNOUNCED.matcher(text);
            if (m.find()) {
                expectedSize = Long.parseLong(m.group(1));
            }
        }
    }

    void finalReply(PacketView p, int code, String text) {
        if (replyCode >= 0) {
            return;
        }
        serverMac = p.sourceMac();
        touch(p);
        replyCode = code;
        replyText = text;
        replyFrame = p.frame();
    }

    /** A segment of the data connection that the decoder gave to FTP-DATA, with its payload as captured. */
    void data(PacketView p, TcpSegment s, byte[] captured) {
        if (dataStream < 0) {
            dataStream = s.stream();
        }
        if (s.length() <= 0) {
            dataSegment(p, s);
            return;
        }
        if (dataSource == null) {
            dataSource = s.source();
            dataDestination = s.destination();
        }
        if (!s.source().equals(dataSource)) {
            return;
        }
        sequence(p, s);
        if (!hole && s.seq() == nextSeq) {
            int kept = captured == null ? 0 : Math.min(captured.length, s.length());
            content.append(captured, 0, kept);
            nextSeq = s.end();
            if (kept < s.length()) {
                hole = true; // the capture's snaplen cut the segment: what follows cannot be placed
            }
        } else if (s.seq() != nextSeq) {
            hole = true;
        }
    }

    /** The data connection (tcp.stream), or -1 before it carried anything. */
    long dataStream() {
        return dataStream;
    }

    /** Any segment of the data connection: what the decoder's TCP analysis flagged of it. */
    void analysed(PacketView p, TcpSegment s) {
        if (dataSource != null && (s.retransmission() || s.outOfOrder() || s.duplicateAck())) {
            tcp.segment(s, p.frame(), s.source().equals(dataSource));
        }
    }

    /** Any other segment of the data connection: a repeat, a FIN or a RST. */
    void dataSegment(PacketView p, TcpSegment s) {
        if (s.reset() && resetFrame < 0 && replyCode < 0) {
            resetFrame = p.frame();
            touch(p);
        }
        if (s.length() > 0 && dataSource != null && s.source().equals(dataSource)) {
            sequence(p, s);
        }
    }

    private void sequence(PacketView p, TcpSegment s) {
        if (firstDataFrame < 0) {
            firstDataFrame = p.frame();
            firstDataTime = p.time();
        }
        if (firstSeq < 0) {
            firstSeq = s.seq();
            nextSeq = s.seq();
        }
        highestEnd = Math.max(highestEnd, s.end());
        touch(p);
    }

    /**
     * The transfer as it stands; {@code closedOut} says why it is no longer followed when it
     * ends before the capture does, or is null.
     */
    FtpTransfer build(long captureEnd, long timeout, String closedOut) {
        long bytes = firstSeq < 0 ? 0 : highestEnd - firstSeq;
        TransferOutcome outcome;
        int errorCode = -1;
        String errorMessage = null;
        long errorFrame = -1;
        if (replyCode >= 200 && replyCode < 400) {
            outcome = TransferOutcome.COMPLETE;
        } else if (replyCode >= 400) {
            // 426 after the client's ABOR (RFC 959 §4.1.3) or a reset data connection: ended early
            outcome = abortRequested || resetFrame >= 0 ? TransferOutcome.ABORTED : TransferOutcome.ERROR;
            errorCode = replyCode;
            errorMessage = replyText;
            errorFrame = replyFrame;
        } else if (resetFrame >= 0) {
            outcome = TransferOutcome.ABORTED;
            errorMessage = "data connection reset";
            errorFrame = resetFrame;
        } else if (captureEnd != NO_TIME && endTime != NO_TIME && captureEnd - endTime >= timeout) {
            outcome = TransferOutcome.TIMED_OUT;
        } else if (closedOut != null) {
            outcome = TransferOutcome.ABORTED;
            errorMessage = closedOut;
        } else {
            outcome = TransferOutcome.CAPTURE_ENDED;
        }
        boolean whole = outcome == TransferOutcome.COMPLETE && !hole
                && (expectedSize < 0 || content.size() == expectedSize) && content.size() == bytes;
        FileContent finished = content.finish(whole);
        return new FtpTransfer(requestFrame, command, file, directory, client, server, clientMac, serverMac,
                controlStream, setupMethod, setupFrame, dataStream, dataSource, dataDestination, replyCode, replyText,
                replyFrame, expectedSize, bytes, outcome, errorCode, errorMessage, errorFrame, requestFrame, lastFrame,
                firstDataFrame, startTime, firstDataTime, endTime, tcp.result(), finished);
    }
}
