package org.phonerescue.servers;

import java.net.InetSocketAddress;

/** A server could not start; the message says why and what to do, in one or two sentences. */
public final class ServerStartException extends Exception {

    private static final long serialVersionUID = 1L;

    public ServerStartException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * The message for a failed bind: a privileged port without rights, a port another program
     * holds, an address this machine does not have.
     */
    public static ServerStartException forBind(String server, String transport, InetSocketAddress address,
                                               Throwable cause) {
        String where = transport + " port " + address.getPort()
                + (address.getAddress() != null && !address.getAddress().isAnyLocalAddress()
                ? " on " + address.getAddress().getHostAddress() : "");
        String text = String.valueOf(cause.getMessage()).toLowerCase(java.util.Locale.ROOT);
        String message;
        if (text.contains("permission denied") || text.contains("access denied")) {
            message = server + " cannot listen on " + where + ": permission denied. Ports below 1024 need root"
                    + " rights: run as root (sudo), or allow Java to bind them with"
                    + " 'sudo setcap cap_net_bind_service=+ep " + javaExecutable() + "',"
                    + " or choose a port of 1024 or above for tests.";
        } else if (text.contains("address already in use")) {
            message = server + " cannot listen on " + where + ": another program holds it."
                    + " Find it with 'sudo ss -" + (transport.equals("UDP") ? "u" : "t") + "lpn sport = :"
                    + address.getPort() + "' and stop it (e.g. 'sudo systemctl stop tftpd-hpa'), or choose another port.";
        } else if (text.contains("cannot assign requested address")) {
            message = server + " cannot listen on " + where + ": this machine has no such address"
                    + " (check the interface's address with 'ip -brief address').";
        } else {
            message = server + " cannot listen on " + where + ": " + cause.getMessage();
        }
        return new ServerStartException(message, cause);
    }

    private static String javaExecutable() {
        return java.nio.file.Paths.get(System.getProperty("java.home"), "bin", "java").toString();
    }

}
