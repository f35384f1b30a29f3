package org.phonerescue.cli.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The guarded DHCP server of {@code phonerescue serve --dhcp} against busybox's udhcpc (client)
 * and udhcpd (a second server on the link), across two network namespaces. udhcpc hands every
 * option to a hook script as an environment variable, which the test reads back: option 150 must
 * arrive in network byte order.
 */
class NetnsDhcpIT {

    @TempDir
    static Path dir;
    static VethNamespaces net;
    static String prefix;

    @BeforeAll
    static void link() throws Exception {
        Requirements.root();
        Requirements.commands("ip", "busybox");
        try {
            net = VethNamespaces.create(1);
        } catch (java.io.IOException e) {
            Requirements.missing("network namespaces: " + e.getMessage());
        }
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        prefix = net.serverAddress.substring(0, net.serverAddress.lastIndexOf('.') + 1);
    }

    @AfterAll
    static void unlink() throws Exception {
        if (net != null) {
            net.close();
        }
    }

    /** Runs udhcpc once in the client namespace; returns the variables its hook saw on "bound". */
    private Map<String, String> udhcpc() throws Exception {
        Path out = dir.resolve("bound-" + System.nanoTime() + ".env");
        Path hook = dir.resolve("hook-" + System.nanoTime() + ".sh");
        Files.writeString(hook, "#!/bin/sh\n[ \"$1\" = bound ] && env > " + out + "\nexit 0\n");
        Files.setPosixFilePermissions(hook, PosixFilePermissions.fromString("rwxr-xr-x"));
        Run r = Run.of(60, net.inClient("busybox", "udhcpc", "-i", net.clientLink, "-f", "-q", "-n", "-t", "5", "-T", "2",
                "-s", hook.toString(), "-O", "150", "-O", "66", "-O", "67"));
        assertTrue(r.ok() && Files.exists(out), "udhcpc got no lease: " + r);
        Map<String, String> env = new HashMap<>();
        for (String line : Files.readAllLines(out)) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                env.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return env;
    }

    @Test
    void udhcpcGetsAnAddressAndTheRecoveryOptionsInNetworkByteOrder() throws Exception {
        Path root = Files.createDirectories(dir.resolve("root"));
        try (ServeProcess serve = ServeProcess.start(net.inServer(), "--root", root.toString(), "--dhcp", net.serverLink,
                "--dhcp-pool", prefix + "100-" + prefix + "110", "--dhcp-probe", "1", "--dhcp-router", net.serverAddress,
                "--tftp-server-address", net.serverAddress + "," + prefix + "9", "--tftp-server-name", net.serverAddress,
                "--bootfile", "SEPDEFAULT.cnf.xml", "--dhcp-option", "42=ip:" + prefix + "7")) {
            assertNotNull(serve.await(l -> l.contains(" dhcp serving " + net.serverLink + " (" + net.serverAddress + "/24)"),
                    30), serve.lines() + serve.stderr());
            assertNotNull(serve.await(l -> l.contains(" dhcp option 150 TFTP server address    96 08 0a e7 "), 5),
                    serve.lines().toString());
            Map<String, String> env = udhcpc();
            assertEquals(prefix + "100", env.get("ip"));
            assertEquals("255.255.255.0", env.get("subnet"));
            assertEquals(net.serverAddress, env.get("router"));
            assertEquals(net.serverAddress, env.get("serverid"));
            assertEquals(net.serverAddress, env.get("tftp"), "option 66");
            assertEquals("SEPDEFAULT.cnf.xml", env.get("bootfile"), "option 67");
            // RFC 5859: every address in network byte order, most significant byte first
            assertEquals(hex(net.serverAddress) + hex(prefix + "9"), env.get("opt150").toLowerCase(), "option 150");
            assertEquals(prefix + "7", env.get("ntpsrv"), "option 42 set by hand");
            assertNotNull(serve.await(l -> l.contains(" dhcp ") && l.contains(" granted " + prefix + "100 for 3600 s"), 10),
                    serve.lines().toString());
        }
    }

    @Test
    void aStaticLeaseGoesToItsMac() throws Exception {
        Run mac = Run.of(10, net.inClient("cat", "/sys/class/net/" + net.clientLink + "/address"));
        assertTrue(mac.ok(), mac.toString());
        Path root = Files.createDirectories(dir.resolve("root2"));
        try (ServeProcess serve = ServeProcess.start(net.inServer(), "--root", root.toString(), "--dhcp", net.serverLink,
                "--dhcp-pool", prefix + "100-" + prefix + "110", "--dhcp-probe", "1",
                "--dhcp-static", mac.out().trim() + "=" + prefix + "50")) {
            assertNotNull(serve.await(l -> l.contains(" dhcp serving "), 30), serve.lines() + serve.stderr());
            assertEquals(prefix + "50", udhcpc().get("ip"));
        }
    }

    @Test
    void anotherDhcpServerOnTheLinkStopsOursAndIsNamed() throws Exception {
        Path conf = dir.resolve("udhcpd.conf");
        Files.writeString(conf, "start " + prefix + "200\nend " + prefix + "210\ninterface " + net.clientLink + "\n"
                + "lease_file " + dir.resolve("udhcpd.leases") + "\npidfile " + dir.resolve("udhcpd.pid") + "\n"
                + "option subnet 255.255.255.0\n");
        Files.writeString(dir.resolve("udhcpd.leases"), "");
        // udhcpd pings an address for 2 s before offering it: the probe must outlast that
        Process rogue = new ProcessBuilder(net.inClient("busybox", "udhcpd", "-f", conf.toString()))
                .redirectErrorStream(true).redirectOutput(dir.resolve("udhcpd.log").toFile()).start();
        try {
            Thread.sleep(500);
            assertTrue(rogue.isAlive(), Files.readString(dir.resolve("udhcpd.log")));
            Path root = Files.createDirectories(dir.resolve("root3"));
            try (ServeProcess serve = ServeProcess.start(net.inServer(), "--root", root.toString(), "--tftp", "--dhcp",
                    net.serverLink, "--dhcp-pool", prefix + "100-" + prefix + "110", "--dhcp-probe", "4")) {
                assertEquals(4, serve.awaitExit(30), serve.lines() + serve.stderr());
                String err = serve.stderr();
                String said = "phonerescue serve: DHCP will not start on " + net.serverLink + ": DHCP server "
                        + net.clientAddress + " (packets from " + net.clientAddress + ") answered our probe with an offer of "
                        + prefix;
                assertTrue(err.startsWith(said), err);
                // any address of udhcpd's pool .200-.210 (it skips addresses that answer its ping)
                int offered = Integer.parseInt(err.substring(said.length()).split("[^0-9]", 2)[0]);
                assertTrue(offered >= 200 && offered <= 210, err);
                assertTrue(serve.lines().stream().noneMatch(l -> l.contains(" tftp serving ")),
                        "nothing else starts either: " + serve.lines());
            }
        } finally {
            rogue.destroy();
            rogue.waitFor();
        }
    }

    private static String hex(String dotted) {
        StringBuilder sb = new StringBuilder();
        for (String part : dotted.split("\\.")) {
            sb.append(String.format("%02x", Integer.parseInt(part)));
        }
        return sb.toString();
    }
}
