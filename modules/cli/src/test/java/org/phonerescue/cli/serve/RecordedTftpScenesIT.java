package org.phonerescue.cli.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TFTP recovery scenes played by real programs — Debian's tftp-hpa client as the phone,
 * {@code phonerescue serve}, the kernel's own answer for a closed port, nftables as a firewall or a
 * lossy cable — recorded by tcpdump on the phone's end of a veth pair, then diagnosed by the built
 * command line. Each rule's finding must name the phone (the MAC of the client's link) and cite
 * the frames tshark finds for the packets that prove it; each scene that must not trigger a rule
 * gives no finding of it.
 */
class RecordedTftpScenesIT {

    static final String FIRMWARE = "spa525g2.bin";
    /** 79 blocks of 512 bytes, the last one short. */
    static final int SIZE = 40_000;

    @TempDir
    Path dir;
    VethNamespaces net;
    String phone;

    @BeforeEach
    void link() throws Exception {
        Requirements.root();
        Requirements.commands("ip", "tftp", "tcpdump", "tshark", "nft");
        try {
            net = VethNamespaces.create(5);
        } catch (java.io.IOException e) {
            Requirements.missing("network namespaces: " + e.getMessage());
        }
        phone = net.clientMac();
    }

    @AfterEach
    void unlink() throws Exception {
        if (net != null) {
            net.close();
        }
    }

    private ServeProcess serve(Path root, String... more) throws Exception {
        List<String> args = new ArrayList<>(List.of("--root", root.toString(), "--tftp", "--no-progress"));
        args.addAll(List.of(more));
        ServeProcess serve = ServeProcess.start(net.inServer(), args.toArray(String[]::new));
        assertEquals(69, serve.awaitReady("tftp"));
        return serve;
    }

    private Path root(boolean withFirmware) throws Exception {
        Path root = Files.createDirectories(dir.resolve("root"));
        if (withFirmware) {
            TestFiles.random(root.resolve(FIRMWARE), SIZE, 525);
        }
        return root;
    }

    /** tftp-hpa fetches the firmware as the phone, in one go (its own timeouts). */
    private Path fetch() throws Exception {
        Path target = dir.resolve("got-" + System.nanoTime());
        Run r = Run.of(60, net.inClient("tftp", "-m", "binary", net.serverAddress, "-c", "get", FIRMWARE, target.toString()));
        assertTrue(r.ok(), r.toString());
        return target;
    }

    /** tftp-hpa asking once a second for 3 s, for a server that does not answer. */
    private void askWithoutAnswer() throws Exception {
        Run r = Run.of(30, net.inClient("sh", "-c", "printf 'mode octet\\nrexmt 1\\ntimeout 3\\nget " + FIRMWARE + " "
                + dir.resolve("nothing") + "\\nquit\\n' | tftp " + net.serverAddress));
        assertTrue(r.out().contains("Transfer timed out"), r.toString());
    }

    private LinkCapture record(String name) throws Exception {
        return LinkCapture.start(net.inClient(), net.clientLink, dir.resolve(name));
    }

    private void nft(List<String> namespace, String ruleset) throws Exception {
        Path file = dir.resolve("rules-" + System.nanoTime() + ".nft");
        Files.writeString(file, ruleset);
        List<String> cmd = new ArrayList<>(namespace);
        cmd.addAll(List.of("nft", "-f", file.toString()));
        Run r = Run.of(20, cmd);
        assertTrue(r.ok(), ruleset + r);
    }

    /** The request frames tshark sees (ICMP errors quote requests; they are left out). */
    private static List<Long> requests(Path capture) throws Exception {
        return Tshark.frames(capture, "tftp.opcode == 1 && !icmp");
    }

    private void assertThePhone(DiagnosedCapture d, Path capture, long request) throws Exception {
        Map<String, Object> device = d.device(phone);
        assertEquals("phone", device.get("role"), device.toString());
        assertTrue(((List<?>) device.get("ips")).contains(net.clientAddress), device.toString());
        // tshark: the request came from the client's link
        assertEquals(phone, Tshark.fields(capture, "frame.number == " + request, "eth.src").get(0)[0]);
    }

    @Test
    void aMissingFirmwareIsNamedAndTheRefusalCited() throws Exception {
        Path capture;
        try (ServeProcess serve = serve(root(false)); LinkCapture c = record("not-found.pcap")) {
            fetch();
            capture = c.stop();
        }
        DiagnosedCapture d = DiagnosedCapture.of(capture);
        List<Long> rrq = Tshark.frames(capture, "tftp.opcode == 1 && tftp.source_file == \"" + FIRMWARE + "\"");
        List<Long> error = Tshark.frames(capture, "tftp.opcode == 5 && tftp.error.code == 1");
        assertEquals(1, rrq.size(), Tshark.listing(capture));
        assertEquals(1, error.size(), Tshark.listing(capture));
        assertThePhone(d, capture, rrq.get(0));
        assertEquals("tftp-file-not-found", d.device(phone).get("verdict"));
        Map<String, Object> f = d.only(phone, "tftp-file-not-found");
        assertEquals(List.of(rrq.get(0), error.get(0)), DiagnosedCapture.evidence(f));
        assertEquals(rrq.get(0), f.get("transfer"));
        String why = (String) f.get("explanation");
        assertTrue(why.contains("The TFTP server " + net.serverAddress + " answered the request for '" + FIRMWARE
                + "' with ERROR 1 \"File not found\" (frame " + error.get(0) + ")"), why);
        assertTrue(((String) f.get("remedy")).contains("Put a file named exactly '" + FIRMWARE + "'"), f.toString());
    }

    /** The must-not of the three TFTP rules: the same request, the file there, the download whole. */
    @Test
    void aServedFirmwareGivesNoFinding() throws Exception {
        Path root = root(true);
        Path capture;
        Path got;
        try (ServeProcess serve = serve(root); LinkCapture c = record("served.pcap")) {
            got = fetch();
            capture = c.stop();
        }
        assertEquals(TestFiles.sha256(root.resolve(FIRMWARE)), TestFiles.sha256(got));
        DiagnosedCapture d = DiagnosedCapture.of(capture);
        long rrq = requests(capture).get(0);
        assertThePhone(d, capture, rrq);
        for (String rule : List.of("tftp-file-not-found", "server-unreachable", "transfer-stalled")) {
            assertEquals(List.of(), d.findings(rule), rule);
        }
        Map<String, Object> t = d.transfers().get(0);
        assertEquals("complete", t.get("outcome"));
        assertEquals((long) SIZE, t.get("bytes"));
        assertEquals(TestFiles.sha256(root.resolve(FIRMWARE)), t.get("sha256"));
        List<Long> data = Tshark.frames(capture, "tftp.opcode == 3");
        assertEquals((long) data.size(), t.get("blocks"));
        List<Long> acks = Tshark.frames(capture, "tftp.opcode == 4");
        assertEquals(Map.of("first", rrq, "last", acks.get(acks.size() - 1)), t.get("frames"));
        assertEquals(0L, t.get("retransmissions"));
    }

    @Test
    void aClosedPortAnswersEveryRequestWithAnIcmpErrorThatIsCited() throws Exception {
        Path capture;
        try (LinkCapture c = record("closed.pcap")) {
            askWithoutAnswer();
            capture = c.stop();
        }
        List<Long> rrq = requests(capture);
        List<Long> icmp = Tshark.frames(capture, "icmp.type == 3 && icmp.code == 3 && udp.dstport == 69");
        assertTrue(rrq.size() >= 2 && icmp.size() == rrq.size(), rrq + " " + icmp);
        DiagnosedCapture d = DiagnosedCapture.of(capture);
        assertThePhone(d, capture, rrq.get(0));
        assertEquals("server-unreachable", d.device(phone).get("verdict"));
        Map<String, Object> f = d.only(phone, "server-unreachable");
        Set<Long> expected = new TreeSet<>(rrq);
        expected.addAll(icmp);
        assertEquals(List.copyOf(expected), sorted(DiagnosedCapture.evidence(f)));
        String why = (String) f.get("explanation");
        assertTrue(why.contains("The phone asked " + net.serverAddress + " for '" + FIRMWARE + "' " + rrq.size() + " times")
                && why.contains("ICMP port unreachable from " + net.serverAddress + " (frames " + icmp.get(0) + ", "), why);
        assertTrue(((String) f.get("remedy")).contains("nothing listens on UDP port 69"), f.toString());
    }

    @Test
    void aFirewallDroppingPort69LeavesTheRepeatedRequests() throws Exception {
        nft(net.inServer(), "table inet scene {\n  chain input {\n    type filter hook input priority 0; policy accept;\n"
                + "    udp dport 69 drop\n  }\n}\n");
        Path capture;
        try (ServeProcess serve = serve(root(true)); LinkCapture c = record("dropped.pcap")) {
            askWithoutAnswer();
            capture = c.stop();
        }
        List<Long> rrq = requests(capture);
        assertTrue(rrq.size() >= 2, rrq.toString());
        assertEquals(List.of(), Tshark.frames(capture, "icmp"));
        DiagnosedCapture d = DiagnosedCapture.of(capture);
        assertThePhone(d, capture, rrq.get(0));
        Map<String, Object> f = d.only(phone, "server-unreachable");
        // the server's host answered the phone's ARP and sent nothing else: it is up, its TFTP silent
        assertEquals(List.of(), Tshark.frames(capture, "ip.src == " + net.serverAddress));
        List<Long> arp = Tshark.frames(capture, "arp.opcode == 2 && arp.src.proto_ipv4 == " + net.serverAddress);
        assertFalse(arp.isEmpty(), "the server's ARP reply");
        Set<Long> expected = new TreeSet<>(rrq);
        expected.add(arp.get(0));
        assertEquals(List.copyOf(expected), sorted(DiagnosedCapture.evidence(f)));
        assertTrue(((String) f.get("explanation")).contains("Yet " + net.serverAddress + " is up and on the phone's "
                + "network: it answers ARP"), f.toString());
        assertTrue(((String) f.get("remedy")).contains("allow UDP port 69 and the server's reply ports in that host's "
                + "firewall"), f.toString());
        assertEquals("server-unreachable", d.device(phone).get("verdict"));
    }

    /**
     * A lossy cable: nftables on the phone's side drops every sixth DATA packet after tcpdump saw
     * it, so the capture shows each lost block sent again by the server once its retransmission
     * timeout ran out. The repeats are counted from tshark's block numbers.
     */
    @Test
    void lostDataBlocksAreCountedAsSentAgain() throws Exception {
        nft(net.inClient(), "table inet scene {\n  chain input {\n    type filter hook input priority 0; policy accept;\n"
                + "    ip saddr " + net.serverAddress + " udp sport != 69 numgen inc mod 6 == 0 drop\n  }\n}\n");
        Path root = root(true);
        Path capture;
        Path got;
        try (ServeProcess serve = serve(root, "--retransmit-timeout", "200"); LinkCapture c = record("lossy.pcap")) {
            got = fetch();
            capture = c.stop();
        }
        assertEquals(TestFiles.sha256(root.resolve(FIRMWARE)), TestFiles.sha256(got));
        List<Long> again = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (String[] row : Tshark.fields(capture, "tftp.opcode == 3", "frame.number", "tftp.block")) {
            if (!seen.add(row[1])) {
                again.add(Long.parseLong(row[0]));
            }
        }
        assertTrue(again.size() >= 3, again.toString());
        List<Long> acks = Tshark.frames(capture, "tftp.opcode == 4");
        long rrq = requests(capture).get(0);
        DiagnosedCapture d = DiagnosedCapture.of(capture);
        assertThePhone(d, capture, rrq);
        Map<String, Object> f = d.only(phone, "transfer-stalled");
        List<Long> expected = new ArrayList<>(List.of(rrq, acks.get(acks.size() - 1)));
        expected.addAll(again);
        assertEquals(sorted(expected), DiagnosedCapture.evidence(f));
        assertEquals("warning", f.get("severity"));
        String why = (String) f.get("explanation");
        assertTrue(why.startsWith("The transfer of '" + FIRMWARE + "' from " + net.serverAddress + " completed only with "
                + "trouble: " + again.size() + " DATA blocks sent again;"), why);
        Map<String, Object> t = d.transfers().get(0);
        assertEquals("complete", t.get("outcome"));
        assertEquals((long) again.size(), t.get("retransmissions"));
    }

    private static List<Long> sorted(List<Long> frames) {
        return frames.stream().sorted().toList();
    }
}
