package org.phonerescue.core.diagnosis.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.phonerescue.core.analysis.Scenario;
import org.phonerescue.core.analysis.Scenario.Host;
import org.phonerescue.core.device.Role;
import org.phonerescue.core.diagnosis.Diagnose;
import org.phonerescue.core.diagnosis.Diagnosis;
import org.phonerescue.core.diagnosis.DiagnosisEngine;
import org.phonerescue.core.diagnosis.Finding;
import org.phonerescue.core.diagnosis.Severity;
import org.phonerescue.core.report.Anonymizer;
import org.phonerescue.core.report.MarkdownReport;
import org.phonerescue.core.session.ArpRequestTracker;
import org.phonerescue.core.session.CaptureAnalysis;
import org.phonerescue.core.testing.Tshark;

/**
 * arp-unanswered: a phone in rescue mode whose typed gateway does not exist asks for it by ARP
 * again and again; scenes that must trigger it and scenes that must not, each checked with tshark.
 */
class ArpUnansweredRuleTest {

    /** A Snom in rescue mode, its address typed by hand on another network than the laptop's. */
    static final Host PHONE = new Host("00:04:13:78:50:01", "10.231.60.5");
    static final String GATEWAY = "10.231.60.1";
    /** The engineer's laptop running the server. */
    static final Host LAPTOP = new Host("02:50:52:00:00:01", "10.231.50.1");

    @TempDir
    Path dir;

    /** Three tries of a download, each asking three times 1 s apart for the gateway; the frames of the requests. */
    private static List<Long> triesInVain(Scenario s, Host asker, String target) {
        List<Long> frames = new ArrayList<>();
        for (int attempt = 0; attempt < 3; attempt++) {
            for (int i = 0; i < 3; i++) {
                frames.add(s.arpRequest(asker, target));
                s.after(1);
            }
            s.after(2);
        }
        return frames;
    }

    @Test
    void aPhoneAskingForAGatewayThatIsNotThereGetsTheFinding() throws Exception {
        Scenario s = new Scenario();
        long laptop = s.at(0).arpAnnouncement(LAPTOP); // the laptop announces its address on link-up
        List<Long> asked = triesInVain(s.after(0.5), PHONE, GATEWAY);
        Path file = s.write(dir.resolve("wrong-gateway.pcap"));
        // tshark: nine requests from the phone for the gateway, and nothing at all from the gateway's address
        List<String[]> theirs = Tshark.fields(file, "arp.opcode", "arp.src.hw_mac", "arp.src.proto_ipv4",
                "arp.dst.proto_ipv4", "ip.src");
        for (long f : asked) {
            assertEquals(List.of("1", PHONE.mac(), PHONE.ip(), GATEWAY, ""), List.of(theirs.get((int) f - 1)));
        }
        assertEquals(List.of("1", LAPTOP.mac(), LAPTOP.ip(), LAPTOP.ip(), ""), List.of(theirs.get((int) laptop - 1)));
        assertTrue(theirs.stream().noneMatch(r -> r[2].equals(GATEWAY) || r[4].equals(GATEWAY)), "nothing from the gateway");
        assertEquals(10, theirs.size());

        try (CaptureAnalysis a = Diagnose.analyse(s)) {
            assertEquals(Role.PHONE, a.device(PHONE.mac()).role(), "sends nothing but ARP requests nobody answers");
            assertTrue(a.device(PHONE.mac()).roleReason().startsWith("asks by ARP for 10.231.60.1 again and again and "
                    + "nobody answers (9 requests, frames 2 to 10), and sends nothing else"), a.device(PHONE.mac()).roleReason());
            assertEquals(Role.OTHER, a.device(LAPTOP.mac()).role());
        }
        Diagnosis d = Diagnose.run(s);
        Finding f = Diagnose.only(d, "arp-unanswered");
        assertEquals(PHONE.mac(), f.device());
        assertEquals(Severity.ERROR, f.severity());
        assertEquals(asked, f.evidence());
        assertEquals("arp-unanswered", d.verdict(PHONE.mac()).verdict());
        assertTrue(f.explanation().startsWith("The phone (10.231.60.5) asked by ARP who has 10.231.60.1 9 times over "
                + "12.0 s (frames 2, 3, 4, 5, 6, 7, 8, 9 … (9 in all)), and nothing answered: no ARP reply, and no "
                + "frame from 10.231.60.1 at all. It sent nothing but ARP: "), f.explanation());
        assertTrue(f.explanation().contains("10.231.60.1 is most likely the gateway typed on the phone"), f.explanation());
        assertTrue(f.explanation().contains("The capture shows 10.231.50.1 (of 02:50:52:00:00:01), which is not in "
                + "10.231.60.0/24, the phone's network if its netmask is 255.255.255.0 (a netmask typed on the phone is "
                + "not on the wire)"), f.explanation());
        assertTrue(f.remedy().contains("give the PC an address in 10.231.60.0/24, or type on the phone an address in "
                + "the server's network (10.231.50.0/24 if the server is 10.231.50.1 with netmask 255.255.255.0)"),
                f.remedy());
        assertEquals(List.of(), Diagnose.findings(d, "subnet-mismatch"), "no server is known to the phone");
        try (CaptureAnalysis a = Diagnose.analyse(s)) {
            String report = MarkdownReport.render("wrong-gateway.pcap", a,
                    new DiagnosisEngine(StandardRules.all()).diagnose(a), Anonymizer.of(a));
            assertTrue(report.contains("**arp-unanswered**"), report);
            // the gateway asked for in vain and the networks reasoned about are the poster's addresses too
            assertTrue(!report.contains("10.231.") && !report.contains(PHONE.mac()), report);
        }
    }

    @Test
    void aDhcpPhoneAskingForTheTftpServerItWasGivenGetsTheFinding() throws Exception {
        Host cisco = new Host("6c:5e:3b:61:79:61", "192.168.1.50");
        Host dhcpServer = new Host("00:1b:21:00:00:01", "192.168.1.1");
        Scenario s = new Scenario();
        s.at(0).dhcpFromClient(cisco.mac(), new Scenario.Dhcp(1, 7, cisco.mac(), 1)
                .option(60, "Cisco Systems, Inc. IP Phone CP-7961G"));
        s.after(0.1).dhcpFromServer(dhcpServer, new Scenario.Dhcp(2, 7, cisco.mac(), 2).your(cisco.ip())
                .addresses(54, dhcpServer.ip()).addresses(1, "255.255.255.0").addresses(150, "192.168.1.10"));
        s.after(0.1).dhcpFromClient(cisco.mac(), new Scenario.Dhcp(1, 7, cisco.mac(), 3));
        long ack = s.after(0.1).dhcpFromServer(dhcpServer, new Scenario.Dhcp(2, 7, cisco.mac(), 5).your(cisco.ip())
                .addresses(54, dhcpServer.ip()).addresses(1, "255.255.255.0").addresses(150, "192.168.1.10"));
        List<Long> asked = triesInVain(s.after(1), cisco, "192.168.1.10");
        List<String[]> theirs = Tshark.fields(s.write(dir.resolve("opt150-absent.pcap")), "frame.number",
                "dhcp.option.tftp_server_address", "arp.dst.proto_ipv4");
        assertEquals("192.168.1.10", theirs.get((int) ack - 1)[1]);
        assertEquals(9, theirs.stream().filter(r -> r[2].equals("192.168.1.10")).count());
        Diagnosis d = Diagnose.run(s);
        Finding f = Diagnose.only(d, "arp-unanswered");
        assertEquals(cisco.mac(), f.device());
        assertEquals(Severity.ERROR, f.severity(), "2 DHCP frames beside 9 requests: almost nothing else");
        assertEquals(asked, f.evidence());
        assertTrue(f.explanation().contains("It sent almost nothing else (2 frames)"), f.explanation());
        assertTrue(f.explanation().contains("192.168.1.10 is the TFTP server DHCP gave it (option 150 or 66, frame "
                + ack + ")"), f.explanation());
        assertTrue(f.remedy().startsWith("Check what the DHCP server gives the phone (frame " + ack + ")"), f.remedy());
        assertEquals("arp-unanswered", d.verdict(cisco.mac()).verdict());
    }

    @Test
    void anAnsweredRequestIsNoFinding() throws Exception {
        Scenario s = new Scenario();
        s.at(0);
        List<Long> asked = triesInVain(s, PHONE, GATEWAY);
        long reply = s.arp("02:60:00:00:00:01", PHONE.mac(), 2, "02:60:00:00:00:01", GATEWAY, PHONE.mac(), PHONE.ip());
        assertEquals(List.of("2", GATEWAY), List.of(Tshark.fields(s.write(dir.resolve("answered.pcap")), "arp.opcode",
                "arp.src.proto_ipv4").get((int) reply - 1)));
        assertEquals(9, asked.size());
        assertEquals(List.of(), Diagnose.findings(Diagnose.run(s), "arp-unanswered"));
        try (CaptureAnalysis a = Diagnose.analyse(s)) {
            assertNotEquals(Role.PHONE, a.device(PHONE.mac()).role());
        }
    }

    @Test
    void anyFrameFromTheAddressIsAnAnswer() throws Exception {
        // the gateway's ARP reply missed the capture, but a datagram from it did not
        Scenario s = new Scenario();
        s.at(0);
        triesInVain(s, PHONE, GATEWAY);
        long from = s.udp(new Host("02:60:00:00:00:01", GATEWAY), 123, PHONE, 123, new byte[48]);
        assertEquals(GATEWAY, Tshark.fields(s.write(dir.resolve("heard.pcap")), "frame.number", "ip.src")
                .get((int) from - 1)[1]);
        assertEquals(List.of(), Diagnose.findings(Diagnose.run(s), "arp-unanswered"));
    }

    @Test
    void aHostThatTalksToOthersAndMerelyAsksInVainIsNoPhone() throws Exception {
        Host pc = new Host("00:1b:21:aa:bb:cc", "10.231.50.20");
        Scenario s = new Scenario();
        s.at(0).arpRequest(pc, LAPTOP.ip());
        s.after(0.001).arpReply(LAPTOP, pc);
        for (int i = 0; i < 4; i++) {
            // the printer it last printed to is switched off: a stale entry asked for three times
            for (int j = 0; j < 3; j++) {
                s.after(0.5).arpRequest(pc, "10.231.50.99");
                s.after(0.1).udp(pc, 40000 + i, LAPTOP, 53, new byte[30]);
                s.after(0.001).udp(LAPTOP, 53, pc, 40000 + i, new byte[60]);
                s.after(0.1).udp(pc, 50000, LAPTOP, 514, new byte[80]);
            }
        }
        List<String[]> theirs = Tshark.fields(s.write(dir.resolve("pc.pcap")), "arp.dst.proto_ipv4", "ip.src");
        assertEquals(12, theirs.stream().filter(r -> r[0].equals("10.231.50.99")).count());
        assertEquals(24, theirs.stream().filter(r -> r[1].equals(pc.ip())).count(), "the PC's own datagrams");
        assertEquals(List.of(), Diagnose.findings(Diagnose.run(s), "arp-unanswered"));
        try (CaptureAnalysis a = Diagnose.analyse(s)) {
            assertNotEquals(Role.PHONE, a.device(pc.mac()).role());
            assertEquals(1, a.unansweredArp().size(), "the asking is followed, but the PC is no phone");
        }
    }

    @Test
    void probesAndAnnouncementsForItsOwnAddressAskNobody() throws Exception {
        Scenario s = new Scenario();
        s.at(0);
        List<Long> frames = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            frames.add(s.arpProbe(PHONE.mac(), PHONE.ip())); // RFC 5227 §2.1.1: 1–2 s apart
            s.after(1.5);
        }
        for (int i = 0; i < 3; i++) {
            frames.add(s.arpAnnouncement(PHONE)); // §2.3: two announcements, here three
            s.after(2);
        }
        List<String[]> theirs = Tshark.fields(s.write(dir.resolve("probes.pcap")), "arp.isprobe", "arp.isannouncement");
        assertEquals(List.of("1", ""), List.of(theirs.get(0)));
        assertEquals(List.of("", "1"), List.of(theirs.get(3)));
        assertEquals(List.of(), Diagnose.findings(Diagnose.run(s), "arp-unanswered"));
        try (CaptureAnalysis a = Diagnose.analyse(s)) {
            assertEquals(List.of(), a.unansweredArp());
        }
    }

    @Test
    void tooFewOrTooQuickRequestsAreNoRepeats() throws Exception {
        Scenario s = new Scenario();
        s.at(0).arpRequest(PHONE, GATEWAY);
        s.after(1).arpRequest(PHONE, GATEWAY);
        assertEquals(List.of(), Diagnose.findings(Diagnose.run(s), "arp-unanswered"), "two requests");
        Scenario burst = new Scenario();
        burst.at(0);
        for (int i = 0; i < 5; i++) {
            burst.after(0.01).arpRequest(PHONE, GATEWAY);
        }
        assertEquals(List.of(), Diagnose.findings(Diagnose.run(burst), "arp-unanswered"), "five copies within 50 ms");
    }

    @Test
    void aPhoneThatTalksOtherwiseGetsAWarning() throws Exception {
        // a phone known by its TFTP request that fetches its file all the same, asking in vain for its NTP server
        Host server = new Host("02:50:52:00:00:01", "10.231.60.10");
        Scenario s = new Scenario();
        s.at(0).udp(PHONE, 50000, server, 69, Scenario.rrq("SEP000413785001.cnf.xml"));
        for (int i = 1; i <= 6; i++) {
            s.after(0.01).udp(server, 3000, PHONE, 50000, Scenario.data(i, new byte[i < 6 ? 512 : 10]));
            s.after(0.01).udp(PHONE, 50000, server, 3000, Scenario.ack(i));
        }
        List<Long> asked = triesInVain(s.after(1), PHONE, "10.231.60.123");
        Tshark.fields(s.write(dir.resolve("ntp.pcap")), "frame.number");
        Finding f = Diagnose.only(Diagnose.run(s), "arp-unanswered");
        assertEquals(Severity.WARNING, f.severity());
        assertEquals(40, f.likelihood());
        assertEquals(asked, f.evidence());
        assertTrue(f.explanation().contains("It sends other traffic too (7 frames), so only what it sends to or "
                + "through 10.231.60.123 is lost."), f.explanation());
    }

    @Test
    void aFloodOfRequestsToManyAddressesStaysBounded() throws Exception {
        // a scanner asks for 3 000 addresses once each while the phone keeps asking for its gateway
        Host scanner = new Host("02:99:00:00:00:01", "10.231.60.200");
        Scenario s = new Scenario();
        s.at(0);
        List<Long> asked = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            s.after(0.005).arpRequest(scanner, "10.231." + (64 + i / 250) + "." + (i % 250 + 1));
            if (i % 300 == 0) {
                asked.add(s.arpRequest(PHONE, GATEWAY));
            }
        }
        try (CaptureAnalysis a = Diagnose.analyse(s)) {
            assertTrue(a.unansweredArp().size() <= ArpRequestTracker.MAX_TARGETS, "" + a.unansweredArp().size());
            assertTrue(a.warnings().stream().anyMatch(w -> w.startsWith("ARP: ") && w.contains("forgotten")),
                    a.warnings().toString());
        }
        Finding f = Diagnose.only(Diagnose.run(s), "arp-unanswered");
        assertEquals(PHONE.mac(), f.device());
        assertEquals(asked, f.evidence(), "the address asked for all along stays followed");
    }
}
