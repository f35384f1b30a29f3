package org.phonerescue.servers.tftp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.phonerescue.core.protocol.tftp.TftpError;
import org.phonerescue.core.protocol.tftp.TftpOpcode;
import org.phonerescue.core.protocol.tftp.TftpPacket;
import org.phonerescue.servers.event.ServedProtocol;
import org.phonerescue.servers.event.TransferCompleted;
import org.phonerescue.servers.event.TransferDirection;
import org.phonerescue.servers.event.TransferFailed;
import org.phonerescue.servers.event.TransferProgress;

/**
 * One TFTP transfer on its own UDP port (its transfer ID, RFC 1350 §4), a {@link TransferPort}:
 * a Netty channel (the transfer is then that channel's handler and lives on its event-loop thread)
 * or a socket with a thread of its own ({@link ThreadTransferPort}). Either way one thread at a
 * time calls it, so it needs no locks; many transfers run side by side.
 *
 * <p>Retransmission: one timer per transfer, re-armed lazily — it fires once per timeout period
 * and only acts when nothing moved since the last send, so a fast transfer costs no timer work per
 * block. Each unanswered retransmission doubles the wait up to the configured maximum; the
 * transfer is given up after the configured number of retransmissions in a row.
 */
abstract class Transfer extends SimpleChannelInboundHandler<DatagramPacket> {

    final TransferSetup setup;
    final InetSocketAddress client;
    /** Set once by the transfer's own thread; read by {@link #abort} from any thread. */
    volatile TransferPort port;
    /** Why {@link #abort} was called, also when it came before the port was ready; {@link #started} then carries it out. */
    private volatile String abortReason;

    private final long startedNanos = System.nanoTime();
    private final long firstTimeoutNanos;
    private long timeoutNanos;
    /** When the last new packet (not a retransmission) was sent or a packet arrived that moved the transfer. */
    private long lastMoveNanos = System.nanoTime();
    private long lastProgressEventNanos = System.nanoTime();
    private int silentRetransmissions;
    long retransmissions;
    private volatile boolean heardFromClient;
    private boolean finished;
    private Future<?> timer;

    Transfer(TransferSetup setup) {
        super(DatagramPacket.class);
        this.setup = setup;
        this.client = setup.client();
        this.firstTimeoutNanos = setup.options().timeoutSeconds() > 0
                ? TimeUnit.SECONDS.toNanos(setup.options().timeoutSeconds())
                : setup.config().retransmitTimeout().toNanos();
        this.timeoutNanos = firstTimeoutNanos;
    }

    long id() {
        return setup.id();
    }

    boolean heardFromClient() {
        return heardFromClient;
    }

    long startedNanos() {
        return startedNanos;
    }

    /** Sends the first packet (OACK, ACK 0 or DATA 1). */
    abstract void begin();

    /** A packet from the client (the right address and port). */
    abstract void received(TftpPacket packet, byte[] payload);

    /** Sends again what the client has not answered. */
    abstract void retransmit();

    /** File bytes carried so far. */
    abstract long bytes();

    abstract TransferDirection direction();

    /** Releases the file (and for an unfinished upload, removes what was written). */
    abstract void release(boolean completed);

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        port = new ChannelTransferPort(ctx.channel());
        if (setup.config().multicast() != null) {
            // the SPA loader sends its ACKs to the group, to this transfer's port
            try {
                TftpServer.join((io.netty.channel.socket.DatagramChannel) ctx.channel(), setup.config().multicast());
            } catch (IllegalArgumentException e) {
                fail("cannot join " + setup.config().multicast().group().getHostAddress() + ": " + e.getMessage(), null);
                return;
            }
        }
        started(port);
    }

    /** The port is bound: arms the retransmission timer and sends the first packet. */
    void started(TransferPort p) {
        port = p;
        if (finished) {
            return;
        }
        String aborted = abortReason;
        if (aborted != null) {
            // aborted before its port was ready (abort() then found no port to run on)
            fail(aborted, TftpError.NOT_DEFINED, aborted);
            return;
        }
        armTimer(firstTimeoutNanos);
        begin();
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket msg) {
        datagram(msg.sender(), msg.content());
    }

    /** A datagram arrived at the transfer's port. */
    void datagram(InetSocketAddress sender, ByteBuf content) {
        if (finished) {
            return;
        }
        if (!sender.equals(client)) {
            // RFC 1350 §4: a packet from another port or host is answered with error 5 and the
            // transfer goes on undisturbed.
            send(Unpooled.wrappedBuffer(TftpPacket.error(TftpError.UNKNOWN_TRANSFER_ID.code(),
                    TftpError.UNKNOWN_TRANSFER_ID.description())), sender, true);
            return;
        }
        byte[] payload = ByteBufUtil.getBytes(content);
        TftpPacket packet = TftpPacket.parse(payload, 0, payload.length);
        if (packet == null) {
            return;
        }
        heardFromClient = true;
        if (packet.opcode() == TftpOpcode.ERROR) {
            fail("the client sent ERROR " + packet.errorCode()
                    + (packet.errorMessage() != null && !packet.errorMessage().isEmpty()
                    ? ": " + printable(packet.errorMessage()) : ""), null);
            return;
        }
        received(packet, payload);
    }

    /** Call when the transfer moved forward: the retransmission clock starts over. */
    void moved() {
        lastMoveNanos = System.nanoTime();
        silentRetransmissions = 0;
        timeoutNanos = firstTimeoutNanos;
        maybeProgress();
    }

    /** Call after sending a packet that starts a new wait (a new window, a new ACK). */
    void waiting() {
        lastMoveNanos = System.nanoTime();
    }

    private void armTimer(long delayNanos) {
        timer = port.schedule(this::timerFired, delayNanos);
    }

    private void timerFired() {
        if (finished) {
            return;
        }
        long waited = System.nanoTime() - lastMoveNanos;
        if (waited < timeoutNanos) {
            armTimer(timeoutNanos - waited);
            return;
        }
        if (silentRetransmissions >= setup.config().maxRetransmissions()) {
            timedOut();
            return;
        }
        silentRetransmissions++;
        retransmissions++;
        timeoutNanos = Math.min(timeoutNanos * 2, Math.max(firstTimeoutNanos,
                setup.config().maxRetransmitTimeout().toNanos()));
        retransmit();
        lastMoveNanos = System.nanoTime();
        armTimer(timeoutNanos);
    }

    /** No answer after the last retransmission. */
    void timedOut() {
        fail("no answer from the client after " + silentRetransmissions + " retransmissions"
                + (heardFromClient ? "" : " (it never answered)"), null);
    }

    private void maybeProgress() {
        long now = System.nanoTime();
        if (now - lastProgressEventNanos >= setup.config().progressInterval().toNanos()) {
            lastProgressEventNanos = now;
            setup.events().onEvent(new TransferProgress(Instant.now(), ServedProtocol.TFTP, client, id(), bytes(),
                    setup.size(), retransmissions));
        }
    }

    void send(ByteBuf packet, boolean flush) {
        send(packet, client, flush);
    }

    private void send(ByteBuf packet, InetSocketAddress to, boolean flush) {
        port.write(packet, to);
        if (flush) {
            port.flush();
        }
    }

    void complete() {
        if (finish(true)) {
            setup.events().onEvent(new TransferCompleted(Instant.now(), ServedProtocol.TFTP, client, id(),
                    direction(), setup.servedName(), bytes(), elapsed(), retransmissions));
        }
    }

    /**
     * Ends the transfer as failed; {@code error}, when not null, is sent to the client first
     * (RFC 1350 §7: an ERROR ends the transfer and is not acknowledged).
     */
    void fail(String reason, TftpError error) {
        fail(reason, error, error == null ? null : error.description());
    }

    void fail(String reason, TftpError error, String message) {
        if (finished) {
            return;
        }
        if (error != null && port != null && port.isOpen()) {
            send(Unpooled.wrappedBuffer(TftpPacket.error(error.code(), message)), true);
        }
        if (finish(false)) {
            setup.events().onEvent(new TransferFailed(Instant.now(), ServedProtocol.TFTP, client, id(), direction(),
                    setup.servedName(), bytes(), elapsed(), reason));
        }
    }

    /** Ends the transfer from any thread (server shutdown, a newer request from the same client port). */
    void abort(String reason) {
        // Written before port is read, as started() writes port before reading this: one of the
        // two sees the other, so an abort racing the port's start is never lost.
        abortReason = reason;
        TransferPort p = port;
        if (p == null) {
            return;
        }
        p.execute(() -> fail(reason, TftpError.NOT_DEFINED, reason));
    }

    private boolean finish(boolean completed) {
        if (finished) {
            return false;
        }
        finished = true;
        try {
            if (timer != null) {
                timer.cancel(false);
            }
            release(completed);
        } finally {
            // whatever went wrong above, the transfer no longer counts against the limits and its port is freed
            setup.registry().remove(this);
            if (port != null) {
                port.close();
            }
        }
        return true;
    }

    boolean finished() {
        return finished;
    }

    Duration elapsed() {
        return Duration.ofNanos(System.nanoTime() - startedNanos);
    }

    /** A client's text with control characters replaced, at most 200 characters. */
    static String printable(String s) {
        StringBuilder sb = new StringBuilder(Math.min(s.length(), 200));
        for (int i = 0; i < s.length() && i < 200; i++) {
            char c = s.charAt(i);
            sb.append(c < 0x20 || c == 0x7F ? '?' : c);
        }
        return sb.toString();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (!finished) {
            fail("the server closed the transfer", null);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // ICMP port unreachable shows up here as PortUnreachableException on some systems: the
        // client is gone. Anything else is a fault of this transfer only; a RuntimeException is
        // one of the server's own (ChannelTransferPort hands those of timers here too).
        fail((cause instanceof RuntimeException ? "internal error: " : "network error: ") + cause, null);
    }
}
