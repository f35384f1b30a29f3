package org.phonerescue.servers.tftp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.LongPredicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.phonerescue.servers.event.ServerEvent;
import org.phonerescue.servers.event.TransferFailed;

/**
 * A RuntimeException anywhere in a transfer (its start, a datagram it handles, a timer) ends that
 * transfer: it is reported as failed, leaves the registry, and its socket and file are closed —
 * instead of a dead thread or timer holding both open. On a port with a thread of its own
 * ({@link ThreadTransferPort}) and on an event loop's channel ({@link ChannelTransferPort}).
 */
class TransferFaultTest {

    private static final int SIZE = 1500;

    @TempDir
    Path dir;

    private final List<ServerEvent> events = new CopyOnWriteArrayList<>();
    /** The buffers a block was being written into when the block source threw. */
    private final List<ByteBuf> faulted = new CopyOnWriteArrayList<>();
    private final TransferRegistry registry = new TransferRegistry();
    private EventLoopGroup timers;
    private DatagramSocket client;
    private FileChannel file;

    @BeforeEach
    void open() throws Exception {
        timers = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        client = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        client.setSoTimeout(3000);
        file = FileChannel.open(Files.write(dir.resolve("spa.bin"), new byte[SIZE]), StandardOpenOption.READ);
    }

    @AfterEach
    void close() throws Exception {
        client.close();
        file.close();
        timers.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** A lock-step read of spa.bin whose block source throws {@code fault} when {@code breaks} says so. */
    private ReadTransfer transfer(LongPredicate breaks, RuntimeException fault) {
        TransferSetup setup = new TransferSetup(1, (InetSocketAddress) client.getLocalSocketAddress(),
                "spa.bin", "spa.bin", SIZE, new NegotiatedOptions(512, 1, 1, -1, List.of()),
                TftpServerConfig.defaults(), events::add, registry);
        FileBlocks blocks = new FileBlocks(file, SIZE, 512);
        ReadTransfer transfer = new ReadTransfer(setup, new BlockSource() {
            private long calls;

            @Override
            public int write(long block, ByteBuf out) throws IOException {
                if (breaks.test(++calls)) {
                    faulted.add(out);
                    throw fault;
                }
                return blocks.write(block, out);
            }

            @Override
            public void acknowledged(long block) {
                blocks.acknowledged(block);
            }

            @Override
            public long size() {
                return blocks.size();
            }

            @Override
            public void close() throws IOException {
                blocks.close();
            }
        });
        registry.add(transfer, new byte[0]);
        return transfer;
    }

    /** Receives a datagram for the client into {@code buf}; returns where it came from. */
    private InetSocketAddress receive(byte[] buf) throws IOException {
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        client.receive(p);
        return (InetSocketAddress) p.getSocketAddress();
    }

    private static int opcode(byte[] buf) {
        return ((buf[0] & 0xFF) << 8) | (buf[1] & 0xFF);
    }

    private void assertEndedAsFailed(ReadTransfer transfer, String because) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while ((events.isEmpty() || transfer.port == null || transfer.port.isOpen())
                && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertEquals(1, events.size(), events.toString());
        assertInstanceOf(TransferFailed.class, events.get(0));
        String reason = ((TransferFailed) events.get(0)).reason();
        assertTrue(reason.contains(because), reason);
        assertEquals(0, registry.size());
        assertFalse(transfer.port.isOpen(), "the transfer's socket is still open");
        assertFalse(file.isOpen(), "the served file is still open");
        for (ByteBuf b : faulted) {
            assertEquals(0, b.refCnt(), "the buffer of the block that failed was not released");
        }
    }

    @Test
    void aTimerRefusedAtTheStartEndsTheTransfer() throws Exception {
        timers.shutdownGracefully(0, 0, TimeUnit.SECONDS).syncUninterruptibly(); // the server is closing
        ReadTransfer transfer = transfer(n -> false, null);

        ThreadTransferPort.start(transfer, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), timers, 2048);

        assertEndedAsFailed(transfer, "RejectedExecutionException");
    }

    @Test
    void aFaultWhileAnsweringAnAckEndsTheTransfer() throws Exception {
        // reads: DATA 1, DATA 2 built ahead while the client works; ACK 1 sends DATA 2 and builds DATA 3
        ReadTransfer transfer = transfer(n -> n == 3, new IllegalStateException("block source broke"));
        ThreadTransferPort.start(transfer, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), timers, 2048);

        byte[] buf = new byte[600];
        InetSocketAddress transferPort = receive(buf);
        assertEquals(3, opcode(buf)); // DATA 1
        // ACK 1 (RFC 1350 §5), to the transfer's port, where DATA 1 came from
        client.send(new DatagramPacket(new byte[] {0, 4, 0, 1}, 4, transferPort));

        assertEndedAsFailed(transfer, "block source broke");
    }

    @Test
    void aFaultInARetransmissionEndsTheTransfer() throws Exception {
        // reads: DATA 1, DATA 2 built ahead; the client stays silent and the timer reads DATA 1 again
        ReadTransfer transfer = transfer(n -> n == 3, new IllegalStateException("block source broke"));
        ThreadTransferPort.start(transfer, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), timers, 2048);

        byte[] buf = new byte[600];
        receive(buf);
        assertEquals(3, opcode(buf)); // DATA 1

        assertEndedAsFailed(transfer, "block source broke");
    }

    @Test
    void anAbortAfterTheTimersStoppedStillEndsTheTransfer() throws Exception {
        ReadTransfer transfer = transfer(n -> false, null);
        ThreadTransferPort.start(transfer, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), timers, 2048);
        byte[] buf = new byte[600];
        receive(buf);
        assertEquals(3, opcode(buf)); // DATA 1
        timers.shutdownGracefully(0, 0, TimeUnit.SECONDS).syncUninterruptibly();

        transfer.abort("the server is shutting down");

        assertEndedAsFailed(transfer, "the server is shutting down");
    }

    @Test
    void aFaultInARetransmissionOnAnEventLoopEndsTheTransfer() throws Exception {
        // the same reads as on a thread of its own: DATA 1, DATA 2 built ahead, DATA 1 again
        ReadTransfer transfer = transfer(n -> n == 3, new IllegalStateException("block source broke"));
        io.netty.channel.Channel channel = new io.netty.bootstrap.Bootstrap().group(timers)
                .channel(io.netty.channel.socket.nio.NioDatagramChannel.class).handler(transfer)
                .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).sync().channel();
        byte[] buf = new byte[600];
        receive(buf);
        assertEquals(3, opcode(buf)); // DATA 1

        assertEndedAsFailed(transfer, "block source broke");
        assertFalse(channel.isOpen());
    }
}
