package org.phonerescue.servers.ftp;

import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * How an {@link FtpFileServer} behaves. Read-only always; passive mode only.
 *
 * @param bind         address and port of the control connection (port 0: any free port)
 * @param user         the one account, or null for anonymous logins
 * @param password     its password (ignored for anonymous)
 * @param passivePorts the data ports passive mode may use, e.g. "40000-40049"; null: any free port
 * @param maxLogins    sessions at once
 * @param idleSeconds  an idle session is closed after this long
 */
public record FtpServerConfig(InetSocketAddress bind, String user, String password, String passivePorts,
                              int maxLogins, int idleSeconds) {

    public static final int DEFAULT_PORT = 21;

    /** Port 21 on every address, anonymous, any passive port, 16 sessions, 5 minutes idle. */
    public static FtpServerConfig defaults() {
        return new FtpServerConfig(new InetSocketAddress(DEFAULT_PORT), null, null, null, 16, 300);
    }

    public FtpServerConfig withBind(InetAddress address, int port) {
        return new FtpServerConfig(address == null ? new InetSocketAddress(port) : new InetSocketAddress(address, port),
                user, password, passivePorts, maxLogins, idleSeconds);
    }

    public FtpServerConfig withUser(String name, String secret) {
        return new FtpServerConfig(bind, name, secret, passivePorts, maxLogins, idleSeconds);
    }

    public FtpServerConfig withPassivePorts(String ports) {
        return new FtpServerConfig(bind, user, password, ports, maxLogins, idleSeconds);
    }

    @Override
    public String toString() {
        // never the password
        return "FtpServerConfig[bind=" + bind + ", user=" + (user == null ? "anonymous" : user) + ", passivePorts="
                + passivePorts + ", maxLogins=" + maxLogins + ", idleSeconds=" + idleSeconds + "]";
    }
}
