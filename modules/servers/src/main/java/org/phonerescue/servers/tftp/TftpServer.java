package org.phonerescue.servers.tftp;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.socket.DatagramChannel;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.phonerescue.servers.ServerStartException;
import org.phonerescue.servers.event.ServerEventListener;
import org.phonerescue.servers.files.ServedRoot;

/**
 * A TFTP server (RFC 1350 with option negotiation, RFC 2347, blksize 2348, timeout and tsize
 * 2349, windowsize 7440) serving the files of a {@link ServedRoot}. Read-only unless the
 * configuration enables uploads. Every request, progress step, completion and error is reported
 * to the listener as a {@link org.phonerescue.servers.event.ServerEvent}.
 *
 * <pre>
 * try (TftpServer server = new TftpServer(root, TftpServerConfig.defaults().withBind(null, 6969), events)) {
 *     InetSocketAddress where = server.start();
 *     ...
 * }
 * </pre>
 */
public final class TftpServer implements AutoCloseable {

    /** Room for a burst of requests (many phones booting at once) while the thread is busy. */
    private static final int REQUEST_RECEIVE_BUFFER = 1 << 20;

    private final ServedRoot root;
    private final TftpServerConfig config;
    private final ServerEventListener events;
    private final TransferRegistry registry = new TransferRegistry();
    private final AtomicLong ids = new AtomicLong();
    private EventLoopGroup group;
    private Channel requests;
    private TftpRequestHandler handler;
    private DatagramTransport transport;

    public TftpServer(ServedRoot root, TftpServerConfig config, ServerEventListener events) {
        this.root = root;
        this.config = config;
        this.events = events;
    }

    /**
     * Binds the request port and starts serving.
     *
     * @return the address actually bound (the port chosen when the configuration says 0)
     * @throws ServerStartException when the port cannot be bound, with the reason and the fix
     */
    public synchronized InetSocketAddress start() throws ServerStartException {
        if (requests != null) {
            throw new IllegalStateException("already started");
        }
        try {
            transport = DatagramTransport.resolve(config.transport());
        } catch (IllegalStateException e) {
            throw new ServerStartException("TFTP cannot start: " + e.getMessage()
                    + " (the NIO transport works everywhere)", e);
        }
        group = new MultiThreadIoEventLoopGroup(config.ioThreads(), transport.ioHandlerFactory());
        // Multicast needs IPv4 sockets on the wildcard address: a socket bound to a unicast
        // address does not receive datagrams sent to a group.
        boolean multicast = config.multicast() != null;
        Bootstrap transfers = new Bootstrap().group(group).channelFactory(transport.channels(multicast));
        Bootstrap listener = new Bootstrap().group(group).channelFactory(transport.channels(multicast));
        handler = new TftpRequestHandler(root, config, events, registry, transfers, ids);
        try {
            if (multicast && config.bind().getAddress() != null && !config.bind().getAddress().isAnyLocalAddress()) {
                throw new IllegalArgumentException("a multicast TFTP server listens on every address");
            }
            requests = listener
                    .option(ChannelOption.SO_RCVBUF, REQUEST_RECEIVE_BUFFER)
                    // RFC 1350 requests are short; 2 KB holds any name a phone sends plus options.
                    .option(ChannelOption.RECVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(2048))
                    .handler(handler)
                    .bind(multicast ? new InetSocketAddress(config.bind().getPort()) : config.bind())
                    .syncUninterruptibly().channel();
            if (multicast) {
                join((DatagramChannel) requests, config.multicast());
            }
        } catch (IllegalArgumentException e) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            group = null;
            requests = null;
            throw new ServerStartException("TFTP cannot join the multicast group: " + e.getMessage(), e);
        } catch (Exception e) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            group = null;
            throw ServerStartException.forBind("TFTP", "UDP", config.bind(), e);
        }
        return localAddress();
    }

    /**
     * Joins {@code m} on {@code channel}: from a transfer's own thread this happens at once, so the
     * group's datagrams are heard before the first DATA is answered.
     */
    static void join(DatagramChannel channel, TftpMulticast m) {
        NetworkInterface nif;
        try {
            nif = NetworkInterface.getByName(m.interfaceName());
        } catch (java.net.SocketException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        if (nif == null) {
            throw new IllegalArgumentException("no network interface named '" + m.interfaceName() + "'");
        }
        io.netty.channel.ChannelFuture f = channel.joinGroup(new InetSocketAddress(m.group(), 0), nif).syncUninterruptibly();
        if (!f.isSuccess()) {
            throw new IllegalArgumentException("joining " + m.group().getHostAddress() + " on " + m.interfaceName()
                    + " failed: " + f.cause());
        }
    }

    /** The address the request port is bound to, or null before {@link #start()}. */
    public InetSocketAddress localAddress() {
        return requests == null ? null : (InetSocketAddress) requests.localAddress();
    }

    /**
     * The network transport in use, for the log: {@code epoll (native)}, {@code nio}, or for
     * {@link TftpTransport#AUTO} on a machine without the native library {@code nio (native epoll
     * not available: why)}; null before {@link #start()}.
     */
    public String transportDescription() {
        DatagramTransport t = transport;
        return t == null ? null : t.describe();
    }

    /** {@link TftpTransport#EPOLL} or {@link TftpTransport#NIO} once started, else null. */
    public TftpTransport transport() {
        DatagramTransport t = transport;
        return t == null ? null : t.transport();
    }

    /** Transfers running now. */
    public int activeTransfers() {
        return registry.size();
    }

    /** Datagrams that reached the request port and were not TFTP requests (dropped unanswered). */
    public long ignoredDatagrams() {
        return handler == null ? 0 : handler.ignored();
    }

    public TftpServerConfig config() {
        return config;
    }

    /** Stops listening, ends every transfer (clients get ERROR 0) and releases the threads. */
    @Override
    public synchronized void close() {
        if (requests == null) {
            return;
        }
        requests.close().syncUninterruptibly();
        for (Transfer t : registry.all()) {
            t.abort("the server is shutting down");
        }
        group.shutdownGracefully(100, 2000, TimeUnit.MILLISECONDS).syncUninterruptibly();
        requests = null;
        group = null;
    }

    @Override
    public String toString() {
        return "TFTP server on " + localAddress() + " serving " + root.root();
    }

}
