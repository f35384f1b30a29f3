package org.phonerescue.servers.dhcp;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketProtocolFamily;
import io.netty.channel.socket.nio.NioDatagramChannel;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import org.phonerescue.servers.ServerStartException;
import org.phonerescue.servers.event.ServerEventListener;

/**
 * A DHCP server for one interface, off unless asked for and guarded: {@link #start()} first runs
 * {@link DhcpGuard} and refuses to start when another DHCP server answers on that interface
 * (saying which). Addresses come from one pool in the interface's subnet, static leases by MAC
 * win, and every OFFER and ACK carries the configured options (3, 6, 66, 67, 150 in network byte
 * order, 43, free-form).
 *
 * <p>Where it listens: requests are broadcasts, which only a socket on the wildcard address
 * receives, so one channel listens on {@code 0.0.0.0:67}; replies leave from a second channel
 * bound to the interface's own address, and on Linux a broadcast from a bound address goes out
 * of that address's interface only. A request that arrived on another interface therefore gets
 * no answer there. Relayed requests (giaddr set) are never answered.
 */
public final class DhcpServer implements AutoCloseable {

    private final DhcpServerConfig config;
    private final ServerEventListener events;
    private EventLoopGroup group;
    private Channel wildcard;
    private Channel own;

    public DhcpServer(DhcpServerConfig config, ServerEventListener events) {
        this.config = config;
        this.events = events;
    }

    /**
     * Probes for other DHCP servers, then binds.
     *
     * @throws ServerStartException when another server answered, the probe could not run, or a port
     *                              cannot be bound — with the reason and the fix
     */
    public synchronized void start() throws ServerStartException {
        if (group != null) {
            throw new IllegalStateException("already started");
        }
        DhcpGuard.Finding finding;
        try {
            finding = DhcpGuard.probe(config);
        } catch (IOException e) {
            throw new ServerStartException("DHCP cannot look for other DHCP servers on " + config.interfaceName()
                    + " (UDP port " + config.clientPort() + "): " + e.getMessage() + ". Without that check it does not"
                    + " start; stop the DHCP client holding the port (e.g. 'sudo dhclient -r " + config.interfaceName()
                    + "') and run as root.", e);
        }
        if (!finding.clear()) {
            throw new ServerStartException("DHCP will not start on " + config.interfaceName() + ": "
                    + String.join("; ", finding.otherServers()) + ". Two DHCP servers on one network hand out"
                    + " conflicting addresses; disconnect that network or stop that server, or use its options"
                    + " (66/67/150) instead of ours.", null);
        }
        group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        DhcpRequestHandler handler = new DhcpRequestHandler(config, events);
        Bootstrap b = new Bootstrap().group(group)
                .channelFactory(() -> new NioDatagramChannel(SocketProtocolFamily.INET))
                .option(ChannelOption.SO_BROADCAST, true)
                .option(ChannelOption.SO_REUSEADDR, true)
                .handler(handler);
        try {
            own = b.bind(new InetSocketAddress(config.serverAddress(), config.serverPort())).syncUninterruptibly().channel();
            handler.replyChannel(own);
            wildcard = b.bind(new InetSocketAddress(config.serverPort())).syncUninterruptibly().channel();
        } catch (Exception e) {
            close();
            throw ServerStartException.forBind("DHCP", "UDP", new InetSocketAddress(config.serverPort()), e);
        }
    }

    public DhcpServerConfig config() {
        return config;
    }

    @Override
    public synchronized void close() {
        if (wildcard != null) {
            wildcard.close().syncUninterruptibly();
            wildcard = null;
        }
        if (own != null) {
            own.close().syncUninterruptibly();
            own = null;
        }
        if (group != null) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
            group = null;
        }
    }

    @Override
    public String toString() {
        return "DHCP server on " + config.interfaceName() + " (" + config.serverAddress().getHostAddress() + ")";
    }
}
