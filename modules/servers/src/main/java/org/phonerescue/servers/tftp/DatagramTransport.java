package org.phonerescue.servers.tftp;

import io.netty.channel.ChannelFactory;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.SocketProtocolFamily;
import io.netty.channel.socket.nio.NioDatagramChannel;

/**
 * A {@link TftpTransport} resolved on this machine: the event-loop handler and the datagram
 * channels that go with it, and, when {@link TftpTransport#AUTO} fell back to NIO, why.
 *
 * @param transport      {@link TftpTransport#EPOLL} or {@link TftpTransport#NIO}, never AUTO
 * @param fallbackReason why native epoll is not used although it was acceptable, or null
 */
record DatagramTransport(TftpTransport transport, String fallbackReason) {

    static DatagramTransport resolve(TftpTransport wanted) {
        return switch (wanted) {
            case NIO -> new DatagramTransport(TftpTransport.NIO, null);
            case EPOLL -> {
                if (!Epoll.isAvailable()) {
                    throw new IllegalStateException("native epoll is not available: " + unavailability());
                }
                yield new DatagramTransport(TftpTransport.EPOLL, null);
            }
            case AUTO -> Epoll.isAvailable()
                    ? new DatagramTransport(TftpTransport.EPOLL, null)
                    : new DatagramTransport(TftpTransport.NIO, unavailability());
        };
    }

    private static String unavailability() {
        Throwable cause = Epoll.unavailabilityCause();
        while (cause != null && cause.getCause() != null && cause.getMessage() == null) {
            cause = cause.getCause();
        }
        return cause == null ? "unknown reason" : cause.getMessage() == null ? cause.toString() : cause.getMessage();
    }

    boolean epoll() {
        return transport == TftpTransport.EPOLL;
    }

    IoHandlerFactory ioHandlerFactory() {
        return epoll() ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
    }

    /**
     * Datagram channels; {@code ipv4} for a multicast server (a socket that must receive an IPv4
     * group's datagrams has to be an IPv4 socket).
     */
    ChannelFactory<DatagramChannel> channels(boolean ipv4) {
        if (epoll()) {
            return ipv4 ? () -> new EpollDatagramChannel(SocketProtocolFamily.INET) : EpollDatagramChannel::new;
        }
        return ipv4 ? () -> new NioDatagramChannel(SocketProtocolFamily.INET) : NioDatagramChannel::new;
    }

    /** For the log: {@code epoll (native)}, {@code nio}, or {@code nio (native epoll not available: ...)}. */
    String describe() {
        if (epoll()) {
            return "epoll (native)";
        }
        return fallbackReason == null ? "nio" : "nio (native epoll not available: " + fallbackReason + ")";
    }
}
