package org.phonerescue.servers.tftp;

import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.phonerescue.core.protocol.tftp.TftpError;
import org.phonerescue.core.protocol.tftp.TftpOpcode;
import org.phonerescue.core.protocol.tftp.TftpPacket;
import org.phonerescue.servers.event.TransferDirection;

/**
 * Receives a file from a client (WRQ), only when the server allows uploads. Data goes to a
 * hidden temporary file beside the target, which takes the target's name only when the last block
 * arrived; an upload that fails leaves nothing behind, and an existing file is never replaced.
 *
 * <p>Windows (RFC 7440 §4): the receiver acknowledges the last block of each window, and on a gap
 * acknowledges the last block received in order so the sender starts again after it. A repeated
 * block means the ACK was lost and is acknowledged again. After the last block the transfer
 * stays a while to acknowledge a repeated last block ("dallying", RFC 1350 §6).
 */
final class WriteTransfer extends Transfer {

    private final Path target;
    private final Path partial;
    private final BlockSink sink;
    private final int blockSize;
    private final int windowSize;
    private final BlockRollover rollover;
    /** The next block expected (absolute). */
    private long expected = 1;
    private int inWindow;
    private boolean lastReceived;
    private Future<?> dally;

    WriteTransfer(TransferSetup setup, Path target, Path partial, BlockSink sink) {
        super(setup);
        this.target = target;
        this.partial = partial;
        this.sink = sink;
        this.blockSize = setup.options().blockSize();
        this.windowSize = setup.options().windowSize();
        this.rollover = setup.config().rollover();
    }

    @Override
    void begin() {
        sendLastAck();
        waiting();
    }

    /** Acknowledges the last block received in order (block 0: the request, or the OACK instead). */
    private void sendLastAck() {
        long last = expected - 1;
        if (last == 0 && setup.options().sendsOptionAck()) {
            send(Unpooled.wrappedBuffer(TftpPacket.optionAck(setup.options().acknowledged())), true);
        } else {
            send(Unpooled.wrappedBuffer(TftpPacket.ack(rollover.wire(last))), true);
        }
    }

    @Override
    void received(TftpPacket packet, byte[] payload) {
        if (packet.opcode() != TftpOpcode.DATA || packet.block() < 0) {
            return;
        }
        if (packet.dataLength() > blockSize) {
            fail("the client sent " + packet.dataLength() + " bytes in a block of " + blockSize,
                    TftpError.ILLEGAL_OPERATION, "block larger than the negotiated blksize");
            return;
        }
        long b = rollover.absolute(packet.block(), Math.max(0, expected - windowSize), expected + windowSize);
        if (lastReceived) {
            if (b == expected - 1) {
                sendLastAck(); // our final ACK was lost
            }
            return;
        }
        if (b != expected) {
            // a repeat (our ACK was lost) or a gap (blocks lost): acknowledge what we have
            inWindow = 0;
            sendLastAck();
            return;
        }
        try {
            sink.write(payload, packet.dataOffset(), packet.dataLength());
        } catch (IOException e) {
            fail("writing failed: " + e.getMessage(), TftpError.DISK_FULL, "write error on the server");
            return;
        }
        if (sink.written() > setup.config().maxUploadBytes()) {
            fail("the upload exceeded the limit of " + setup.config().maxUploadBytes() + " bytes",
                    TftpError.DISK_FULL, TftpError.DISK_FULL.description());
            return;
        }
        expected++;
        inWindow++;
        moved();
        if (packet.dataLength() < blockSize) {
            lastReceived = true;
            try {
                sink.finish();
                sink.close();
                publish();
            } catch (IOException e) {
                fail("saving the upload failed: " + e.getMessage(), TftpError.ACCESS_VIOLATION,
                        "cannot save the file");
                return;
            }
            sendLastAck();
            // RFC 1350 §6: the final ACK may be lost; stay to answer a repeated last block.
            long dallyNanos = Math.max(setup.config().retransmitTimeout().toNanos(),
                    TimeUnit.SECONDS.toNanos(setup.options().timeoutSeconds())) * 2;
            dally = port.schedule(this::complete, dallyNanos);
            return;
        }
        if (inWindow >= windowSize) {
            inWindow = 0;
            sendLastAck();
            waiting();
        }
    }

    /**
     * Gives the upload its name without ever replacing a file: link(2) fails when the name exists
     * (a rename would silently replace a file created meanwhile).
     */
    private void publish() throws IOException {
        try {
            Files.createLink(target, partial);
            Files.delete(partial);
        } catch (UnsupportedOperationException e) {
            Files.move(partial, target);
        }
    }

    @Override
    void retransmit() {
        if (lastReceived) {
            return;
        }
        inWindow = 0;
        sendLastAck();
    }

    @Override
    void timedOut() {
        if (lastReceived) {
            complete();
            return;
        }
        super.timedOut();
    }

    @Override
    long bytes() {
        return sink.written();
    }

    @Override
    TransferDirection direction() {
        return TransferDirection.WRITE;
    }

    @Override
    void release(boolean completed) {
        if (dally != null) {
            dally.cancel(false);
        }
        try {
            sink.close();
        } catch (IOException e) {
            // closing what failed already
        }
        if (!lastReceived) {
            try {
                Files.deleteIfExists(partial);
            } catch (IOException e) {
                // left for the engineer to remove; named as a hidden partial file
            }
        }
    }
}
