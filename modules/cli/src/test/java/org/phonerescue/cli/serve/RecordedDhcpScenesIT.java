package org.phonerescue.cli.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DHCP scenes played by real programs — busybox udhcpc as a Cisco phone asking for an address,
 * {@code phonerescue serve --dhcp}, busybox udhcpd as a second server on the same cable — recorded
 * by tcpdump on the phone's end of the link and diagnosed by the built command line; the evidence
 * frames checked against tshark's reading of the DHCP message types.
 */
class RecordedDhcpScenesIT {

    /** Option 60 as a Cisco 7962 sends it: the analysis takes the client for a phone. */
    static final String PHONE_VENDOR_CLASS = "Cisco Systems, Inc. IP Phone CP-7962G";

    @TempDir
    Path dir;
    VethNamespaces net;
    String phone;
    String prefix;

    @BeforeEach
    void link() throws Exception {
        Requirements.root();
        Requirements.commands("ip", "busybox", "tcpdump", "tshark");
        try {
            net = VethNamespaces.create(6);
        } catch (java.io.IOException e) {
            Requirements.missing("network namespaces: " + e.getMessage());
        }
        phone = net.clientMac();
        prefix = net.serverAddress.substring(0, net.serverAddress.lastIndexOf('.') + 1);
    }

    @AfterEach
    void unlink() throws Exception {
        if (net != null) {
            net.close();
        }
    }

    /** udhcpc asks 3 times, a second apart, and quits with a lease or without. */
    private Run udhcpc() throws Exception {
        return Run.of(30, net.inClient("busybox", "udhcpc", "-i", net.clientLink, "-f", "-q", "-n", "-t", "3", "-T", "1",
                "-V", PHONE_VENDOR_CLASS, "-s", "/bin/true"));
    }

    private LinkCapture record(String name) throws Exception {
        return LinkCapture.start(net.inClient(), net.clientLink, dir.resolve(name));
    }

    private ServeProcess dhcpServer() throws Exception {
        ServeProcess serve = ServeProcess.start(net.inServer(), "--root", Files.createDirectories(dir.resolve("root"))
                .toString(), "--dhcp", net.serverLink, "--dhcp-pool", prefix + "100-" + prefix + "110", "--dhcp-probe", "1",
                "--tftp-server-address", net.serverAddress);
        assertNotNull(serve.await(l -> l.contains(" dhcp serving " + net.serverLink), 30), serve.lines() + serve.stderr());
        return serve;
    }

    private void assertThePhone(DiagnosedCapture d) {
        Map<String, Object> device = d.device(phone);
        assertEquals("phone", device.get("role"), device.toString());
        assertTrue(((String) device.get("role_reason")).contains(PHONE_VENDOR_CLASS), device.toString());
    }

    @Test
    void discoversThatNobodyAnswersAreNoOffer() throws Exception {
        Path capture;
        try (LinkCapture c = record("no-offer.pcap")) {
            Run r = udhcpc();
            assertTrue(!r.ok() && r.err().contains("no lease"), r.toString());
            capture = c.stop();
        }
        List<Long> discovers = Tshark.frames(capture, "dhcp.option.dhcp == 1 && eth.src == " + phone);
        assertEquals(3, discovers.size(), Tshark.listing(capture));
        DiagnosedCapture d = DiagnosedCapture.of(capture);
        assertThePhone(d);
        assertEquals("dhcp-no-offer", d.device(phone).get("verdict"));
        Map<String, Object> f = d.only(phone, "dhcp-no-offer");
        assertEquals(discovers, DiagnosedCapture.evidence(f));
        String why = (String) f.get("explanation");
        assertTrue(why.startsWith("The phone sent 3 DHCP DISCOVERs over ") && why.contains(" s (frames " + discovers.get(0)
                + ", " + discovers.get(1) + " and " + discovers.get(2) + ") and no server offered an address"), why);
    }

    /**
     * The must-not of both DHCP rules, recorded from before the server starts: its own probe for
     * other servers (two DISCOVERs nobody answers) is on the wire too, and is no phone without an offer.
     */
    @Test
    void ourServerAloneAnsweringIsNeitherNoOfferNorRogue() throws Exception {
        Path capture;
        try (LinkCapture c = record("one-server.pcap")) {
            try (ServeProcess serve = dhcpServer()) {
                Run r = udhcpc();
                assertTrue(r.ok() && r.err().contains("lease of " + prefix + "100 obtained from " + net.serverAddress),
                        r.toString());
            }
            capture = c.stop();
        }
        List<String[]> probes = Tshark.fields(capture, "dhcp.option.dhcp == 1 && dhcp.option.vendor_class_id == "
                + "\"phonerescue-probe\"", "eth.src");
        assertTrue(!probes.isEmpty(), Tshark.listing(capture));
        assertEquals(1, Tshark.frames(capture, "dhcp.option.dhcp == 5").size(), Tshark.listing(capture));
        DiagnosedCapture d = DiagnosedCapture.of(capture);
        assertThePhone(d);
        assertEquals(List.of(), d.findings("dhcp-no-offer"));
        assertEquals(List.of(), d.findings("dhcp-rogue-server"));
        Map<String, Object> server = d.device(probes.get(0)[0]);
        assertNotEquals("phone", server.get("role"), server.toString());
        assertTrue(((List<?>) d.device(phone).get("ips")).contains(prefix + "100"), d.device(phone).toString());
    }

    @Test
    void aSecondServerOnTheCableIsARogue() throws Exception {
        net.addNeighbour();
        Path conf = dir.resolve("udhcpd.conf");
        Files.writeString(conf, "start " + prefix + "200\nend " + prefix + "210\ninterface " + net.neighbourLink + "\n"
                + "lease_file " + dir.resolve("udhcpd.leases") + "\npidfile " + dir.resolve("udhcpd.pid") + "\n"
                + "option subnet 255.255.255.0\n");
        Files.writeString(dir.resolve("udhcpd.leases"), "");
        Path log = dir.resolve("udhcpd.log");
        Path capture;
        try (ServeProcess serve = dhcpServer()) {
            // started after our server's probe, which would otherwise find it and refuse to start
            Process rogue = new ProcessBuilder(net.inNeighbour("busybox", "udhcpd", "-f", conf.toString()))
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            try (LinkCapture c = record("two-servers.pcap")) {
                awaitLine(log, "udhcpd: started", rogue);
                Run r = udhcpc();
                assertTrue(r.ok(), r.toString());
                // udhcpd pings the address it means to offer for 2 s first: its offer comes after ours
                awaitLine(log, "sending OFFER", rogue);
                capture = c.stop();
            } finally {
                rogue.destroy();
                rogue.waitFor(10, TimeUnit.SECONDS);
            }
        }
        // tshark: the first answer (OFFER or ACK) of each server, by its server identifier
        Map<String, Long> firstAnswer = new LinkedHashMap<>();
        for (String[] row : Tshark.fields(capture, "dhcp.option.dhcp == 2 || dhcp.option.dhcp == 5", "frame.number",
                "dhcp.option.dhcp_server_id")) {
            firstAnswer.putIfAbsent(row[1], Long.parseLong(row[0]));
        }
        assertEquals(List.of(net.serverAddress, net.neighbourAddress), List.copyOf(firstAnswer.keySet()),
                Tshark.listing(capture));
        DiagnosedCapture d = DiagnosedCapture.of(capture);
        assertThePhone(d);
        assertEquals("dhcp-rogue-server", d.device(phone).get("verdict"));
        Map<String, Object> f = d.only(phone, "dhcp-rogue-server");
        // and the ACK that settled which server the phone took this time
        List<String[]> acks = Tshark.fields(capture, "dhcp.option.dhcp == 5", "frame.number", "dhcp.option.dhcp_server_id",
                "dhcp.ip.your");
        assertFalse(acks.isEmpty(), Tshark.listing(capture));
        String[] ack = acks.get(acks.size() - 1);
        java.util.TreeSet<Long> expected = new java.util.TreeSet<>(firstAnswer.values());
        expected.add(Long.parseLong(ack[0]));
        assertEquals(new ArrayList<>(expected), DiagnosedCapture.evidence(f));
        String why = (String) f.get("explanation");
        assertTrue(why.endsWith(" This time it took " + ack[2] + " from " + ack[1] + " (DHCP ACK, frame " + ack[0] + ")."),
                why);
        assertTrue(why.startsWith("2 DHCP servers answer this phone: " + net.serverAddress + " (OFFER frame "
                + firstAnswer.get(net.serverAddress) + ", offers " + prefix + "100, option 150 " + net.serverAddress + "); "
                + net.neighbourAddress + " (OFFER frame " + firstAnswer.get(net.neighbourAddress) + ", offers " + prefix + "2"),
                why);
    }

    private static void awaitLine(Path log, String text, Process p) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (!Files.readString(log).contains(text)) {
            assertTrue(p.isAlive() && System.nanoTime() < deadline, "no '" + text + "' from udhcpd: " + Files.readString(log));
            Thread.sleep(50);
        }
    }
}
