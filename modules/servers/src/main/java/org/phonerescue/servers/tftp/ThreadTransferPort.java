package org.phonerescue.servers.tftp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.EventLoopGroup;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.util.ArrayDeque;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * A transfer on a socket of its own with a thread of its own that blocks in {@code recvfrom} until
 * the client's next packet arrives, and answers it at once — the shape of tftpd-hpa's process per
 * transfer. In lock-step (one block per ACK) every block is a round trip that waits on the
 * server's wake-up; a blocked thread wakes and answers sooner than an event loop that first
 * learns from epoll or a selector that the socket is readable, then reads it, then runs its
 * pipeline (see bench/README.md, "File servers", for the figures).
 *
 * <p>Timers and calls from other threads (abort) run on the server's event loops; the transfer is
 * entered under its own monitor from either side, so it still sees one caller at a time. Sending
 * needs no thread of its own: a datagram socket sends and receives concurrently.
 *
 * <p>Every entry into the transfer goes through {@link #enter}: a RuntimeException there (a timer
 * refused while the server shuts down, a fault in the server's own code) ends that transfer as
 * failed and closes its socket and file, instead of killing the thread — or a timer — and leaving
 * both open with the transfer still counted as running.
 */
final class ThreadTransferPort implements TransferPort {

    private final Transfer transfer;
    private final DatagramChannel socket;
    private final EventLoopGroup timers;
    private final int receiveSize;
    private final ArrayDeque<ByteBuf> queued = new ArrayDeque<>(2);
    private final ArrayDeque<InetSocketAddress> queuedTo = new ArrayDeque<>(2);

    private ThreadTransferPort(Transfer transfer, DatagramChannel socket, EventLoopGroup timers, int receiveSize) {
        this.transfer = transfer;
        this.socket = socket;
        this.timers = timers;
        this.receiveSize = receiveSize;
    }

    /**
     * Binds a new port on {@code local} (port 0: chosen by the system) and starts the transfer on a
     * thread of its own.
     *
     * @throws IOException when no port can be bound
     */
    static void start(Transfer transfer, InetSocketAddress local, EventLoopGroup timers, int receiveSize)
            throws IOException {
        DatagramChannel socket = DatagramChannel.open();
        try {
            socket.bind(local);
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
        ThreadTransferPort port = new ThreadTransferPort(transfer, socket, timers, receiveSize);
        Thread thread = new Thread(null, port::run, "tftp-transfer-" + transfer.id(), 256 * 1024);
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        enter(() -> transfer.started(this));
        ByteBuffer in = ByteBuffer.allocateDirect(receiveSize);
        ByteBuf view = Unpooled.wrappedBuffer(in);
        while (socket.isOpen()) {
            SocketAddress from;
            in.clear();
            try {
                from = socket.receive(in);
            } catch (ClosedChannelException e) {
                return; // the transfer ended (close() from any thread)
            } catch (IOException e) {
                enter(() -> transfer.fail("network error: " + e, null));
                return;
            } catch (RuntimeException e) {
                synchronized (transfer) {
                    broke(e);
                }
                return;
            }
            if (!(from instanceof InetSocketAddress sender)) {
                continue;
            }
            enter(() -> transfer.datagram(sender, view.setIndex(0, in.position())));
        }
    }

    /**
     * Runs {@code step} of the transfer under its monitor. A RuntimeException ends the transfer as
     * failed without a word to the client (sending may be what failed); the socket is closed even
     * when ending the transfer fails too.
     */
    private void enter(Runnable step) {
        synchronized (transfer) {
            try {
                step.run();
            } catch (RuntimeException e) {
                broke(e);
            }
        }
    }

    /** Ends the transfer after {@code e}; the caller holds the transfer's monitor. */
    private void broke(RuntimeException e) {
        try {
            transfer.fail("internal error: " + e, null);
        } finally {
            close();
        }
    }

    @Override
    public ByteBuf packetBuffer(int capacity) {
        // A small heap array: allocated in the thread's own allocation buffer, gone with the next
        // young collection; the JDK copies it into its per-thread direct buffer to send it.
        return Unpooled.buffer(capacity);
    }

    @Override
    public void write(ByteBuf packet, InetSocketAddress to) {
        queued.add(packet);
        queuedTo.add(to);
    }

    @Override
    public void flush() {
        ByteBuf packet;
        while ((packet = queued.poll()) != null) {
            InetSocketAddress to = queuedTo.poll();
            try {
                if (socket.isOpen()) {
                    socket.send(packet.nioBuffer(), to);
                }
            } catch (IOException e) {
                // like a datagram lost on the way: the retransmission timer sends it again
            } finally {
                packet.release();
            }
        }
    }

    @Override
    public Future<?> schedule(Runnable task, long delayNanos) {
        return timers.schedule(() -> enter(task), delayNanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void execute(Runnable task) {
        try {
            timers.execute(() -> enter(task));
        } catch (RejectedExecutionException e) {
            // the server's threads are shutting down (an abort from close()): run it here instead
            enter(task);
        }
    }

    @Override
    public boolean isOpen() {
        return socket.isOpen();
    }

    @Override
    public void close() {
        ByteBuf packet;
        while ((packet = queued.poll()) != null) {
            packet.release();
        }
        queuedTo.clear();
        try {
            socket.close();
        } catch (IOException e) {
            // closed as far as the transfer is concerned
        }
    }
}
