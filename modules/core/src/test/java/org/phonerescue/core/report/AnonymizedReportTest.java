package org.phonerescue.core.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.phonerescue.core.analysis.Scenario;
import org.phonerescue.core.analysis.Scenario.Dhcp;
import org.phonerescue.core.analysis.Scenario.Host;
import org.phonerescue.core.diagnosis.Diagnose;
import org.phonerescue.core.diagnosis.Diagnosis;
import org.phonerescue.core.diagnosis.DiagnosisEngine;
import org.phonerescue.core.diagnosis.rules.StandardRules;
import org.phonerescue.core.session.CaptureAnalysis;
import org.phonerescue.core.testing.Tshark;

/**
 * The anonymized report against the capture it was made from: no MAC, address or credential tshark
 * reads in the capture may be in it, and what the report says about networks must stay true.
 */
class AnonymizedReportTest {

    /** A dotted quad with the prefix length of a network after it, as the report writes networks. */
    private static final Pattern IPV4 = Pattern.compile("(?<![0-9.])(\\d{1,3}(?:\\.\\d{1,3}){3})(?![0-9]|\\.\\d)(/\\d{1,2})?");

    @TempDir
    Path dir;

    private record Reports(String plain, String anonymized) {
    }

    private static Reports reports(Scenario s) {
        try (CaptureAnalysis a = Diagnose.analyse(s)) {
            Diagnosis d = new DiagnosisEngine(StandardRules.all()).diagnose(a);
            return new Reports(MarkdownReport.render("scene.pcap", a, d, null),
                    MarkdownReport.render("scene.pcap", a, d, Anonymizer.of(a)));
        }
    }

    /** A Snom in rescue mode, its gateway typed on another network than the laptop's. */
    @Test
    void theWrongGatewaySceneStillSaysTheServerIsOffThePhonesNetwork() throws Exception {
        Host phone = new Host("00:04:13:78:50:01", "10.231.60.5");
        Host laptop = new Host("02:50:52:00:00:01", "10.231.50.1");
        Scenario s = new Scenario();
        s.at(0).arpAnnouncement(laptop);
        s.after(0.5);
        for (int attempt = 0; attempt < 3; attempt++) {
            for (int i = 0; i < 3; i++) {
                s.arpRequest(phone, "10.231.60.1");
                s.after(1);
            }
            s.after(2);
        }
        Path file = s.write(dir.resolve("wrong-gateway.pcap"));
        Reports r = reports(s);
        assertTrue(r.plain().contains("10.231.50.1 (of 02:50:52:00:00:01), which is not in 10.231.60.0/24"), r.plain());
        assertNothingRealIn(file, r.anonymized());
        assertNetworkStatementsKept(r.plain(), r.anonymized());
        // read as a forum reader does: the server is not in the network named, the phone is
        Matcher m = Pattern.compile("The phone \\((\\S+)\\) asked by ARP who has (\\S+) .*The capture shows (\\S+) \\(of "
                + "[^)]*\\), which is not in (\\S+)/(\\d+), the phone's network").matcher(r.anonymized());
        assertTrue(m.find(), r.anonymized());
        int prefix = Integer.parseInt(m.group(5));
        assertTrue(in(m.group(1), m.group(4), prefix), "the phone " + m.group(1) + " in its network " + m.group(4));
        assertTrue(in(m.group(2), m.group(4), prefix), "the gateway asked for " + m.group(2) + " in it too");
        assertFalse(in(m.group(3), m.group(4), prefix), "the server " + m.group(3) + " outside it");
        assertTrue(r.anonymized().contains(m.group(4) + "/24") && m.group(4).endsWith(".0"), "a network address");
    }

    /** A DHCP netmask of 255.255.0.0: the /16 the finding names keeps the addresses of all its /24s. */
    @Test
    void aSixteenBitNetmaskKeepsItsNetworkAcrossSlash24s() throws Exception {
        Host phone = new Host("00:0e:08:de:ad:01", "10.20.30.40");
        Host dhcpServer = new Host("00:1b:21:00:00:01", "10.20.99.1");
        Scenario s = new Scenario();
        s.at(0).dhcpFromClient(phone.mac(), new Dhcp(1, 3, phone.mac(), 1).option(60, "Cisco Systems, Inc. IP Phone CP-7961G"));
        s.after(0.1).dhcpFromServer(dhcpServer, new Dhcp(2, 3, phone.mac(), 2).your(phone.ip())
                .addresses(54, dhcpServer.ip()).addresses(1, "255.255.0.0").addresses(150, "10.21.0.5"));
        s.after(0.1).dhcpFromClient(phone.mac(), new Dhcp(1, 3, phone.mac(), 3));
        s.after(0.1).dhcpFromServer(dhcpServer, new Dhcp(2, 3, phone.mac(), 5).your(phone.ip())
                .addresses(54, dhcpServer.ip()).addresses(1, "255.255.0.0").addresses(150, "10.21.0.5"));
        Path file = s.write(dir.resolve("slash16.pcap"));
        assertEquals(List.of("255.255.0.0", "10.21.0.5"), List.of(Tshark.fields(file, "dhcp.option.subnet_mask",
                "dhcp.option.tftp_server_address").get(3)));
        Reports r = reports(s);
        assertTrue(r.plain().contains("its subnet is 10.20.0.0/16. Its TFTP server 10.21.0.5"), r.plain());
        assertNothingRealIn(file, r.anonymized());
        assertNetworkStatementsKept(r.plain(), r.anonymized());
    }

    /** A SPA asks for its MAC-named files and gives a password in its provisioning URL. */
    @Test
    void macsInSpaFileNamesAndCredentialsInRequestTargetsLeaveNoTrace() throws Exception {
        Host spa = new Host("00:0e:08:11:22:33", "192.168.1.50");
        Host pc = new Host("00:1b:21:aa:bb:cc", "192.168.1.10");
        Scenario s = new Scenario();
        s.at(0).udp(spa, 50000, pc, 69, Scenario.rrq("spa000e08112233.cfg"));
        s.after(0.002).udp(pc, 40000, spa, 50000, Scenario.error(1, "File not found"));
        s.after(1).udp(spa, 50001, pc, 69, Scenario.rrq("/cfg/SPA000E08112233.xml"));
        s.after(0.002).udp(pc, 40001, spa, 50001, Scenario.error(1, "File not found"));
        Scenario.TcpConnection c = s.after(1).tcp(spa, 40000, pc, 80);
        c.handshake();
        c.client("GET /prov/spa504G.cfg?user=alice&PassWord=S3cret!&mac=000e08112233 HTTP/1.1\r\nHost: 192.168.1.10\r\n\r\n");
        c.server("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n");
        Scenario.TcpConnection c2 = s.after(1).tcp(spa, 40001, pc, 80);
        c2.handshake();
        c2.client("GET http://bob:hunter2@192.168.1.10/spa504G.xml HTTP/1.1\r\nHost: 192.168.1.10\r\n\r\n");
        c2.server("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n");
        Path file = s.write(dir.resolve("spa-names.pcap"));
        // tshark: the names and targets the phone sent, and the query's credentials
        Set<String> secrets = new LinkedHashSet<>();
        Set<String> targets = new LinkedHashSet<>();
        for (String[] row : Tshark.fields(file, "tftp.source_file", "http.request.uri", "http.request.uri.query.parameter")) {
            targets.add(row[0]);
            targets.add(row[1]);
            for (String parameter : row[2].split(",")) {
                if (parameter.matches("(?i)(user|password)=.+")) {
                    secrets.add(parameter.substring(parameter.indexOf('=') + 1));
                }
            }
        }
        assertEquals(Set.of("alice", "S3cret!"), secrets);
        assertTrue(targets.containsAll(List.of("spa000e08112233.cfg", "/cfg/SPA000E08112233.xml",
                "http://bob:hunter2@192.168.1.10/spa504G.xml")), targets.toString());
        secrets.addAll(List.of("bob", "hunter2"));

        Reports r = reports(s);
        for (String seen : List.of("spa000e08112233.cfg", "SPA000E08112233.xml", "S3cret!", "bob:hunter2@")) {
            assertTrue(r.plain().contains(seen), seen + "\n" + r.plain());
        }
        String md = r.anonymized();
        assertNothingRealIn(file, md);
        for (String secret : secrets) {
            assertFalse(md.contains(secret), secret + " leaked:\n" + md);
        }
        // the files follow the phone's alias, in the case the phone wrote them
        assertTrue(md.contains("## Phone 00:0e:08:00:00:01"), md);
        String target = "/prov/spa504G.cfg?user=***&PassWord=***&mac=000e08000001";
        for (String shown : List.of("'spa000e08000001.cfg'", "'/cfg/SPA000E08000001.xml'",
                "'" + target + "'", // the finding
                "| `" + target + "` |", // the transfer table
                "| HTTP GET " + target + " from ", // the timeline
                "http://***@")) {
            assertTrue(md.contains(shown), shown + "\n" + md);
        }
    }

    /** Option 66 is quoted in the timeline: an address or a URL's server name there is the poster's too. */
    @Test
    void option66NamesNoRealServer() throws Exception {
        Host dhcpServer = new Host("00:1b:21:00:00:01", "192.168.1.1");
        Scenario s = new Scenario();
        s.at(0);
        String[] option66 = {"192.168.1.20", "http://tftp.acme-corp.example:8080/cfg/"};
        for (int i = 0; i < option66.length; i++) {
            String mac = "00:0e:08:de:ad:0" + (i + 1);
            s.after(0.1).dhcpFromClient(mac, new Dhcp(1, 7 + i, mac, 1).option(60, "Cisco Systems, Inc. IP Phone CP-7961G"));
            s.after(0.1).dhcpFromServer(dhcpServer, new Dhcp(2, 7 + i, mac, 2).your("192.168.1.5" + i)
                    .addresses(54, dhcpServer.ip()).addresses(1, "255.255.255.0").option(66, option66[i]));
        }
        Path file = s.write(dir.resolve("option66.pcap"));
        List<String> theirs = Tshark.fields(file, "dhcp.option.tftp_server_name").stream().map(r -> r[0])
                .filter(v -> !v.isEmpty()).toList();
        assertEquals(List.of(option66), theirs);
        Reports r = reports(s);
        assertTrue(r.plain().contains("option 66 192.168.1.20") && r.plain().contains("tftp.acme-corp.example"), r.plain());
        assertNothingRealIn(file, r.anonymized());
        assertFalse(r.anonymized().contains("192.168.1.20") || r.anonymized().contains("acme-corp"), r.anonymized());
        assertTrue(r.anonymized().contains("option 66 192.0.2.20"), "in the network of the phones:\n" + r.anonymized());
    }

    /** The desk PC's alias must not be the server's real MAC. */
    @Test
    void noAliasIsARealMacOrAddressOfTheCapture() throws Exception {
        // the capture's own addresses are in the documentation networks the aliases come from
        Host phone = new Host("00:04:13:24:35:46", "192.0.2.50");
        Host server = new Host("02:50:52:00:00:01", "192.0.2.10");
        Host deskPc = new Host("02:50:52:00:00:02", "192.0.2.50");
        Host printer = new Host("02:50:52:00:00:03", "198.51.100.7");
        Scenario s = new Scenario();
        s.at(0).arpAnnouncement(printer);
        s.after(0.1).arpRequest(phone, server.ip());
        s.after(0.001).arpReply(server, phone);
        s.after(0.01).udp(phone, 50000, server, 69, Scenario.rrq("snom370-r.bin"));
        s.after(0.001).arpRequest(server, phone.ip());
        s.after(0.0005).arpReply(deskPc, server);
        s.after(0.0005).arpReply(phone, server);
        s.after(0.01).udp(server, 3000, phone, 50000, Scenario.data(1, new byte[100]));
        Path file = s.write(dir.resolve("dup.pcap"));
        Reports r = reports(s);
        assertTrue(r.plain().contains("02:50:52:00:00:02 claims the same address"), r.plain());
        String md = r.anonymized();
        assertNothingRealIn(file, md);
        assertTrue(Pattern.compile("02:50:52:[0-9a-f:]{8} claims the same address").matcher(md).find(), md);
        // nor in a network of the capture: 192.0.2.0/24 and 198.51.100.0/24 are the capture's here
        Matcher phoneAlias = Pattern.compile("- Addresses: `((\\d+\\.){3})50`").matcher(md);
        assertTrue(phoneAlias.find(), md);
        assertFalse(List.of("192.0.2.", "198.51.100.").contains(phoneAlias.group(1)), md);
    }

    /** A host name is replaced as a whole name, not inside other words or longer names. */
    @Test
    void aHostNameIsReplacedOnlyWhole() throws Exception {
        String mac = "00:04:13:24:35:46";
        Scenario s = new Scenario();
        s.at(0).dhcpFromClient(mac, new Dhcp(1, 7, mac, 1).option(12, "nas1"));
        Path file = s.write(dir.resolve("hostname.pcap"));
        assertEquals(List.of("nas1"), Tshark.fields(file, "dhcp.option.hostname").stream().map(r -> r[0]).toList());
        try (CaptureAnalysis a = Diagnose.analyse(s)) {
            Anonymizer an = Anonymizer.of(a);
            assertEquals("host-1 asked for host-1.cfg and host-1-b_host-1, not for nas10 or mynas1; host-1.",
                    an.text("nas1 asked for nas1.cfg and nas1-b_nas1, not for nas10 or mynas1; nas1."));
        }
    }

    /** Every MAC and address tshark finds in the capture, in every form the report could write it. */
    private static void assertNothingRealIn(Path capture, String report) throws Exception {
        Set<String> real = new LinkedHashSet<>();
        for (String[] row : Tshark.fields(capture, "eth.src", "eth.dst", "arp.src.hw_mac", "arp.dst.hw_mac",
                "dhcp.hw.mac_addr", "ip.src", "ip.dst", "arp.src.proto_ipv4", "arp.dst.proto_ipv4", "dhcp.ip.your",
                "dhcp.option.router", "dhcp.option.tftp_server_address", "dhcp.option.dhcp_server_id", "ipv6.src",
                "ipv6.dst")) {
            for (String cell : row) {
                for (String v : cell.split(",")) {
                    if (!v.isEmpty() && !v.startsWith("ff") && !v.equals("0.0.0.0") && !v.startsWith("255.")
                            && !v.equals("00:00:00:00:00:00")) {
                        real.add(v);
                    }
                }
            }
        }
        assertFalse(real.isEmpty());
        String lower = report.toLowerCase(Locale.ROOT);
        for (String v : real) {
            if (v.matches("([0-9a-f]{2}:){5}[0-9a-f]{2}")) {
                for (String form : List.of(v, v.replace(':', '-'), v.replace(":", ""))) {
                    assertFalse(lower.contains(form), "MAC " + form + " leaked:\n" + report);
                }
            } else {
                Matcher m = Pattern.compile("(?<![0-9a-f.:])" + Pattern.quote(v) + "(?![0-9a-f]|\\.\\d|:[0-9a-f])")
                        .matcher(lower);
                assertFalse(m.find(), "address " + v + " leaked:\n" + report);
            }
        }
    }

    /**
     * The two reports differ only in their addresses, so their addresses pair up in order; for every
     * address and network they name, "A is in N" and "A and B share a /24" must read the same.
     */
    private static void assertNetworkStatementsKept(String plain, String anonymized) {
        List<String[]> real = addresses(plain);
        List<String[]> alias = addresses(anonymized);
        assertEquals(real.size(), alias.size(), "the same addresses named:\n" + anonymized);
        Map<String, String> aliasOf = new HashMap<>();
        Map<String, String> realOf = new HashMap<>();
        for (int i = 0; i < real.size(); i++) {
            String a = real.get(i)[0] + real.get(i)[1];
            String b = alias.get(i)[0] + alias.get(i)[1];
            assertEquals(b, aliasOf.computeIfAbsent(a, k -> b), "one alias for " + a);
            assertEquals(a, realOf.computeIfAbsent(b, k -> a), "one address for " + b);
        }
        assertTrue(real.stream().anyMatch(x -> !x[1].isEmpty()), "a network is named");
        for (int i = 0; i < real.size(); i++) {
            for (int j = 0; j < real.size(); j++) {
                String[] x = real.get(i);
                String[] y = real.get(j);
                int prefix = y[1].isEmpty() ? 24 : Integer.parseInt(y[1].substring(1));
                assertEquals(in(x[0], y[0], prefix), in(alias.get(i)[0], alias.get(j)[0], prefix),
                        x[0] + " in " + y[0] + "/" + prefix + " as " + alias.get(i)[0] + " in " + alias.get(j)[0]);
                if (!y[1].isEmpty()) {
                    assertEquals(y[0], network(y[0], prefix), "the report names networks by their network address");
                    assertEquals(alias.get(j)[0], network(alias.get(j)[0], prefix), "an alias network is a network");
                }
            }
        }
    }

    /** Every address the report names, with its prefix ("/24" or ""); masks and the unspecified address left out. */
    private static List<String[]> addresses(String md) {
        List<String[]> out = new ArrayList<>();
        Matcher m = IPV4.matcher(md);
        while (m.find()) {
            if (!m.group(1).startsWith("255.") && !m.group(1).equals("0.0.0.0")) {
                out.add(new String[] {m.group(1), m.group(2) == null ? "" : m.group(2)});
            }
        }
        return out;
    }

    private static boolean in(String ip, String network, int prefix) {
        return network(ip, prefix).equals(network(network, prefix));
    }

    private static String network(String ip, int prefix) {
        long v = 0;
        for (String part : ip.split("\\.")) {
            v = v << 8 | Integer.parseInt(part);
        }
        long mask = prefix == 0 ? 0 : 0xFFFFFFFFL << (32 - prefix) & 0xFFFFFFFFL;
        long n = v & mask;
        return (n >>> 24) + "." + (n >>> 16 & 0xFF) + "." + (n >>> 8 & 0xFF) + "." + (n & 0xFF);
    }
}
