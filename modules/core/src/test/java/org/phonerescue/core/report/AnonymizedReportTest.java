package org.phonerescue.core.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.phonerescue.core.analysis.Scenario;
import org.phonerescue.core.analysis.Scenario.Host;
import org.phonerescue.core.diagnosis.Diagnose;
import org.phonerescue.core.diagnosis.Diagnosis;
import org.phonerescue.core.diagnosis.DiagnosisEngine;
import org.phonerescue.core.diagnosis.rules.StandardRules;
import org.phonerescue.core.session.CaptureAnalysis;
import org.phonerescue.core.testing.Tshark;

/**
 * The anonymized report against the capture it was made from: no MAC, address or credential tshark
 * reads in the capture may be in it.
 */
class AnonymizedReportTest {

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

    /** Audit section (c): the desk PC's alias was the server's real MAC. */
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
}
