package org.phonerescue.servers.tftp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * A transfer on a Netty datagram channel: everything runs on the channel's event-loop thread.
 * With the epoll transport, the datagrams written before one flush (a window of DATA) leave in
 * one {@code sendmmsg}.
 */
final class ChannelTransferPort implements TransferPort {

    private final Channel channel;

    ChannelTransferPort(Channel channel) {
        this.channel = channel;
    }

    @Override
    public ByteBufAllocator alloc() {
        return channel.alloc();
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
    public Future<?> schedule(Runnable task, long delayNanos) {
        return channel.eventLoop().schedule(task, delayNanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void execute(Runnable task) {
        channel.eventLoop().execute(task);
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
