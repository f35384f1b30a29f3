package org.phonerescue.core.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.phonerescue.core.device.Device;
import org.phonerescue.core.device.DeviceHint;
import org.phonerescue.core.device.Role;
import org.phonerescue.core.device.OuiRegistry;
import org.phonerescue.core.diagnosis.Diagnosis;
import org.phonerescue.core.diagnosis.DiagnosisEngine;
import org.phonerescue.core.diagnosis.rules.StandardRules;
import org.phonerescue.core.testing.SharedCaptures;
import org.phonerescue.core.testing.Tshark;
import org.phonerescue.core.transfer.ContentStore;

/**
 * The SIP messages the analysis keeps are those tshark dissects, over UDP and TCP and on any port
 * (RFC 3261 §18: a phone may register over TCP, or from a port other than 5060), with the same
 * method, status code, User-Agent and CSeq method.
 */
class SipMessagesOracleTest {

    private static final List<String> CAPTURES = List.of("ppp_sip_reqs.pcap", "ppp_sip_resp.pcap",
            "suricata_sip-options.pcap", "suricata_sip-tcp.pcap", "suricata_sip_compact_form.pcap",
            "zeek_sip-junk-before-request.pcap", "zeek_sip_invalid-content-length.pcap", "zeek_sip_wireshark.pcap");

    @Test
    void theMessagesOfEverySipCaptureAreThoseTsharkReads() throws Exception {
        int tcp = 0;
        int total = 0;
        for (String name : CAPTURES) {
            Path capture = SharedCaptures.dir().resolve("voip/sip").resolve(name);
            // frames with a Request-Line or Status-Line of their own (not one quoted by ICMP)
            Map<Long, String> theirs = new LinkedHashMap<>();
            for (String line : Tshark.run(List.of("tshark", "-n", "-r", capture.toString(), "-Y",
                    "(sip.Method || sip.Status-Code) && !icmp && !icmpv6", "-T", "fields", "-E", "occurrence=a",
                    "-E", "aggregator=,", "-e", "frame.number", "-e", "sip.Method", "-e", "sip.Status-Code",
                    "-e", "sip.User-Agent", "-e", "sip.CSeq.method", "-e", "tcp.srcport")).split("\n")) {
                if (line.isBlank()) {
                    continue;
                }
                String[] f = line.split("\t", -1);
                theirs.put(Long.parseLong(f[0]), String.join("|", f[1], f[2], f[3], f[4]));
                tcp += f[5].isEmpty() ? 0 : 1;
            }
            Map<Long, String> ours = new LinkedHashMap<>();
            try (CaptureAnalysis a = CaptureAnalyzer.analyze(capture, OuiRegistry.empty(), ContentStore.forChecks())) {
                Map<Long, List<SipMessage>> byFrame = new LinkedHashMap<>();
                for (SipMessage m : a.sip()) {
                    byFrame.computeIfAbsent(m.frame(), k -> new ArrayList<>()).add(m);
                }
                byFrame.forEach((frame, messages) -> ours.put(frame, String.join("|",
                        joined(messages.stream().map(SipMessage::method).toList()),
                        joined(messages.stream().map(m -> m.isRequest() ? null : Integer.toString(m.status())).toList()),
                        joined(messages.stream().map(SipMessage::userAgent).toList()),
                        joined(messages.stream().map(SipMessage::cseqMethod).toList()))));
            }
            assertEquals(theirs, ours, name);
            total += theirs.size();
        }
        assertTrue(total >= 30, "SIP frames in the corpus: " + total);
        assertTrue(tcp >= 2, "SIP frames over TCP: " + tcp);
    }

    /** A softphone that registers over TCP and is accepted: a phone, and recovered. */
    @Test
    void aRegistrationOverTcpMakesAPhoneThatRecovered() throws Exception {
        Path capture = SharedCaptures.dir().resolve("voip/sip/suricata_sip-tcp.pcap");
        List<String[]> register = Tshark.fields(capture, "frame.number", "eth.src", "tcp.dstport", "sip.Method",
                "sip.Status-Code", "sip.User-Agent").stream().filter(r -> !r[3].isEmpty() || !r[4].isEmpty()).toList();
        assertEquals(2, register.size(), "the REGISTER and its answer");
        assertEquals("REGISTER", register.get(0)[3]);
        assertEquals("5060", register.get(0)[2]);
        assertEquals("200", register.get(1)[4]);
        try (CaptureAnalysis a = CaptureAnalyzer.analyze(capture, OuiRegistry.empty(), ContentStore.forChecks())) {
            Device phone = a.device(register.get(0)[1]);
            assertEquals(Role.PHONE, phone.role());
            assertEquals("registers by SIP (frame " + register.get(0)[0] + ")", phone.roleReason());
            assertEquals(List.of(register.get(0)[5]),
                    phone.hints(DeviceHint.Kind.USER_AGENT).stream().map(DeviceHint::value).toList());
            Diagnosis d = new DiagnosisEngine(StandardRules.all()).diagnose(a);
            assertEquals("recovered", d.verdict(phone.mac()).verdict());
            assertEquals(List.of(Long.parseLong(register.get(0)[0]), Long.parseLong(register.get(1)[0])),
                    d.verdict(phone.mac()).findings().get(0).evidence());
        }
    }

    private static String joined(List<String> values) {
        return String.join(",", values.stream().filter(v -> v != null).toList());
    }
}
