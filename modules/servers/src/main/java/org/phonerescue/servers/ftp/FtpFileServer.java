package org.phonerescue.servers.ftp;

import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.ftpserver.ConnectionConfigFactory;
import org.apache.ftpserver.DataConnectionConfigurationFactory;
import org.apache.ftpserver.FtpServer;
import org.apache.ftpserver.FtpServerFactory;
import org.apache.ftpserver.ftplet.FtpException;
import org.apache.ftpserver.impl.DefaultFtpServer;
import org.apache.ftpserver.listener.ListenerFactory;
import org.phonerescue.servers.ServerStartException;
import org.phonerescue.servers.event.ServerEventListener;
import org.phonerescue.servers.files.ServedRoot;

/**
 * A read-only FTP server (Apache FtpServer) for phones that recover over FTP (Snom rescue mode):
 * anonymous or one account, passive mode only, the files of a {@link ServedRoot} under the same
 * rules as TFTP and HTTP. Off unless asked for.
 */
public final class FtpFileServer implements AutoCloseable {

    private final ServedRoot root;
    private final FtpServerConfig config;
    private final ServerEventListener events;
    private FtpServer server;
    private InetSocketAddress bound;

    public FtpFileServer(ServedRoot root, FtpServerConfig config, ServerEventListener events) {
        this.root = root;
        this.config = config;
        this.events = events;
    }

    /**
     * @return the control address bound
     * @throws ServerStartException when the port cannot be bound, with the reason and the fix
     */
    public synchronized InetSocketAddress start() throws ServerStartException {
        if (server != null) {
            throw new IllegalStateException("already started");
        }
        ServedRootFileSystem fs = new ServedRootFileSystem(root);
        FtpServerFactory factory = new FtpServerFactory();
        ListenerFactory listener = new ListenerFactory();
        listener.setPort(config.bind().getPort());
        boolean specific = config.bind().getAddress() != null && !config.bind().getAddress().isAnyLocalAddress();
        if (specific) {
            listener.setServerAddress(config.bind().getAddress().getHostAddress());
        }
        listener.setIdleTimeout(config.idleSeconds());
        DataConnectionConfigurationFactory data = new DataConnectionConfigurationFactory();
        // Passive only: the phone opens every data connection, so no firewall in front of it must
        // let our connections in (RFC 959 PASV, RFC 2428 EPSV).
        data.setActiveEnabled(false);
        if (config.passivePorts() != null) {
            data.setPassivePorts(config.passivePorts());
        }
        if (specific) {
            data.setPassiveAddress(config.bind().getAddress().getHostAddress());
        }
        listener.setDataConnectionConfiguration(data.createDataConnectionConfiguration());
        factory.addListener("default", listener.createListener());
        ConnectionConfigFactory connections = new ConnectionConfigFactory();
        connections.setAnonymousLoginEnabled(config.user() == null);
        connections.setMaxLogins(config.maxLogins());
        connections.setMaxAnonymousLogins(config.maxLogins());
        factory.setConnectionConfig(connections.createConnectionConfig());
        factory.setUserManager(new SingleUserManager(config.user(), config.password(), config.maxLogins(),
                config.idleSeconds()));
        factory.setFileSystem(fs);
        // the library clears this map when it stops: it must be mutable
        factory.setFtplets(new java.util.HashMap<>(Map.of("events", new EventFtplet(fs, events, new AtomicLong()))));
        FtpServer s = factory.createServer();
        try {
            s.start();
        } catch (FtpException | RuntimeException e) {
            s.stop();
            Throwable cause = e;
            while (cause.getCause() != null && cause.getCause() != cause) {
                cause = cause.getCause();
            }
            throw ServerStartException.forBind("FTP", "TCP", config.bind(), cause);
        }
        server = s;
        int port = ((DefaultFtpServer) s).getListener("default").getPort();
        bound = specific ? new InetSocketAddress(config.bind().getAddress(), port) : new InetSocketAddress(port);
        return bound;
    }

    public InetSocketAddress localAddress() {
        return bound;
    }

    @Override
    public synchronized void close() {
        if (server != null) {
            server.stop();
            server = null;
        }
    }

    @Override
    public String toString() {
        return "FTP server on " + bound + " serving " + root.root();
    }
}
