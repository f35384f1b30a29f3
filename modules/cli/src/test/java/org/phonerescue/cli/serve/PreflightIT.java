package org.phonerescue.cli.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code phonerescue preflight} inside a network namespace, with each obstacle put there for real:
 * tftpd-hpa holding UDP 69, an nftables rule dropping TFTP, busybox udhcpd answering on the link,
 * a phone in another subnet, a file under another case.
 */
class PreflightIT {

    @TempDir
    static Path dir;
    static VethNamespaces net;
    static String prefix;

    @BeforeAll
    static void link() throws Exception {
        Requirements.root();
        Requirements.commands("ip", "nft", "in.tftpd", "busybox");
        try {
            net = VethNamespaces.create(2);
        } catch (java.io.IOException e) {
            Requirements.missing("network namespaces: " + e.getMessage());
        }
        prefix = net.serverAddress.substring(0, net.serverAddress.lastIndexOf('.') + 1);
        Files.createDirectories(dir.resolve("root"));
        Files.writeString(dir.resolve("root/SPA71F6.BIN"), "image");
    }

    @AfterAll
    static void unlink() throws Exception {
        if (net != null) {
            net.close();
        }
    }

    private Run preflight(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(net.inServer());
        cmd.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                ServeProcess.JAR.toAbsolutePath().toString(), "preflight", "-i", net.serverLink));
        cmd.addAll(List.of(args));
        return Run.of(60, cmd);
    }

    @Test
    void aCleanLinkHasNothingInTheWay() throws Exception {
        Files.writeString(dir.resolve("root/spa71f6.bin"), "image");
        try {
            Run r = preflight("--phone-ip", prefix + "77", "--root", dir.resolve("root").toString(), "--file",
                    "spa71f6.bin", "--dhcp-probe", "1");
            assertEquals(0, r.exit(), r.toString());
            assertTrue(r.out().contains("[ok]       interface " + net.serverLink + " (" + net.serverAddress
                    + "/24) is in the phone's subnet (" + prefix + "77)"), r.out());
            assertTrue(r.out().contains("[ok]       ports     UDP 69 (TFTP) is free"), r.out());
            assertTrue(r.out().contains("[ok]       dhcp      no other DHCP server answered"), r.out());
            assertTrue(r.out().contains("[ok]       firewall  no nftables input chain"), r.out());
            assertTrue(r.out().endsWith("nothing in the way\n"), r.out());
        } finally {
            Files.delete(dir.resolve("root/spa71f6.bin"));
        }
    }

    @Test
    void everyObstacleIsNamedWithItsFix() throws Exception {
        Process tftpd = new ProcessBuilder(List.of("ip", "netns", "exec", net.serverNamespace, "in.tftpd", "--listen",
                "--foreground", "--address", "0.0.0.0:69", "--secure", dir.toString()))
                .redirectErrorStream(true).redirectOutput(dir.resolve("tftpd.log").toFile()).start();
        Path conf = dir.resolve("udhcpd.conf");
        Files.writeString(conf, "start " + prefix + "200\nend " + prefix + "210\ninterface " + net.clientLink + "\n"
                + "lease_file " + dir.resolve("leases") + "\npidfile " + dir.resolve("udhcpd.pid") + "\n");
        Files.writeString(dir.resolve("leases"), "");
        Process udhcpd = new ProcessBuilder(net.inClient("busybox", "udhcpd", "-f", conf.toString()))
                .redirectErrorStream(true).redirectOutput(dir.resolve("udhcpd.log").toFile()).start();
        Path rules = Files.writeString(dir.resolve("rules.nft"), "table inet filter {\n chain input {\n"
                + "  type filter hook input priority filter; policy accept;\n  ct state established,related accept\n"
                + "  udp dport 69 drop\n  ip daddr 224.0.0.0/4 drop\n }\n}\n");
        Path loads = Files.writeString(dir.resolve("root/term61.default.loads"), "# load version 9-4-2ES26\r\n"
                + "cnu41.9-4-2ES26.sbn\r\n");
        try {
            Run nft = Run.of(20, List.of("ip", "netns", "exec", net.serverNamespace, "nft", "-f", rules.toString()));
            assertTrue(nft.ok(), nft.toString());
            Thread.sleep(300);
            Run r = preflight("--phone-ip", "192.168.77.5", "--root", dir.resolve("root").toString(), "--file",
                    "/spa71f7.bin", "--dhcp-probe", "4");
            assertEquals(1, r.exit(), r.toString());
            String out = r.out();
            assertTrue(out.contains("[problem]  interface " + net.serverLink + " has " + net.serverAddress
                    + "/24, none in the subnet of the phone's 192.168.77.5"), out);
            assertTrue(out.contains("fix: add an address in the phone's subnet, e.g. 'sudo ip address add 192.168.77.1/24 dev "
                    + net.serverLink + "'"), out);
            assertTrue(out.matches("(?s).*\\[problem\\]  ports     UDP 69 \\(TFTP\\) is held by in\\.tftpd \\(pid \\d+\\) on 0\\.0\\.0\\.0:69\n.*"),
                    out);
            assertTrue(out.contains("[problem]  dhcp      DHCP server " + net.clientAddress), out);
            assertTrue(out.contains("[problem]  firewall  inbound TFTP requests (UDP 69) are dropped by rule 'udp dport 69 drop'"
                    + " in chain inet filter input"), out);
            assertTrue(out.contains("[ok]       firewall  the phone's ACKs to the TFTP transfer ports"), out);
            assertTrue(out.contains("[warning]  firewall  the SPA loader's multicast ACKs to 234.4.8.10"), out);
            assertTrue(out.contains("[problem]  file      \"/spa71f7.bin\" is not under " + dir.resolve("root")
                    + "; the closest name there is \"SPA71F6.BIN\""), out);
            assertTrue(out.contains("[problem]  root      term61.default.loads: lists \"cnu41.9-4-2ES26.sbn\", not in the root"),
                    out);
            assertTrue(out.endsWith(" problems found\n"), out);
        } finally {
            Files.delete(loads);
            tftpd.destroy();
            udhcpd.destroy();
            tftpd.waitFor();
            udhcpd.waitFor();
            Run.of(20, List.of("ip", "netns", "exec", net.serverNamespace, "nft", "flush", "ruleset"));
        }
    }
}
