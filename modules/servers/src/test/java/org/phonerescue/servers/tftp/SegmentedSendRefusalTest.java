package org.phonerescue.servers.tftp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.socket.SocketProtocolFamily;
import io.netty.channel.unix.Errors;
import io.netty.channel.unix.IntegerUnixChannelOption;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.phonerescue.servers.testing.RequiredTools;

/**
 * Only the kernel's refusal to segment a window for its size turns one-send windows off for the
 * rest of a transfer; any other failure of a segmented send is a send failure like any other.
 * The failures are real ones, from sends that never leave loopback.
 */
class SegmentedSendRefusalTest {

    /** IPPROTO_IPV6 / IPV6_V6ONLY (Linux): an IPv6 socket that cannot reach IPv4 addresses. */
    private static final IntegerUnixChannelOption IPV6_V6ONLY = new IntegerUnixChannelOption("IPV6_V6ONLY", 41, 26);

    private EventLoopGroup group;
    private DatagramSocket receiver;
    private final CompletableFuture<Throwable> caught = new CompletableFuture<>();

    @BeforeEach
    void open() throws Exception {
        if (!Epoll.isAvailable()) {
            RequiredTools.missing("Netty's native epoll transport does not load here: " + Epoll.unavailabilityCause());
        }
        group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
        receiver = new DatagramSocket(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
    }

    @AfterEach
    void close() {
        if (receiver != null) {
            receiver.close();
        }
        if (group != null) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    private InetSocketAddress receiver() {
        return (InetSocketAddress) receiver.getLocalSocketAddress();
    }

    /** A transfer's channel on loopback whose pipeline reports what reaches exceptionCaught. */
    private Channel channel(boolean ipv6Only) throws Exception {
        Bootstrap b = new Bootstrap().group(group)
                .channelFactory(() -> new EpollDatagramChannel(ipv6Only ? SocketProtocolFamily.INET6 : SocketProtocolFamily.INET))
                .handler(new ChannelInboundHandlerAdapter() {
                    @Override
                    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                        caught.complete(cause);
                    }
                });
        if (ipv6Only) {
            b.option(IPV6_V6ONLY, 1);
        }
        return b.bind(new InetSocketAddress(InetAddress.getByName(ipv6Only ? "::1" : "127.0.0.1"), 0)).sync().channel();
    }

    private static ChannelTransferPort port(Channel channel) {
        ChannelTransferPort port = new ChannelTransferPort(channel);
        if (port.segmentsPerWrite(1000) < 2) {
            RequiredTools.missing("the kernel offers no UDP segmentation offload (UDP_SEGMENT)");
        }
        return port;
    }

    /** Writes {@code segments} of {@code segmentSize} bytes in one segmented send; counts the refusals. */
    private static AtomicInteger send(Channel channel, ChannelTransferPort port, int segmentSize, int segments,
                                      InetSocketAddress to, boolean closeFirst) throws Exception {
        AtomicInteger refusals = new AtomicInteger();
        channel.eventLoop().submit(() -> {
            port.writeSegments(Unpooled.directBuffer(segmentSize * segments).writeZero(segmentSize * segments),
                    segmentSize, to, refusals::incrementAndGet);
            if (closeFirst) {
                channel.close(); // the transfer ended while the window waited to be flushed
            }
            port.flush();
        }).sync();
        channel.eventLoop().submit(() -> { }).sync(); // listeners have run
        return refusals;
    }

    @Test
    void aSendTooLargeToSegmentIsARefusal() throws Exception {
        Channel channel = channel(false);
        // 70 segments of 1000 bytes: more than one IP datagram may carry; the kernel answers
        // EMSGSIZE, as it does for DATA larger than the route's MTU
        AtomicInteger refusals = send(channel, port(channel), 1000, 70, receiver(), false);
        assertEquals(1, refusals.get());
        assertFalse(caught.isDone(), "a refusal for size is no network error: " + caught.getNow(null));
        channel.close().sync();
    }

    @Test
    void noRouteIsASendFailureNotARefusal() throws Exception {
        Channel channel = channel(true);
        // an IPv6-only socket has no way to an IPv4 address: ENETUNREACH, nothing is sent
        AtomicInteger refusals = send(channel, port(channel), 1000, 4, receiver(), false);
        Throwable cause = caught.get(2, TimeUnit.SECONDS);
        assertEquals(0, refusals.get(), "one-send windows stay on");
        Errors.NativeIoException e = assertInstanceOf(Errors.NativeIoException.class, cause);
        assertEquals(101, Math.abs(e.expectedErr()), "ENETUNREACH: " + e);
        channel.close().sync();
    }

    @Test
    void aClosedChannelIsNoRefusal() throws Exception {
        Channel channel = channel(false);
        AtomicInteger refusals = send(channel, port(channel), 1000, 4, receiver(), true);
        assertEquals(0, refusals.get());
    }

    @Test
    void onlyTheSizeErrorsCount() {
        // EMSGSIZE (Linux 6.14 on) and EINVAL (before) for a segment larger than the route's MTU
        assertTrue(ChannelTransferPort.refusedForSize(new Errors.NativeIoException("sendmmsg", -90)));
        assertTrue(ChannelTransferPort.refusedForSize(new Errors.NativeIoException("sendmmsg", -22)));
        // ENOBUFS, ENETUNREACH, EPERM (a firewall), a closed channel
        assertFalse(ChannelTransferPort.refusedForSize(new Errors.NativeIoException("sendmmsg", -105)));
        assertFalse(ChannelTransferPort.refusedForSize(new Errors.NativeIoException("sendmmsg", -101)));
        assertFalse(ChannelTransferPort.refusedForSize(new Errors.NativeIoException("sendmmsg", -1)));
        assertFalse(ChannelTransferPort.refusedForSize(new ClosedChannelException()));
    }
}
