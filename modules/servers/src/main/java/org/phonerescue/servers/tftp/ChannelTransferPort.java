package org.phonerescue.servers.tftp;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.SegmentedDatagramPacket;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.unix.Errors;
import java.net.InetSocketAddress;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * A transfer on a Netty datagram channel: everything runs on the channel's event-loop thread.
 * With the epoll transport, the datagrams written before one flush leave in one {@code sendmmsg},
 * and where the kernel offers UDP segmentation offload ({@code UDP_SEGMENT}, Linux 4.18+) a whole
 * window of equal-sized DATA goes down as one buffer that the kernel cuts into datagrams: one pass
 * through the network stack instead of one per DATA.
 */
final class ChannelTransferPort implements TransferPort {

    /**
     * The payload one UDP send may carry before the kernel segments it: one IPv4 datagram at most
     * (65 535 bytes less the IP and UDP headers).
     */
    private static final int MAX_SEGMENTED_BYTES = 65_507;
    /** The kernel's UDP_MAX_SEGMENTS (64 before Linux 6.1, 128 after). */
    private static final int MAX_SEGMENTS = 64;
    /** Linux's errno values (asm-generic/errno-base.h, asm-generic/errno.h). */
    private static final int EINVAL = 22;
    private static final int EMSGSIZE = 90;

    private final Channel channel;
    private final boolean segmentation;

    ChannelTransferPort(Channel channel) {
        this.channel = channel;
        this.segmentation = channel instanceof EpollDatagramChannel
                && EpollDatagramChannel.isSegmentedDatagramPacketSupported();
    }

    @Override
    public ByteBuf packetBuffer(int capacity) {
        return channel.alloc().directBuffer(capacity); // native transports send from direct memory
    }

    @Override
    public void write(ByteBuf packet, InetSocketAddress to) {
        channel.write(new DatagramPacket(packet, to), channel.voidPromise());
    }

    @Override
    public void flush() {
        channel.flush();
    }

    @Override
    public int segmentsPerWrite(int segmentSize) {
        return segmentation ? Math.max(1, Math.min(MAX_SEGMENTS, MAX_SEGMENTED_BYTES / segmentSize)) : 1;
    }

    @Override
    public void writeSegments(ByteBuf segments, int segmentSize, InetSocketAddress to, Runnable refused) {
        channel.write(new SegmentedDatagramPacket(segments, segmentSize, to)).addListener(f -> {
            if (f.isSuccess()) {
                return;
            }
            if (refusedForSize(f.cause())) {
                refused.run();
            } else if (channel.isRegistered()) {
                // like a DATA written on its own (write() above): the transfer hears of it
                channel.pipeline().fireExceptionCaught(f.cause());
            }
        });
    }

    /**
     * Whether a segmented send failed because the kernel will not segment datagrams of that size
     * on that route, the one failure that sending each DATA on its own cures. Linux answers
     * EMSGSIZE when a segment does not fit the route's MTU; older kernels answered EINVAL there
     * (net/ipv4/udp.c, udp_send_skb), which a segmented send otherwise only gets for limits of the
     * segmentation itself (too many segments, no checksum). Anything else — no route, no buffer
     * space, a closed channel — is a send failure like any other.
     */
    static boolean refusedForSize(Throwable cause) {
        if (!(cause instanceof Errors.NativeIoException e)) {
            return false;
        }
        int errno = Math.abs(e.expectedErr()); // Netty keeps it negated
        return errno == EMSGSIZE || errno == EINVAL;
    }

    @Override
    public Future<?> schedule(Runnable task, long delayNanos) {
        return channel.eventLoop().schedule(guarded(task), delayNanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void execute(Runnable task) {
        channel.eventLoop().execute(guarded(task));
    }

    /**
     * {@code task}, with a RuntimeException handed to the transfer as the pipeline hands it one
     * from a datagram: the event loop would only log it, and a timer that threw is not armed
     * again, so the transfer would stay open and never end.
     */
    private Runnable guarded(Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                channel.pipeline().fireExceptionCaught(e);
            }
        };
    }

    @Override
    public boolean isOpen() {
        return channel.isActive();
    }

    @Override
    public void close() {
        channel.close();
    }
}
