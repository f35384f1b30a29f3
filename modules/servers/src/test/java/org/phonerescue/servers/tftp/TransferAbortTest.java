package org.phonerescue.servers.tftp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.phonerescue.servers.event.ServerEvent;
import org.phonerescue.servers.event.TransferFailed;

/**
 * A transfer aborted before its port is ready (a newer request from the same client port, or the
 * server shutting down, right after the request was accepted) ends as soon as the port starts
 * instead of serving the file anyway.
 */
class TransferAbortTest {

    @TempDir
    Path dir;

    @Test
    void abortBeforeThePortStartsEndsTheTransferWithAnError() throws Exception {
        Path file = Files.write(dir.resolve("spa.bin"), new byte[1500]);
        InetAddress loopback = InetAddress.getLoopbackAddress();
        List<ServerEvent> events = new CopyOnWriteArrayList<>();
        TransferRegistry registry = new TransferRegistry();
        EventLoopGroup timers = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        try (DatagramSocket client = new DatagramSocket(new InetSocketAddress(loopback, 0))) {
            client.setSoTimeout(2000);
            TransferSetup setup = new TransferSetup(1, (InetSocketAddress) client.getLocalSocketAddress(),
                    "spa.bin", "spa.bin", 1500, new NegotiatedOptions(512, 1, 0, -1, List.of()),
                    TftpServerConfig.defaults(), events::add, registry);
            FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
            ReadTransfer transfer = new ReadTransfer(setup, new FileBlocks(channel, 1500, 512));
            registry.add(transfer, new byte[0]);

            transfer.abort("the server is shutting down");
            ThreadTransferPort.start(transfer, new InetSocketAddress(loopback, 0), timers, 2048);

            byte[] buf = new byte[600];
            DatagramPacket answer = new DatagramPacket(buf, buf.length);
            client.receive(answer);
            // RFC 1350 §5: opcode 5 is ERROR; a DATA (3) here means the aborted transfer went on
            assertEquals(5, ((buf[0] & 0xFF) << 8) | (buf[1] & 0xFF));
            // the event follows the ERROR on the transfer's thread
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
            while (events.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertEquals(1, events.size());
            assertInstanceOf(TransferFailed.class, events.get(0));
            assertEquals(0, registry.size());
            assertFalse(channel.isOpen());
        } finally {
            timers.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }
}
