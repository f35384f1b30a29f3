package org.phonerescue.servers.http;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.timeout.IdleStateHandler;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.phonerescue.servers.ServerStartException;
import org.phonerescue.servers.event.ServerEventListener;
import org.phonerescue.servers.files.ServedRoot;

/**
 * An HTTP/1.1 file server for images TFTP cannot carry (over 32 MB, field notes §2): GET and
 * HEAD, single byte ranges, zero-copy bodies, folder listing only when enabled. Names are looked
 * up through the same {@link ServedRoot} as TFTP, after percent-decoding.
 */
public final class HttpFileServer implements AutoCloseable {

    /** Requests carry no body worth reading; a larger one is refused (413) by the aggregator. */
    private static final int MAX_REQUEST_BODY = 8192;

    private final ServedRoot root;
    private final HttpServerConfig config;
    private final ServerEventListener events;
    private final AtomicLong ids = new AtomicLong();
    private EventLoopGroup group;
    private Channel listener;

    public HttpFileServer(ServedRoot root, HttpServerConfig config, ServerEventListener events) {
        this.root = root;
        this.config = config;
        this.events = events;
    }

    /**
     * Binds the port and starts serving.
     *
     * @return the address bound
     * @throws ServerStartException when the port cannot be bound, with the reason and the fix
     */
    public synchronized InetSocketAddress start() throws ServerStartException {
        if (listener != null) {
            throw new IllegalStateException("already started");
        }
        group = new MultiThreadIoEventLoopGroup(config.ioThreads(), NioIoHandler.newFactory());
        long idleSeconds = Math.max(1, config.idleTimeout().toSeconds());
        try {
            listener = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                    .option(ChannelOption.SO_BACKLOG, 1024)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline().addLast(new IdleStateHandler(0, 0, idleSeconds, TimeUnit.SECONDS),
                                    new HttpServerCodec(),
                                    new HttpObjectAggregator(MAX_REQUEST_BODY),
                                    new HttpFileHandler(root, config, events, ids));
                        }
                    })
                    .bind(config.bind()).syncUninterruptibly().channel();
        } catch (Exception e) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            group = null;
            throw ServerStartException.forBind("HTTP", "TCP", config.bind(), e);
        }
        return localAddress();
    }

    public InetSocketAddress localAddress() {
        return listener == null ? null : (InetSocketAddress) listener.localAddress();
    }

    @Override
    public synchronized void close() {
        if (listener == null) {
            return;
        }
        listener.close().syncUninterruptibly();
        group.shutdownGracefully(100, 2000, TimeUnit.MILLISECONDS).syncUninterruptibly();
        listener = null;
        group = null;
    }

    @Override
    public String toString() {
        return "HTTP server on " + localAddress() + " serving " + root.root();
    }
}
