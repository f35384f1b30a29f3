package org.phonerescue.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.phonerescue.servers.ServerEventText;
import org.phonerescue.servers.ServerStartException;
import org.phonerescue.servers.dhcp.DhcpServer;
import org.phonerescue.servers.dhcp.DhcpServerConfig;
import org.phonerescue.servers.event.ServerEvent;
import org.phonerescue.servers.ftp.FtpFileServer;
import org.phonerescue.servers.ftp.FtpServerConfig;
import org.phonerescue.servers.files.LookupRules;
import org.phonerescue.servers.files.ServedRoot;
import org.phonerescue.servers.http.HttpFileServer;
import org.phonerescue.servers.http.HttpServerConfig;
import org.phonerescue.servers.tftp.BlockRollover;
import org.phonerescue.servers.tftp.TftpServer;
import org.phonerescue.servers.tftp.TftpServerConfig;
import org.phonerescue.servers.tftp.TftpTransport;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code phonerescue serve --root DIR --tftp[=PORT] ...}: serves a recovery folder headless until
 * stopped (Ctrl-C or SIGTERM), one log line per request, progress step, completion and error.
 */
@Command(name = "serve", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Serves the files of a folder to recovering phones, until stopped (Ctrl-C).",
            "Logs one line per request, progress step, finished or failed transfer and refused request. Ports "
                    + "below 1024 (TFTP 69, HTTP 80, FTP 21, DHCP 67) need root or the cap_net_bind_service "
                    + "capability; ports of 1024 and above work unprivileged, e.g. --tftp=6969."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:stopped",
            "2:wrong usage",
            "3:the root folder is missing or unreadable",
            "4:a server could not start (port in use, no rights to the port, no such address), or the log could "
                    + "not be written (serving stops)",
            "141:the log's reader went away (e.g. a pipe into head): serving stops"})
final class ServeCommand implements Callable<Integer> {

    static final int EXIT_SERVER_DID_NOT_START = 4;

    /** Counted down when serving ends: by Ctrl-C or SIGTERM (the shutdown hook), or a log that failed. */
    private final CountDownLatch stopped = new CountDownLatch(1);
    /** The first log line that could not be written, or null. */
    private volatile CommandOutput.Failed logFailed;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--root", required = true, paramLabel = "DIR", description = "the folder to serve")
    Path root;

    @Option(names = "--tftp", arity = "0..1", fallbackValue = "69", paramLabel = "PORT",
            description = "serve TFTP on UDP PORT (69 when no port is given)")
    Integer tftpPort;

    @Option(names = "--http", arity = "0..1", fallbackValue = "80", paramLabel = "PORT",
            description = "serve HTTP (GET, HEAD, ranges) on TCP PORT (80 when no port is given)")
    Integer httpPort;

    @Option(names = "--listing", description = "HTTP: answer a folder's URL with the list of its files (off by default)")
    boolean listing;

    @Option(names = "--ftp", arity = "0..1", fallbackValue = "21", paramLabel = "PORT",
            description = "serve FTP, read-only and passive only, on TCP PORT (21 when no port is given)")
    Integer ftpPort;

    @Option(names = "--ftp-user", paramLabel = "NAME", description = "FTP: one account instead of anonymous logins")
    String ftpUser;

    @Option(names = "--ftp-password-file", paramLabel = "FILE",
            description = "FTP: the account's password, first line of FILE (not on the command line, where ps shows it)")
    Path ftpPasswordFile;

    @Option(names = "--ftp-passive-ports", paramLabel = "FIRST-LAST", description = "FTP: data ports for passive mode (default: any)")
    String ftpPassivePorts;

    @Option(names = "--dhcp", paramLabel = "INTERFACE",
            description = "serve DHCP on this interface only (off by default); it first looks for another DHCP"
                    + " server there and does not start if one answers; needs --dhcp-pool")
    String dhcpInterface;

    @CommandLine.Mixin
    DhcpServeMixin dhcp;

    @Option(names = "--bind", paramLabel = "ADDRESS",
            description = "listen on this address only (default: every address of this machine)")
    InetAddress bind;

    @Option(names = "--ignore-leading-slash", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "look /name up as name (the SPA loader asks for /spa71f6.bin); on unless --no-ignore-leading-slash")
    boolean ignoreLeadingSlash;

    @Option(names = "--ignore-case", description = "match names regardless of case when no exact match exists")
    boolean ignoreCase;

    @Option(names = "--alias", paramLabel = "NAME=FILE", mapFallbackValue = "",
            description = "serve FILE (relative to the root) also as NAME; repeatable")
    Map<String, String> aliases = new LinkedHashMap<>();

    @Option(names = "--allow-upload", description = "accept TFTP uploads (WRQ) of new files directly into the root")
    boolean allowUpload;

    @Option(names = "--rollover", defaultValue = "0", paramLabel = "0|1",
            description = "TFTP block number after 65535: 0 (tftp-hpa, curl, atftp) or 1; default ${DEFAULT-VALUE}")
    int rollover;

    @Option(names = "--retransmit-timeout", defaultValue = "1000", paramLabel = "MS",
            description = "first TFTP retransmission timeout when the client does not set one; doubles up to 4x; default ${DEFAULT-VALUE}")
    long retransmitMillis;

    @Option(names = "--retries", defaultValue = "5", paramLabel = "N",
            description = "unanswered TFTP retransmissions before a transfer is given up; default ${DEFAULT-VALUE}")
    int retries;

    @Option(names = "--max-transfers", defaultValue = "512", paramLabel = "N",
            description = "TFTP transfers at once; default ${DEFAULT-VALUE}")
    int maxTransfers;

    @Option(names = "--tftp-transport", defaultValue = "auto", paramLabel = "auto|epoll|nio",
            description = "TFTP sockets: Linux's native epoll, the JDK's NIO, or auto (epoll where its native"
                    + " library loads, else NIO); default ${DEFAULT-VALUE}")
    String tftpTransport;

    @Option(names = "--no-progress", description = "leave out the progress lines")
    boolean noProgress;

    @Override
    public Integer call() {
        if (tftpPort == null && httpPort == null && dhcpInterface == null && ftpPort == null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "name at least one server, e.g. --tftp or --http");
        }
        DhcpServerConfig dhcpConfig = null;
        if (dhcpInterface != null) {
            try {
                dhcpConfig = dhcp.config(dhcpInterface);
            } catch (IllegalArgumentException | java.net.SocketException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
            }
        }
        if (rollover != 0 && rollover != 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--rollover is 0 or 1, not " + rollover);
        }
        transport(tftpTransport); // refuses an unknown name before anything starts
        if ((ftpUser == null) != (ftpPasswordFile == null)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--ftp-user and --ftp-password-file go together");
        }
        for (Integer port : new Integer[] {tftpPort, httpPort, ftpPort}) {
            if (port != null && (port < 0 || port > 65535)) {
                throw new CommandLine.ParameterException(spec.commandLine(), "port " + port + " is not 0..65535");
            }
        }
        PrintStream log = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        ServedRoot served;
        try {
            served = new ServedRoot(root, LookupRules.exact().withIgnoreLeadingSlash(ignoreLeadingSlash)
                    .withCaseInsensitive(ignoreCase).withAliases(aliases));
            if (!Files.isReadable(served.root())) {
                throw new java.nio.file.AccessDeniedException(root.toString());
            }
        } catch (IOException e) {
            return Failures.folder(root, e);
        }

        List<AutoCloseable> running = new ArrayList<>();
        try {
            if (dhcpConfig != null) {
                // first, so that the probe for other DHCP servers happens before anything is served
                startDhcp(dhcpConfig, log, running);
            }
            if (tftpPort != null) {
                startTftp(served, log, running);
            }
            if (httpPort != null) {
                HttpFileServer http = new HttpFileServer(served, HttpServerConfig.defaults().withBind(bind, httpPort)
                        .withListing(listing), event -> print(log, event));
                running.add(http);
                var where = http.start();
                log.println(timestamp() + " http serving " + served.root() + " on tcp " + hostAndPort(where)
                        + (listing ? ", folder listing on" : ", folder listing off"));
            }
            if (ftpPort != null) {
                startFtp(served, log, running);
            }
        } catch (ServerStartException e) {
            System.err.println("phonerescue serve: " + e.getMessage());
            closeAll(running);
            return EXIT_SERVER_DID_NOT_START;
        } catch (IOException e) {
            closeAll(running);
            return Failures.report(ftpPasswordFile, e);
        }

        Thread hook = new Thread(() -> {
            closeAll(running);
            try {
                log.println(timestamp() + " stopped");
            } catch (CommandOutput.Failed e) {
                // the log is gone; the servers are stopped all the same
            }
            stopped.countDown();
        }, "phonerescue-serve-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        CommandOutput.Failed failed = logFailed;
        if (failed == null) {
            return 0;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            return 0; // stopping anyway (Ctrl-C at the same moment): the hook closes the servers
        }
        closeAll(running);
        return CommandOutput.exit(failed);
    }

    private void startDhcp(DhcpServerConfig config, PrintStream log, List<AutoCloseable> running)
            throws ServerStartException {
        log.println(timestamp() + " dhcp looking for other DHCP servers on " + config.interfaceName() + " for "
                + config.probe().toSeconds() + " s");
        DhcpServer server = new DhcpServer(config, event -> print(log, event));
        running.add(server);
        server.start();
        log.println(timestamp() + " dhcp serving " + config.interfaceName() + " ("
                + config.serverAddress().getHostAddress() + "/" + config.prefixLength() + ") on udp *:"
                + config.serverPort() + ", pool " + config.poolFirst().getHostAddress() + "-"
                + config.poolLast().getHostAddress() + ", lease " + config.leaseSeconds() + " s"
                + (config.staticLeases().isEmpty() ? "" : ", " + config.staticLeases().size() + " static leases")
                + "; no other DHCP server answered");
        for (String line : DhcpOptionsMixin.preview(dhcp.values.options())) {
            log.println(timestamp() + " dhcp " + line);
        }
    }

    private void startFtp(ServedRoot served, PrintStream log, List<AutoCloseable> running)
            throws ServerStartException, IOException {
        FtpServerConfig config = FtpServerConfig.defaults().withBind(bind, ftpPort).withPassivePorts(ftpPassivePorts);
        if (ftpUser != null) {
            String password = Files.readAllLines(ftpPasswordFile, StandardCharsets.UTF_8).stream().findFirst().orElse("");
            config = config.withUser(ftpUser, password);
        }
        FtpFileServer ftp = new FtpFileServer(served, config, event -> print(log, event));
        running.add(ftp);
        var where = ftp.start();
        log.println(timestamp() + " ftp serving " + served.root() + " on tcp " + hostAndPort(where)
                + ", read-only, passive only, " + (ftpUser == null ? "anonymous" : "user " + ftpUser));
    }

    private void startTftp(ServedRoot served, PrintStream log, List<AutoCloseable> running) throws ServerStartException {
        TftpServerConfig config = TftpServerConfig.defaults()
                .withBind(bind, tftpPort)
                .withWriteEnabled(allowUpload)
                .withRollover(rollover == 0 ? BlockRollover.WRAP_TO_ZERO : BlockRollover.WRAP_TO_ONE)
                .withRetransmission(Duration.ofMillis(retransmitMillis), Duration.ofMillis(4 * retransmitMillis), retries)
                .withLimits(65464, 64, maxTransfers, Math.min(128, maxTransfers), 1L << 30)
                .withTransport(transport(tftpTransport));
        TftpServer tftp = new TftpServer(served, config, event -> print(log, event));
        running.add(tftp);
        var where = tftp.start();
        log.println(timestamp() + " tftp serving " + served.root() + " on udp " + hostAndPort(where)
                + (allowUpload ? ", uploads allowed" : ", read-only")
                + (ignoreLeadingSlash ? ", leading slash ignored" : "") + (ignoreCase ? ", case ignored" : "")
                + (aliases.isEmpty() ? "" : ", " + aliases.size() + " aliases"));
        log.println(timestamp() + " tftp network transport: " + tftp.transportDescription());
    }

    private TftpTransport transport(String name) {
        return switch (name.toLowerCase(java.util.Locale.ROOT)) {
            case "auto" -> TftpTransport.AUTO;
            case "epoll" -> TftpTransport.EPOLL;
            case "nio" -> TftpTransport.NIO;
            default -> throw new CommandLine.ParameterException(spec.commandLine(),
                    "--tftp-transport must be auto, epoll or nio, not '" + name + "'");
        };
    }

    /**
     * One event's log line, on a server's thread: a log that cannot be written (a full disk, a
     * reader gone) stops serving, as it stops every other command, with the exit of
     * {@link CommandOutput#exit}; the main thread closes the servers.
     */
    private void print(PrintStream log, ServerEvent event) {
        if (noProgress && event instanceof org.phonerescue.servers.event.TransferProgress) {
            return;
        }
        try {
            log.println(event.time().truncatedTo(ChronoUnit.MILLIS) + " " + ServerEventText.line(event));
        } catch (CommandOutput.Failed e) {
            if (logFailed == null) {
                logFailed = e;
            }
            stopped.countDown();
        }
    }

    /** {@code *:69} for every address, {@code 10.0.0.1:69}, {@code [fe80::1]:69}. */
    static String hostAndPort(java.net.InetSocketAddress a) {
        InetAddress address = a.getAddress();
        String host = address.isAnyLocalAddress() ? "*"
                : address instanceof java.net.Inet6Address ? "[" + address.getHostAddress() + "]" : address.getHostAddress();
        return host + ":" + a.getPort();
    }

    private static String timestamp() {
        return java.time.Instant.now().truncatedTo(ChronoUnit.MILLIS).toString();
    }

    private static void closeAll(List<AutoCloseable> servers) {
        for (AutoCloseable s : servers) {
            try {
                s.close();
            } catch (Exception e) {
                System.err.println("phonerescue serve: stopping " + s + ": " + e.getMessage());
            }
        }
    }
}
