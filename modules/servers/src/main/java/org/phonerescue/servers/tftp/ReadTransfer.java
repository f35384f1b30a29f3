package org.phonerescue.servers.tftp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import org.phonerescue.core.protocol.tftp.TftpError;
import org.phonerescue.core.protocol.tftp.TftpOpcode;
import org.phonerescue.core.protocol.tftp.TftpPacket;
import org.phonerescue.servers.event.TransferDirection;

/**
 * Sends a file to a client (RRQ), one window of DATA blocks at a time (RFC 7440; a window of one
 * is RFC 1350's lock-step).
 *
 * <p>Block numbers are absolute ({@code long}) inside the transfer and turned into 16-bit wire
 * numbers only when sent or received, so a transfer past block 65535 wraps as configured
 * ({@link BlockRollover}). Block 0 stands for the OACK, which the client acknowledges with ACK 0
 * (RFC 2347 §2).
 *
 * <p>Duplicate ACKs never trigger a retransmission: a late copy of the previous ACK is ignored,
 * and only the timer sends data again. Answering duplicates would double every later block for
 * the rest of the transfer — the Sorcerer's Apprentice bug (RFC 1123 §4.2.3.1).
 */
final class ReadTransfer extends Transfer {

    private final BlockSource blocks;
    private final int blockSize;
    private final int windowSize;
    private final BlockRollover rollover;
    /** The highest block the client acknowledged (-1: the OACK is not acknowledged yet). */
    private long acknowledged;
    /** The highest block sent. */
    private long sent;
    /** The number of the last block (the first one shorter than blockSize), once known; else MAX_VALUE. */
    private long lastBlock = Long.MAX_VALUE;
    /**
     * In lock-step, the next DATA packet, built while the client handles the current one, so that
     * its ACK is answered at once (it is the client's turn anyway); null when none is ready.
     */
    private ByteBuf next;
    private long nextBlock;
    /** Whole windows go down in one segmented send where the port offers it; off once the kernel refused one. */
    private boolean segmented = true;

    ReadTransfer(TransferSetup setup, BlockSource blocks) {
        super(setup);
        this.blocks = blocks;
        this.blockSize = setup.options().blockSize();
        this.windowSize = setup.options().windowSize();
        this.rollover = setup.config().rollover();
        if (blocks.size() >= 0) {
            lastBlock = blocks.size() / blockSize + 1;
        }
    }

    @Override
    void begin() {
        if (setup.options().sendsOptionAck()) {
            acknowledged = -1;
            sent = 0;
            sendOptionAck();
        } else {
            acknowledged = 0;
            sendWindow(1);
        }
    }

    private void sendOptionAck() {
        send(Unpooled.wrappedBuffer(TftpPacket.optionAck(setup.options().acknowledged())), true);
    }

    /** Sends blocks {@code first} .. the end of the window that starts after the acknowledged block. */
    private void sendWindow(long first) {
        long end = Math.min(acknowledged + windowSize, lastBlock);
        int segmentSize = 4 + blockSize;
        int perWrite = segmented ? port.segmentsPerWrite(segmentSize) : 1;
        long b = first;
        while (b <= end) {
            if (perWrite > 1 && b < end) {
                // two or more DATA left in the window: one buffer, cut into datagrams by the kernel
                long batchEnd = Math.min(end, b + perWrite - 1);
                ByteBuf batch = port.packetBuffer((int) (batchEnd - b + 1) * segmentSize);
                for (; b <= batchEnd; b++) {
                    int length = appendOrRelease(b, batch);
                    if (length < 0) {
                        return;
                    }
                    if (length < blockSize) { // the last block (netascii finds it only now)
                        lastBlock = b;
                        end = b;
                        b++;
                        break;
                    }
                }
                port.writeSegments(batch, segmentSize, client, this::segmentsRefused);
                continue;
            }
            ByteBuf out;
            if (next != null && nextBlock == b) {
                out = next;
                next = null;
            } else {
                out = build(b);
                if (out == null) {
                    return;
                }
            }
            port.write(out, client);
            if (out.writerIndex() - 4 < blockSize) {
                lastBlock = b;
                end = b;
            }
            b++;
        }
        port.flush();
        sent = Math.max(sent, end);
        waiting();
        if (windowSize == 1 && end < lastBlock && next == null) {
            next = build(end + 1);
            nextBlock = end + 1;
        }
    }

    /**
     * The kernel would not segment the window (its DATA are larger than the route's MTU): from now
     * on every DATA goes as a datagram of its own, which the IP layer may fragment, and the window
     * that was refused goes again.
     */
    private void segmentsRefused() {
        if (!segmented) {
            return;
        }
        segmented = false;
        port.execute(() -> {
            if (!finished() && acknowledged >= 0) {
                sendWindow(acknowledged + 1);
            }
        });
    }

    private ByteBuf build(long b) {
        ByteBuf out = port.packetBuffer(4 + blockSize);
        return appendOrRelease(b, out) < 0 ? null : out;
    }

    /**
     * {@link #append}, releasing {@code out} when the block could not be added: after a read error,
     * and after a RuntimeException, which ends the transfer (see {@code Transfer}) and would
     * otherwise leave the direct buffer to the garbage collector.
     */
    private int appendOrRelease(long b, ByteBuf out) {
        int length;
        try {
            length = append(b, out);
        } catch (RuntimeException e) {
            out.release();
            throw e;
        }
        if (length < 0) {
            out.release();
        }
        return length;
    }

    /**
     * Appends DATA {@code b} (header and data) to {@code out}; returns its data length, or -1 when
     * the file could not be read (the transfer has then failed).
     */
    private int append(long b, ByteBuf out) {
        out.writeShort(TftpOpcode.DATA.code()).writeShort(rollover.wire(b));
        try {
            return blocks.write(b, out);
        } catch (IOException e) {
            port.flush();
            fail("reading the file failed: " + e.getMessage(), TftpError.NOT_DEFINED, "read error on the server");
            return -1;
        }
    }

    @Override
    void received(TftpPacket packet, byte[] payload) {
        if (packet.opcode() != TftpOpcode.ACK || packet.block() < 0) {
            return; // RFC 1350 leaves other packets on a read transfer undefined; they change nothing
        }
        if (acknowledged < 0) {
            if (packet.block() == 0) {
                acknowledged = 0;
                moved();
                sendWindow(1);
            }
            return;
        }
        long b = rollover.absolute(packet.block(), acknowledged, sent);
        if (b <= acknowledged) {
            return; // a duplicate or a stray number: nothing to do (see the class comment)
        }
        acknowledged = b;
        blocks.acknowledged(b);
        if (b >= lastBlock) {
            complete();
            return;
        }
        moved();
        // RFC 7440 §4: an ACK inside the window means the blocks after it were lost; the next
        // window starts right after the acknowledged block either way.
        sendWindow(b + 1);
    }

    @Override
    void retransmit() {
        if (acknowledged < 0) {
            sendOptionAck();
        } else {
            sendWindow(acknowledged + 1);
        }
    }

    @Override
    void timedOut() {
        if (sent >= lastBlock && acknowledged == lastBlock - 1 && heardFromClient()) {
            // Everything was sent and all but the final ACK arrived: the client most likely has the
            // file and its final ACK was lost; RFC 1350 §6 allows the sender no certainty here.
            fail("the final ACK never arrived (the client probably has the whole file)", null);
            return;
        }
        super.timedOut();
    }

    @Override
    long bytes() {
        long b = Math.max(0, acknowledged) * blockSize;
        return blocks.size() >= 0 ? Math.min(b, blocks.size()) : b;
    }

    @Override
    TransferDirection direction() {
        return TransferDirection.READ;
    }

    @Override
    void release(boolean completed) {
        if (next != null) {
            next.release();
            next = null;
        }
        try {
            blocks.close();
        } catch (IOException e) {
            // nothing left to do with it
        }
    }
}
