package org.phonerescue.core.report;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.phonerescue.core.analysis.Scenario;
import org.phonerescue.core.analysis.Scenario.Dhcp;
import org.phonerescue.core.analysis.Scenario.Host;
import org.phonerescue.core.diagnosis.Diagnose;
import org.phonerescue.core.diagnosis.Diagnosis;
import org.phonerescue.core.diagnosis.DiagnosisEngine;
import org.phonerescue.core.diagnosis.rules.StandardRules;
import org.phonerescue.core.session.CaptureAnalysis;

/** The forum report: complete without the capture, and anonymized without a trace of the network. */
class MarkdownReportTest {

    private static final Host PHONE = new Host("00:0e:08:de:ad:01", "192.168.1.50");
    private static final Host PC = new Host("00:1b:21:aa:bb:cc", "192.168.1.10");
    private static final Host ROUTER = new Host("00:1b:21:00:00:01", "192.168.1.1");
    private static final String SERIAL = "88014FA00024";

    /** DHCP with a byte-reversed option 150 and a host name, then an SPA recovery that loops. */
    private static Scenario scene() {
        Scenario s = new Scenario();
        s.at(0).dhcpFromClient(PHONE.mac(), new Dhcp(1, 5, PHONE.mac(), 1).option(60, "TI-dhcp 0.1")
                .option(12, "reception-desk"));
        s.after(0.1).dhcpFromServer(ROUTER, new Dhcp(2, 5, PHONE.mac(), 2).your(PHONE.ip()).addresses(54, ROUTER.ip())
                .addresses(150, "1.1.168.192"));
        s.after(1).udp(PHONE, 50000, new Host(ROUTER.mac(), "1.1.168.192"), 69, Scenario.rrq("SEP000E08DEAD01.cnf.xml"));
        s.after(2).udp(PHONE, 50000, new Host(ROUTER.mac(), "1.1.168.192"), 69, Scenario.rrq("SEP000E08DEAD01.cnf.xml"));
        s.after(1).spaRequest(PC, "FFFFFFFFFFFF");
        s.after(0.01).spaReply(PHONE, SERIAL, "SPA504G", "7.4.4rec");
        s.after(0.2).spaUpgrade(PC, "FFFFFFFFFFFF", "/spa71f6.bin");
        s.after(0.01).spaUpgradeAck(PHONE, "FFFFFFFFFFFF", "/spa71f6.bin");
        s.after(0.1).udpToGroup(PHONE, 2000, Scenario.SPA_GROUP, 69, Scenario.rrq("/spa71f6.bin"));
        byte[] image = Scenario.content(1300, 9);
        for (int n = 1; n <= 3; n++) {
            s.after(0.01).udp(PC, 3000, PHONE, 2000,
                    Scenario.data(n, Arrays.copyOfRange(image, (n - 1) * 512, Math.min(1300, n * 512))));
            s.after(0.01).udpToGroup(PHONE, 2000, Scenario.SPA_GROUP, 3000, Scenario.ack(n));
        }
        s.after(180).spaRequest(PC, "FFFFFFFFFFFF");
        s.after(0.01).spaReply(PHONE, SERIAL, "SPA504G", "7.4.4rec");
        s.after(10).udp(PC, 5353, PHONE, 5353, new byte[4]);
        return s;
    }

    private static String report(boolean anonymized) {
        try (CaptureAnalysis a = Diagnose.analyse(scene())) {
            Diagnosis d = new DiagnosisEngine(StandardRules.all()).diagnose(a);
            return MarkdownReport.render("reception-desk.pcap", a, d, anonymized ? Anonymizer.of(a) : null);
        }
    }

    @Test
    void theReportTellsTheStoryWithFindingsTransfersAttemptsAndTimeline() {
        String md = report(false);
        assertTrue(md.startsWith("# Phone recovery report\n"), md);
        assertTrue(md.contains("## Phone 00:0e:08:de:ad:01 (Cisco-Linksys, LLC)")
                || md.contains("## Phone 00:0e:08:de:ad:01\n"), md);
        for (String part : List.of("image-rejected-loop", "dhcp-opt150-byte-order", "**What to do:**", "### Transfers",
                "### Recovery attempts", "**looped**", "### Timeline", "Evidence: frames", "| 1 | +0.000 s |")) {
            assertTrue(md.contains(part), part + "\n" + md);
        }
        assertTrue(md.contains(SERIAL) && md.contains("192.168.1.50") && md.contains("reception-desk"));
    }

    @Test
    void anonymizedItHasNoMacAddressSerialOrHostNameOfTheCaptureAndKeepsTheByteOrderStory() {
        String md = report(true);
        String lower = md.toLowerCase(Locale.ROOT);
        for (String secret : List.of("de:ad:01", "dead01", "aa:bb:cc", "aabbcc", "192.168.1.",
                "1.1.168.192", "c0a80101", "0101a8c0", SERIAL.toLowerCase(Locale.ROOT), "reception-desk")) {
            assertFalse(lower.contains(secret), secret + " leaked:\n" + md);
        }
        assertTrue(md.contains("> Anonymized:"), md);
        // the phone keeps one alias, with its vendor block, everywhere it appears
        String alias = "00:0e:08:00:00:01";
        assertTrue(md.contains("## Phone " + alias) && md.contains("| `" + alias + "` | phone |"), md);
        assertTrue(md.contains("SEP000E08000001.cnf.xml"), md);
        // option 150 still reads as the reversed bytes of the server's alias; both keep their host part in
        // one alias network, as they share one real network
        assertTrue(md.contains("- Addresses: `192.0.2.50`"), md);
        assertTrue(md.contains("option 150 (TFTP server) 1.2.0.192") && md.contains("192.0.2.1 — the same four bytes")
                && md.contains("the two forms 0xC0000201 and 0x010200C0"), md);
        assertTrue(md.contains("SERIAL-1"), md);
    }

    @Test
    void httpTransfersAreInTheTableAndAnonymizedLikeTheRest() {
        Host snom = new Host("00:04:13:24:35:46", "192.168.1.60");
        Scenario s = new Scenario();
        Scenario.TcpConnection c = s.at(0).tcp(snom, 40000, PC, 80);
        c.handshake();
        c.client("GET /snom370-r.bin HTTP/1.1\r\nHost: prov.example.com\r\n\r\n");
        c.server("HTTP/1.1 200 OK\r\nContent-Length: 3000\r\n\r\n");
        c.server(Scenario.content(3000, 4));
        s.after(1);
        Scenario.TcpConnection c2 = s.tcp(snom, 40001, PC, 80);
        c2.handshake();
        c2.client("GET /settings/000413243546.xml HTTP/1.1\r\nHost: prov.example.com\r\n\r\n");
        c2.server("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n");
        try (CaptureAnalysis a = Diagnose.analyse(s)) {
            Diagnosis d = new DiagnosisEngine(StandardRules.all()).diagnose(a);
            String plain = MarkdownReport.render("desk.pcap", a, d, null);
            assertTrue(plain.contains("0 TFTP transfers, 2 HTTP transfers."), plain);
            assertTrue(plain.contains("`/snom370-r.bin` | `192.168.1.10:80` HTTP | complete | 3000 | – | 0 |"), plain);
            assertTrue(plain.contains("| error (HTTP 404 Not Found) | 0 |"), plain);
            String md = MarkdownReport.render("desk.pcap", a, d, Anonymizer.of(a));
            String lower = md.toLowerCase(Locale.ROOT);
            for (String secret : List.of("192.168.1.60", "192.168.1.10", "00:04:13:24:35:46", "000413243546",
                    "prov.example.com")) {
                assertFalse(lower.contains(secret), secret + " leaked:\n" + md);
            }
            assertTrue(md.contains("snom370-r.bin"), md);
        }
    }

    /** CDP/LLDP inventory and SCCP names are the network's too: serials, switch and phone names get aliases. */
    @Test
    void neighbourAnnouncementsAndSccpRegistrationLeaveNoNameOrSerial() {
        Host cucm = new Host("00:1b:21:aa:bb:cd", "192.168.1.5");
        Scenario s = new Scenario();
        s.at(0).cdpPhone(PHONE.mac(), "SEP000E08DEAD01", "SCCP41.9-4-2SR3S", "Cisco IP Phone 7961");
        s.after(1).lldpPhone(PHONE.mac(), 0x20, "lobby-phone.acme-corp.example", "Cisco IP Phone CP-7961G",
                "3", "tnp41.8-3-3-21a", "SCCP41.9-4-2SR3S", "FCH1234A5BC", "Cisco Systems, Inc.", "CP-7961G");
        s.after(1).lldpPhone(ROUTER.mac(), 0x04, "core-sw1.acme-corp.example", "Acme switch", "1", "1", "1",
                "SW0099887766", "Acme", "SW-48");
        Scenario.TcpConnection c = s.after(1).tcp(PHONE, 51000, cucm, 2000);
        c.handshake();
        c.client(Scenario.skinnyRegister("SEP000E08DEAD01", PHONE, 30018));
        try (CaptureAnalysis a = Diagnose.analyse(s)) {
            Diagnosis d = new DiagnosisEngine(StandardRules.all()).diagnose(a);
            String plain = MarkdownReport.render("lobby.pcap", a, d, null);
            for (String seen : List.of("FCH1234A5BC", "lobby-phone.acme-corp.example", "SEP000E08DEAD01",
                    "Cisco IP Phone 7961", "SCCP41.9-4-2SR3S")) {
                assertTrue(plain.contains(seen), seen + "\n" + plain);
            }
            String md = MarkdownReport.render("lobby.pcap", a, d, Anonymizer.of(a));
            String lower = md.toLowerCase(Locale.ROOT);
            for (String secret : List.of("fch1234a5bc", "sw0099887766", "acme-corp", "dead01", "192.168.1.")) {
                assertFalse(lower.contains(secret), secret + " leaked:\n" + md);
            }
            // what says which phone and load it is stays readable
            assertTrue(md.contains("Cisco IP Phone 7961") && md.contains("SCCP41.9-4-2SR3S")
                    && md.contains("SEP000E08000001"), md);
        }
    }
}
