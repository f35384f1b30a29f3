package org.phonerescue.cli.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.phonerescue.cli.JsonReader.list;
import static org.phonerescue.cli.JsonReader.object;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.phonerescue.cli.JsonReader;
import org.phonerescue.cli.PhoneRescueJar;

/**
 * HTTP and FTP connections that never come up, recorded for real: tcpdump captures, in the
 * client's namespace, curl connecting across a veth pair to a server namespace whose nftables
 * drop the first SYN to port 80 (busybox httpd answers the repeat), leave HTTPS (443) closed (the
 * kernel answers RST), drop every SYN to 8080, and reject FTP (21) with an ICMP port unreachable,
 * over IPv6 with an ICMPv6 one. {@code phonerescue diagnose} must list the four failures with the
 * frames tshark filters as their SYNs, RST and ICMP errors, cite them in {@code
 * server-unreachable}, and not take the port-80 connection, up after one repeated SYN, for a
 * failure. Needs root; in CI a missing capability fails.
 */
class NetnsFailedConnectionsIT {

    static final String IMAGE = "snomD785-10.1.33.33-r.bin";

    @TempDir
    static Path dir;
    static VethNamespaces net;
    static Path capture;
    static Path root;
    static Process httpd;
    /** IPv6 addresses of the server and the client (RFC 4193 unique local), beside the IPv4 ones. */
    static String server6;
    static String client6;

    @BeforeAll
    static void record() throws Exception {
        Requirements.root();
        Requirements.commands("ip", "nft", "tcpdump", "curl", "busybox", "tshark");
        try {
            net = VethNamespaces.create(6);
        } catch (java.io.IOException e) {
            Requirements.missing("network namespaces: " + e.getMessage());
        }
        String subnet = net.serverAddress.split("\\.")[2];
        server6 = "fd00:231:" + subnet + "::1";
        client6 = "fd00:231:" + subnet + "::2";
        for (List<String> step : List.of(
                List.of("ip", "-n", net.serverNamespace, "address", "add", server6 + "/64", "dev", net.serverLink, "nodad"),
                List.of("ip", "-n", net.clientNamespace, "address", "add", client6 + "/64", "dev", net.clientLink,
                        "nodad"))) {
            Run r = Run.of(20, step);
            assertTrue(r.ok(), String.join(" ", step) + ": " + r);
        }
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        root = Files.createDirectories(dir.resolve("root"));
        TestFiles.random(root.resolve(IMAGE), 200_003, 61);
        Path rules = dir.resolve("rules.nft");
        // "quota until 100 bytes": the first SYN (60 bytes) is under the quota and dropped, the repeat passes
        Files.writeString(rules, "table inet prfailed {\n"
                + "  chain input {\n"
                + "    type filter hook input priority 0; policy accept;\n"
                + "    tcp dport 80 tcp flags syn quota until 100 bytes drop\n"
                + "    tcp dport 8080 drop\n"
                + "    meta nfproto ipv4 tcp dport 21 reject with icmp type port-unreachable\n"
                + "    meta nfproto ipv6 tcp dport 21 reject with icmpv6 type port-unreachable\n"
                + "  }\n"
                + "}\n");
        List<String> nft = new ArrayList<>(net.inServer());
        nft.addAll(List.of("nft", "-f", rules.toString()));
        Run r = Run.of(20, nft);
        assertTrue(r.ok(), "nft: " + r);
        List<String> serve = new ArrayList<>(net.inServer());
        serve.addAll(List.of("busybox", "httpd", "-f", "-p", net.serverAddress + ":80", "-h", root.toString()));
        httpd = new ProcessBuilder(serve).redirectErrorStream(true).redirectOutput(dir.resolve("httpd.log").toFile())
                .start();

        capture = dir.resolve("failed-connections.pcap");
        Path tcpdumpLog = dir.resolve("tcpdump.log");
        Process tcpdump = new ProcessBuilder(net.inClient("tcpdump", "-i", net.clientLink, "-n", "--immediate-mode", "-U", "-w",
                capture.toString())).redirectErrorStream(true).redirectOutput(tcpdumpLog.toFile()).start();
        try {
            for (int i = 0; i < 100 && !Files.readString(tcpdumpLog).contains("listening on"); i++) {
                Thread.sleep(100);
            }
            assertTrue(Files.readString(tcpdumpLog).contains("listening on"), Files.readString(tcpdumpLog));
            Path got = dir.resolve("got.bin");
            // first the download that works after one repeated SYN, then the failures: a connection
            // that comes up later tells the phone got through, one before does not
            Run http = curl("-o", got.toString(), "http://" + net.serverAddress + "/" + IMAGE);
            assertEquals(0, http.exit(), http.toString());
            assertEquals(TestFiles.sha256(root.resolve(IMAGE)), TestFiles.sha256(got));
            assertEquals(7, curl("-o", "/dev/null", "https://" + net.serverAddress + "/" + IMAGE).exit(),
                    "refused: curl's 'Couldn't connect'");
            assertEquals(28, curl("-o", "/dev/null", "--connect-timeout", "4", "http://" + net.serverAddress + ":8080/"
                    + IMAGE).exit(), "dropped: curl's timeout");
            assertEquals(7, curl("-o", "/dev/null", "ftp://" + net.serverAddress + "/" + IMAGE).exit(),
                    "rejected by ICMP");
            assertEquals(7, curl("-g", "-o", "/dev/null", "ftp://[" + server6 + "]/" + IMAGE).exit(),
                    "rejected by ICMPv6");
            Thread.sleep(1000);
        } finally {
            // SIGTERM: tcpdump closes the file; in immediate mode it has written every packet it saw
            tcpdump.destroy();
            tcpdump.waitFor();
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (httpd != null) {
            httpd.destroy();
            httpd.waitFor();
        }
        if (net != null) {
            net.close();
        }
    }

    private static Run curl(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("curl", "-sS"));
        cmd.addAll(List.of(args));
        return Run.of(60, net.inClient(cmd.toArray(String[]::new)));
    }

    /**
     * The frames tshark shows for a display filter, as numbers. tshark matches the fields of a
     * segment an ICMP error quotes too: the filters for SYNs and RSTs leave ICMP out.
     */
    private static List<Long> tshark(String filter) throws Exception {
        Path home = Files.createTempDirectory(dir, "tshark-home");
        Run r = Run.of(60, List.of("env", "HOME=" + home, "XDG_CONFIG_HOME=" + home, "tshark", "-r",
                capture.toString(), "-n", "-Y", filter, "-T", "fields", "-e", "frame.number"));
        assertTrue(r.ok(), r.toString());
        List<Long> out = new ArrayList<>();
        for (String line : r.out().split("\n")) {
            if (!line.isBlank()) {
                out.add(Long.parseLong(line.trim()));
            }
        }
        return out;
    }

    /** tshark's one-line summary of every frame, for the messages of failed assertions. */
    private static String listing() throws Exception {
        Path home = Files.createTempDirectory(dir, "tshark-home");
        return Run.of(60, List.of("env", "HOME=" + home, "XDG_CONFIG_HOME=" + home, "tshark", "-r",
                capture.toString(), "-n")).out();
    }

    private static PhoneRescueJar.Run diagnose(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("diagnose"));
        cmd.addAll(List.of(args));
        cmd.add(capture.toString());
        PhoneRescueJar.Run r = PhoneRescueJar.run(cmd.toArray(String[]::new));
        assertEquals(0, r.exit(), r.err());
        return r;
    }

    private static Map<String, Object> failed(List<Object> all, String server) {
        List<Map<String, Object>> matching = all.stream().map(JsonReader::object)
                .filter(c -> c.get("server").equals(server)).toList();
        assertEquals(1, matching.size(), server + ": " + all);
        return matching.get(0);
    }

    @Test
    void theThreeFailuresAreListedWithTheFramesTsharkFilters() throws Exception {
        List<Long> https = tshark("!icmp && tcp.flags.syn==1 && tcp.flags.ack==0 && tcp.dstport==443");
        List<Long> reset = tshark("!icmp && tcp.flags.reset==1 && tcp.srcport==443");
        List<Long> dropped = tshark("!icmp && tcp.flags.syn==1 && tcp.flags.ack==0 && tcp.dstport==8080");
        List<Long> ftp = tshark("!icmp && ip.dst==" + net.serverAddress + " && tcp.flags.syn==1 && tcp.flags.ack==0 "
                + "&& tcp.dstport==21");
        List<Long> icmp = tshark("icmp.type==3 && icmp.code==3 && tcp.dstport==21");
        List<Long> ftp6 = tshark("!icmpv6 && ipv6.dst==" + server6 + " && tcp.flags.syn==1 && tcp.flags.ack==0 "
                + "&& tcp.dstport==21");
        List<Long> icmp6 = tshark("icmpv6.type==1 && icmpv6.code==4 && tcp.dstport==21");
        String frames = listing();
        assertEquals(1, https.size(), frames);
        assertEquals(1, reset.size(), frames);
        assertTrue(dropped.size() >= 2, "the kernel repeats the SYN within 4 s: " + frames);
        assertEquals(1, ftp.size(), frames);
        assertEquals(1, icmp.size(), frames);
        // over IPv6 the kernel may send its SYN again after the first ICMPv6 error: each is refused
        assertTrue(ftp6.size() >= 1 && icmp6.size() == ftp6.size(), frames);

        Map<String, Object> json = object(JsonReader.parse(diagnose("--json").out()));
        List<Object> all = list(json.get("failed_connections"));
        assertEquals(4, all.size(), all.toString());
        Map<String, Object> refused = failed(all, net.serverAddress + ":443");
        assertEquals("https", refused.get("service"));
        assertEquals("http", refused.get("protocol"));
        assertEquals("reset", refused.get("failure"));
        assertEquals(https, refused.get("syn_frames"));
        assertEquals(reset.get(0), refused.get("reset_frame"));
        assertEquals(List.of(), refused.get("icmp_errors"));
        assertEquals(net.serverAddress + ":443", refused.get("server"));
        assertTrue(((String) refused.get("client")).startsWith(net.clientAddress + ":"), refused.toString());
        assertEquals(Map.of("first", https.get(0), "last", reset.get(0)), refused.get("frames"));
        assertEquals(null, refused.get("connected_later"));

        Map<String, Object> silent = failed(all, net.serverAddress + ":8080");
        assertEquals("no-answer", silent.get("failure"));
        assertEquals(dropped, silent.get("syn_frames"));
        assertEquals((long) dropped.size(), silent.get("syns"));
        assertEquals(null, silent.get("reset_frame"));

        Map<String, Object> rejected = failed(all, net.serverAddress + ":21");
        assertEquals("ftp", rejected.get("service"));
        assertEquals("icmp-error", rejected.get("failure"));
        assertEquals(ftp, rejected.get("syn_frames"));
        Map<String, Object> error = object(list(rejected.get("icmp_errors")).get(0));
        assertEquals(icmp.get(0), error.get("frame"));
        assertEquals(net.serverAddress, error.get("from"));
        assertEquals(List.of(4L, 3L, 3L), List.of(error.get("version"), error.get("type"), error.get("code")));
        Map<String, Object> rejected6 = failed(all, "[" + server6 + "]:21");
        assertEquals("icmp-error", rejected6.get("failure"));
        assertEquals(ftp6, rejected6.get("syn_frames"));
        assertTrue(((String) rejected6.get("client")).startsWith("[" + client6 + "]:"), rejected6.toString());
        assertEquals(icmp6, list(rejected6.get("icmp_errors")).stream().map(e -> object(e).get("frame")).toList());
        Map<String, Object> error6 = object(list(rejected6.get("icmp_errors")).get(0));
        assertEquals(server6, error6.get("from"));
        assertEquals(List.of(6L, 1L, 4L, "port unreachable"), List.of(error6.get("version"), error6.get("type"),
                error6.get("code"), error6.get("reason")));

        // the client, a phone by the Snom image it fetched, has the findings and the same list
        Map<String, Object> phone = list(json.get("devices")).stream().map(JsonReader::object)
                .filter(d -> list(d.get("ips")).contains(net.clientAddress)).findFirst().orElseThrow();
        assertEquals("phone", phone.get("role"), phone.toString());
        assertEquals(all, phone.get("failed_connections"));
        List<Map<String, Object>> findings = list(phone.get("findings")).stream()
                .map(JsonReader::object).filter(f -> f.get("rule").equals("server-unreachable")).toList();
        assertEquals(3, findings.size(), findings.toString());
        Map<String, Object> httpFinding = findings.stream().filter(f -> f.get("title").equals(
                "HTTP server does not answer")).findFirst().orElseThrow();
        List<Long> httpEvidence = new ArrayList<>(https);
        httpEvidence.addAll(reset);
        httpEvidence.addAll(dropped);
        httpEvidence.sort(null);
        assertEquals(httpEvidence, httpFinding.get("evidence"));
        Map<String, Object> ftpFinding = findings.stream().filter(f -> f.get("title").equals(
                "FTP server does not answer") && list(f.get("evidence")).contains(ftp.get(0))).findFirst().orElseThrow();
        assertEquals(List.of(ftp.get(0), icmp.get(0)), ftpFinding.get("evidence"));
        assertTrue(((String) ftpFinding.get("remedy")).startsWith("Start the FTP server on " + net.serverAddress),
                ftpFinding.toString());
        assertEquals("server-unreachable", phone.get("verdict"));
        assertTrue(list(phone.get("timeline")).stream().map(JsonReader::object)
                .filter(e -> e.get("kind").equals("connection-failed")).map(e -> e.get("frame")).toList()
                .equals(List.of(https.get(0), dropped.get(0), ftp.get(0), ftp6.get(0))), phone.get("timeline").toString());
        List<Long> evidence6 = new ArrayList<>(ftp6);
        evidence6.addAll(icmp6);
        evidence6.sort(null);
        assertTrue(findings.stream().anyMatch(f -> f.get("evidence").equals(evidence6)), findings.toString());
    }

    @Test
    void aConnectionUpAfterOneRepeatedSynIsNoFailure() throws Exception {
        List<Long> syns = tshark("!icmp && tcp.flags.syn==1 && tcp.flags.ack==0 && tcp.dstport==80");
        assertEquals(2, syns.size(), "the first SYN dropped, the repeat answered");
        assertEquals(List.of(syns.get(1)), tshark("tcp.analysis.retransmission && tcp.dstport==80"));
        assertEquals(1, tshark("!icmp && tcp.flags.syn==1 && tcp.flags.ack==1 && tcp.srcport==80").size());
        Map<String, Object> json = object(JsonReader.parse(diagnose("--json").out()));
        for (Object o : list(json.get("failed_connections"))) {
            assertFalse(((String) object(o).get("server")).endsWith(":80"), o.toString());
        }
        Map<String, Object> transfer = object(list(json.get("transfers")).get(0));
        assertEquals("/" + IMAGE, transfer.get("file"));
        assertEquals("complete", transfer.get("outcome"));
        assertEquals(200_003L, transfer.get("bytes"));
    }

    @Test
    void theTextTimelineAndAnonymizedReportShowThem() throws Exception {
        String text = diagnose("--timeline").out();
        assertTrue(text.contains("  Connections that never came up:\n"), text);
        assertTrue(text.contains("HTTPS connection to " + net.serverAddress + ":443 refused: RST (frame "), text);
        assertTrue(text.contains("FTP connection to " + net.serverAddress + ":21 refused: ICMP port unreachable "
                + "(type 3, code 3) from " + net.serverAddress), text);
        assertTrue(text.contains(" connection-failed "), text);
        Path report = dir.resolve("report.md");
        diagnose("--report", report.toString());
        String md = Files.readString(report);
        assertTrue(md.contains("### Connections that never came up"), md);
        assertTrue(md.contains("HTTP server does not answer"), md);
        assertFalse(md.contains(net.serverAddress) || md.contains(net.clientAddress), md);
    }
}
