package org.phonerescue.servers.http;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * How an {@link HttpFileServer} behaves.
 *
 * @param bind             address and port to listen on (port 0: any free port)
 * @param listing          answer a folder's URL with a list of its files; off by default
 * @param idleTimeout      a connection with no traffic for this long is closed
 * @param progressInterval at most one progress event per transfer this often
 * @param ioThreads        network threads
 */
public record HttpServerConfig(InetSocketAddress bind, boolean listing, Duration idleTimeout,
                               Duration progressInterval, int ioThreads) {

    public static final int DEFAULT_PORT = 80;

    public static HttpServerConfig defaults() {
        return new HttpServerConfig(new InetSocketAddress(DEFAULT_PORT), false, Duration.ofSeconds(60),
                Duration.ofSeconds(1), Math.max(2, Runtime.getRuntime().availableProcessors()));
    }

    public HttpServerConfig withBind(InetAddress address, int port) {
        return new HttpServerConfig(address == null ? new InetSocketAddress(port) : new InetSocketAddress(address, port),
                listing, idleTimeout, progressInterval, ioThreads);
    }

    public HttpServerConfig withListing(boolean on) {
        return new HttpServerConfig(bind, on, idleTimeout, progressInterval, ioThreads);
    }

    public HttpServerConfig withIdleTimeout(Duration timeout) {
        return new HttpServerConfig(bind, listing, timeout, progressInterval, ioThreads);
    }

    public HttpServerConfig withProgressInterval(Duration interval) {
        return new HttpServerConfig(bind, listing, idleTimeout, interval, ioThreads);
    }
}
