package org.phonerescue.core.transfer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.phonerescue.core.analysis.PacketView;
import org.phonerescue.core.decode.Field;

/** One TFTP transfer while the capture is read; {@link #build} freezes it. */
final class TftpTransferBuilder {

    private static final int DEFAULT_BLKSIZE = 512;
    private static final long NO_TIME = PacketView.NO_TIME;

    private final long requestFrame;
    private final RequestRepeats.Builder requests = new RequestRepeats.Builder();
    private final boolean read;
    private final String file;
    private final Endpoint client;
    private final Endpoint requestedServer;
    private final String clientMac;
    private final Map<String, String> requestedOptions;
    private final Map<String, String> options = new LinkedHashMap<>();
    private final ContentStore.Builder content;
    private Endpoint server;
    private String serverMac;
    private int blockSize = DEFAULT_BLKSIZE;
    private long expectedSize = -1;
    private long bytes;
    private long blocks;
    private long highestBlock;
    private long lastAck = -1;
    private long highestAck = -1;
    private int retransmissions;
    private int retransmittedAfterAck;
    private int duplicateAcks;
    private int gaps;
    private boolean truncated;
    private boolean lastBlockSeen;
    private int errorCode = -1;
    private String errorMessage;
    private boolean errorFromClient;
    private long errorFrame = -1;
    private long optionsFrame = -1;
    private long blockLimitFrame = -1;
    private final long firstFrame;
    private long lastFrame;
    private long firstDataFrame = -1;
    private final long startTime;
    private long firstDataTime = NO_TIME;
    private long endTime;
    private long longestSilence;
    private long silenceEndFrame = -1;
    private final List<Long> retransmittedFrames = new ArrayList<>();
    private final List<Long> duplicateAckFrames = new ArrayList<>();
    /** ICMP errors quoting the transfer: one per repeat of a refused request, so the first and last few. */
    private final FirstAndLast<Unreachable> unreachables = new FirstAndLast<>(RequestRepeats.KEPT_EACH_END);
    private long restartedAt = NO_TIME;
    private FileContent finished;
    private boolean closedOut;

    TftpTransferBuilder(PacketView request, boolean read, String file, Endpoint client, Endpoint requestedServer,
                        Map<String, String> requestedOptions, ContentStore.Builder content) {
        this.requestFrame = request.frame();
        this.requests.add(request.frame(), request.time());
        this.read = read;
        this.file = file;
        this.client = client;
        this.requestedServer = requestedServer;
        this.clientMac = request.sourceMac();
        this.requestedOptions = requestedOptions;
        this.content = content;
        this.firstFrame = request.frame();
        this.lastFrame = request.frame();
        this.startTime = request.time();
        this.endTime = request.time();
        if (!read) {
            // RFC 2349 §4: a WRQ's tsize is the size of the file about to be sent
            expectedSize = Decimal.parse(requestedOptions.get("tsize"));
        }
    }

    boolean answered() {
        return server != null;
    }

    /** Whether the transfer has ended (last block or ERROR); later frames are repeats. */
    boolean ended() {
        return lastBlockSeen || errorCode >= 0;
    }

    /** The last frame that belonged to it: how recently it was active. */
    long lastFrame() {
        return lastFrame;
    }

    /** Marks it no longer followed by its tracker (too many at once): it takes no more packets. */
    void closeOut() {
        closedOut = true;
    }

    boolean closedOut() {
        return closedOut;
    }

    void repeatRequest(PacketView p) {
        requests.add(p.frame(), p.time());
        touch(p);
    }

    /** The frame of the newest request: the one the decoder ties later datagrams to. */
    long lastRequestFrame() {
        return requests.lastFrame();
    }

    void restartedAt(long time) {
        if (restartedAt == NO_TIME && !ended()) {
            restartedAt = time;
        }
    }

    /** Whether a datagram from {@code from} to {@code to} belongs to this transfer. */
    boolean quotes(Endpoint from, Endpoint to) {
        return from.equals(client) && (to.equals(requestedServer) || to.equals(server))
                || server != null && from.equals(server) && to.equals(client);
    }

    void unreachable(Unreachable u) {
        unreachables.add(u);
    }

    void packet(PacketView p, int op) {
        Endpoint src = new Endpoint(p.sourceIp(), p.udpSourcePort());
        Endpoint dst = new Endpoint(p.destinationIp(), p.udpDestinationPort());
        int from = from(src, dst, p.sourceMac());
        if (from == OTHER) {
            return;
        }
        touch(p.frame(), p.time());
        switch (op) {
            case 6 -> {
                if (optionsFrame < 0) {
                    optionsFrame = p.frame();
                }
                oack(p);
            }
            case 3 -> {
                byte[] data = p.layerBytes("data");
                data(p.frame(), p.time(), block(p), p.number("udp.length", -1), data, 0, data == null ? 0 : data.length);
            }
            case 4 -> ack(p.frame(), block(p));
            case 5 -> error(p, from == CLIENT);
            default -> {
            }
        }
    }

    /**
     * A DATA (op 3) or ACK (op 4) known from its headers alone, with the same effect as
     * {@link #packet} on its decoding: {@code from} is what {@link #from} said of its endpoints,
     * {@code data[offset, offset+length)} the captured part of a DATA block, {@code udpLength}
     * the UDP header's length field.
     */
    void block(int from, int op, long block, long frame, long time, long udpLength, byte[] data, int offset,
               int length) {
        if (from == OTHER) {
            return;
        }
        touch(frame, time);
        if (op == 3) {
            data(frame, time, block, udpLength, data, offset, length);
        } else if (op == 4) {
            ack(frame, block);
        }
    }

    static final int CLIENT = 0;
    static final int SERVER = 1;
    static final int OTHER = 2;

    /**
     * Whether a datagram comes from the client, the server, or belongs to another transfer; the
     * first datagram not from the client makes its sender the server. Once the server is known
     * ({@link #answered()}) the answer for the same endpoints never changes.
     */
    int from(Endpoint src, Endpoint dst, String sourceMac) {
        if (!src.equals(client)) {
            if (server == null) {
                server = src;
                serverMac = sourceMac;
            } else if (!server.equals(src)) {
                return OTHER; // another TID answering the same request: not this transfer (RFC 1350 §4)
            }
            return SERVER;
        } else if (server != null && !towardServer(dst)) {
            return OTHER; // the client's answer to a stray TID, e.g. ERROR 5 unknown transfer ID
        }
        return CLIENT;
    }

    private static long block(PacketView p) {
        return p.number("tftp.block.full", p.number("tftp.block", -1));
    }

    /** The SPA loader ACKs to the group 234.4.8.10 on the server's port (spa-recovery-protocol.md). */
    private boolean towardServer(Endpoint dst) {
        return dst.equals(server) || requestedServer.multicast() && dst.port() == server.port();
    }

    private void touch(PacketView p) {
        touch(p.frame(), p.time());
    }

    private void touch(long frame, long t) {
        if (t != NO_TIME && endTime != NO_TIME && t - endTime > longestSilence) {
            longestSilence = t - endTime;
            silenceEndFrame = frame;
        }
        lastFrame = frame;
        if (t != NO_TIME) {
            endTime = t;
        }
    }

    private void oack(PacketView p) {
        for (Field option : p.fields("tftp.option")) {
            String name = null;
            String value = "";
            for (Field c : option.children()) {
                if (c.name().equals("tftp.option.name")) {
                    name = c.text();
                } else if (c.name().equals("tftp.option.value")) {
                    value = c.text();
                }
            }
            if (name != null) {
                options.put(name, value);
            }
        }
        long blksize = Decimal.parse(options.get("blksize"));
        if (blksize > 0) {
            blockSize = (int) blksize;
        }
        long tsize = Decimal.parse(options.get("tsize"));
        if (tsize >= 0) {
            expectedSize = tsize;
        }
    }

    /** {@code captured[offset, offset+capturedLength)}: the block's bytes as captured (null: none). */
    private void data(long frame, long time, long block, long udpLength, byte[] captured, int offset,
                      int capturedLength) {
        if (block < 0) {
            return;
        }
        if (firstDataFrame < 0) {
            firstDataFrame = frame;
            firstDataTime = time;
        }
        if (blocks > 0 && block <= highestBlock || lastBlockSeen) {
            retransmissions++;
            if (highestAck >= block) {
                retransmittedAfterAck++;
            }
            if (retransmittedFrames.size() < TftpTransferTracker.EVIDENCE_FRAMES) {
                retransmittedFrames.add(frame);
            }
            return;
        }
        // Past block 65 535 some clients wrap to 0, others to 1 (field notes §4); the decoder's
        // full number counts 0 as 65 536, so a wrap to 1 skips one number without a gap.
        boolean wrapToOne = highestBlock % 65536 == 65535 && block == highestBlock + 2;
        if (block != highestBlock + 1 && !wrapToOne) {
            gaps++;
        }
        highestBlock = block;
        if (block == 65535 && blockLimitFrame < 0) {
            blockLimitFrame = frame;
        }
        blocks++;
        // The real length comes from the UDP header: a capture cut by its snaplen holds less.
        long length = udpLength >= 12 ? udpLength - 12 : capturedLength;
        if (capturedLength < length) {
            truncated = true;
        }
        bytes += length;
        if (gaps == 0 && !truncated && captured != null) {
            content.append(captured, offset, capturedLength);
        }
        if (length < blockSize) {
            lastBlockSeen = true; // RFC 1350 §6: a block shorter than the block size ends the transfer
            finishContent();
        }
    }

    private void ack(long frame, long block) {
        if (block >= 0 && block == lastAck) {
            duplicateAcks++;
            if (duplicateAckFrames.size() < TftpTransferTracker.EVIDENCE_FRAMES) {
                duplicateAckFrames.add(frame);
            }
        }
        lastAck = block;
        highestAck = Math.max(highestAck, block);
    }

    private void error(PacketView p, boolean fromClient) {
        if (errorCode >= 0) {
            return;
        }
        errorCode = (int) p.number("tftp.error.code", 0);
        errorMessage = p.text("tftp.error.message");
        errorFromClient = fromClient;
        errorFrame = p.frame();
        finishContent();
    }

    private void finishContent() {
        if (finished == null) {
            finished = content.finish(lastBlockSeen && gaps == 0 && !truncated && errorCode < 0);
        }
    }

    TftpTransfer build(long captureEnd, long timeout) {
        return build(captureEnd, timeout, null);
    }

    /**
     * The transfer as it stands; {@code closedOut} says why it is no longer followed when it
     * ends before the capture does, or is null.
     */
    TftpTransfer build(long captureEnd, long timeout, String closedOut) {
        finishContent();
        String errorMessage = this.errorMessage;
        TransferOutcome outcome;
        if (lastBlockSeen) {
            outcome = TransferOutcome.COMPLETE;
        } else if (errorCode >= 0) {
            outcome = errorFromClient ? TransferOutcome.ABORTED : TransferOutcome.ERROR;
        } else if (restartedAt != NO_TIME && (endTime == NO_TIME || restartedAt - endTime < timeout)) {
            outcome = TransferOutcome.ABORTED;
        } else if (captureEnd != NO_TIME && endTime != NO_TIME && captureEnd - endTime >= timeout
                || restartedAt != NO_TIME) {
            outcome = TransferOutcome.TIMED_OUT;
        } else if (closedOut != null) {
            outcome = TransferOutcome.ABORTED;
            errorMessage = closedOut;
        } else {
            outcome = TransferOutcome.CAPTURE_ENDED;
        }
        return new TftpTransfer(requestFrame, requests.build(), read, file,
                client, requestedServer, server,
                clientMac, serverMac, java.util.Collections.unmodifiableMap(new LinkedHashMap<>(requestedOptions)),
                java.util.Collections.unmodifiableMap(new LinkedHashMap<>(options)), optionsFrame, blockSize,
                expectedSize, bytes, blocks, highestBlock, blockLimitFrame, retransmissions, retransmittedAfterAck, duplicateAcks, gaps, outcome, errorCode,
                errorMessage, errorFromClient, errorFrame, firstFrame, lastFrame, firstDataFrame, startTime,
                firstDataTime, endTime, longestSilence, silenceEndFrame, List.copyOf(retransmittedFrames),
                List.copyOf(duplicateAckFrames), List.copyOf(unreachables.list()), unreachables.count(), finished);
    }
}
