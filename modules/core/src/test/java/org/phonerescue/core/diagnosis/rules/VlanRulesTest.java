package org.phonerescue.core.diagnosis.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.phonerescue.core.analysis.Scenario;
import org.phonerescue.core.analysis.Scenario.Dhcp;
import org.phonerescue.core.analysis.Scenario.Host;
import org.phonerescue.core.diagnosis.Diagnose;
import org.phonerescue.core.diagnosis.Diagnosis;
import org.phonerescue.core.diagnosis.Finding;
import org.phonerescue.core.device.OuiRegistry;
import org.phonerescue.core.diagnosis.DiagnosisEngine;
import org.phonerescue.core.session.CaptureAnalysis;
import org.phonerescue.core.session.CaptureAnalyzer;
import org.phonerescue.core.testing.SharedCaptures;
import org.phonerescue.core.testing.Tshark;
import org.phonerescue.core.transfer.ContentStore;

/** voice-vlan-mismatch on trunk captures laid frame by frame, read back by tshark. */
class VlanRulesTest {

    static final Host PHONE = new Host("00:0e:08:de:ad:01", "192.168.100.50");
    static final Host SERVER = new Host("00:1b:21:aa:bb:cc", "192.168.100.10");
    static final String SWITCH = "00:19:2f:a7:b2:8d";
    static final Host BROADCAST_ON_LINK = Scenario.BROADCAST;

    @TempDir
    Path dir;

    @Test
    void cdpVoiceVlanOtherThanThePhonesTagIsAMismatch() throws Exception {
        Scenario s = new Scenario();
        long cdp = s.at(0).cdpVoiceVlan(SWITCH, 1, 100);
        long r1 = s.after(1).udpOnVlan(200, PHONE, 50000, SERVER, 69, Scenario.rrq("SEP000E08DEAD01.cnf.xml"));
        long r2 = s.after(4).udpOnVlan(200, PHONE, 50000, SERVER, 69, Scenario.rrq("SEP000E08DEAD01.cnf.xml"));
        // tshark: CDP's voice VLAN 100 and native VLAN 1; the requests tagged with VLAN 200
        List<String[]> theirs = Tshark.fields(s.write(dir.resolve("cdp-vlan.pcap")), "cdp.voice_vlan",
                "cdp.native_vlan", "vlan.id", "tftp.opcode");
        assertEquals(List.of("100", "1", "", ""), List.of(theirs.get((int) cdp - 1)));
        assertEquals(List.of("", "", "200", "1"), List.of(theirs.get((int) r2 - 1)));
        Diagnosis d = Diagnose.run(s);
        Finding f = Diagnose.only(d, "voice-vlan-mismatch");
        assertEquals(PHONE.mac(), f.device());
        assertEquals(List.of(cdp, r1), f.evidence());
        assertTrue(f.explanation().startsWith("CDP from " + SWITCH + " (frame 1) gives voice VLAN 100. The phone's frames "
                + "travel on VLAN 200 (from frame 2)."), f.explanation());
        // the unanswered requests are the symptom, the VLAN the cause
        assertEquals("voice-vlan-mismatch", d.verdict(PHONE.mac()).verdict());
        assertEquals("server-unreachable", d.verdict(PHONE.mac()).findings().get(1).rule());

        Scenario right = new Scenario();
        right.at(0).cdpVoiceVlan(SWITCH, 1, 100);
        right.after(1).udpOnVlan(100, PHONE, 50000, SERVER, 69, Scenario.rrq("SEP000E08DEAD01.cnf.xml"));
        right.after(4).udpOnVlan(100, PHONE, 50000, SERVER, 69, Scenario.rrq("SEP000E08DEAD01.cnf.xml"));
        assertEquals(List.of(), Diagnose.findings(Diagnose.run(right), "voice-vlan-mismatch"),
                "the phone is in the voice VLAN: its server is simply not answering");
    }

    @Test
    void lldpMedVoicePolicyAndADhcpServerAnsweringOnAnotherVlan() throws Exception {
        Scenario s = new Scenario();
        long lldp = s.at(0).lldpMedVoicePolicy(SWITCH, 100);
        long discover = s.after(1).udpOnVlan(100, new Host(PHONE.mac(), "0.0.0.0"), 68, BROADCAST_ON_LINK, 67,
                new Dhcp(1, 9, PHONE.mac(), 1).option(60, "Cisco Systems, Inc. IP Phone CP-7961G").bytes());
        long offer = s.after(0.1).udpOnVlan(10, SERVER, 67, BROADCAST_ON_LINK, 68, new Dhcp(2, 9, PHONE.mac(), 2)
                .your(PHONE.ip()).addresses(54, SERVER.ip()).addresses(150, SERVER.ip()).bytes());
        List<String[]> theirs = Tshark.fields(s.write(dir.resolve("lldp-vlan.pcap")), "lldp.media.app_type",
                "lldp.media.tag_flag", "lldp.media.vlan_id", "vlan.id", "dhcp.option.dhcp");
        assertEquals(List.of("1", "1", "100", "", ""), List.of(theirs.get((int) lldp - 1)));
        assertEquals(List.of("", "", "", "100", "1"), List.of(theirs.get((int) discover - 1)));
        assertEquals(List.of("", "", "", "10", "2"), List.of(theirs.get((int) offer - 1)));
        Finding f = Diagnose.only(Diagnose.run(s), "voice-vlan-mismatch");
        assertEquals(List.of(lldp, offer), f.evidence());
        assertTrue(f.explanation().contains("LLDP-MED from " + SWITCH + " (frame 1) gives voice VLAN 100. The answers of "
                + SERVER.mac() + " travel on VLAN 10 (from frame 3)."), f.explanation());

        Scenario routed = new Scenario();
        routed.at(0).lldpMedVoicePolicy(SWITCH, 100);
        routed.after(1).udpOnVlan(100, PHONE, 50000, SERVER, 69, Scenario.rrq("SEP000E08DEAD01.cnf.xml"));
        routed.after(0.01).udpOnVlan(10, SERVER, 3000, PHONE, 50000, Scenario.data(1, new byte[100]));
        assertEquals(List.of(), Diagnose.findings(Diagnose.run(routed), "voice-vlan-mismatch"),
                "the server's answer arrives: something routes between the VLANs");
    }

    /**
     * The switch offers voice VLAN 100, but the phone (still in its loader, which does not tag)
     * and its DHCP server both talk on VLAN 1: they share a broadcast domain, the DHCP exchange
     * completes, and the VLANs explain nothing. The unanswered TFTP server of option 150 does.
     */
    @Test
    void phoneAndServerOnTheSameVlanAreNoMismatchWhateverTheVoiceVlan() throws Exception {
        Scenario s = new Scenario();
        s.at(0).cdpVoiceVlan(SWITCH, 1, 100);
        Host asking = new Host(PHONE.mac(), "0.0.0.0");
        Host tftp = new Host("00:1b:21:00:00:20", "192.168.100.20");
        s.after(1).udpOnVlan(1, asking, 68, BROADCAST_ON_LINK, 67, new Dhcp(1, 9, PHONE.mac(), 1).bytes());
        long offer = s.after(0.1).udpOnVlan(1, SERVER, 67, BROADCAST_ON_LINK, 68, new Dhcp(2, 9, PHONE.mac(), 2)
                .your(PHONE.ip()).addresses(54, SERVER.ip()).addresses(150, tftp.ip()).bytes());
        s.after(0.1).udpOnVlan(1, asking, 68, BROADCAST_ON_LINK, 67, new Dhcp(1, 9, PHONE.mac(), 3)
                .addresses(54, SERVER.ip()).addresses(50, PHONE.ip()).bytes());
        s.after(0.1).udpOnVlan(1, SERVER, 67, BROADCAST_ON_LINK, 68, new Dhcp(2, 9, PHONE.mac(), 5)
                .your(PHONE.ip()).addresses(54, SERVER.ip()).addresses(150, tftp.ip()).bytes());
        for (int i = 0; i < 3; i++) {
            s.after(4).udpOnVlan(1, PHONE, 50000, tftp, 69, Scenario.rrq("SEP000E08DEAD01.cnf.xml"));
        }
        List<String[]> theirs = Tshark.fields(s.write(dir.resolve("same-vlan.pcap")), "cdp.voice_vlan", "vlan.id",
                "dhcp.option.dhcp", "dhcp.option.tftp_server_address");
        assertEquals(List.of("", "1", "2", tftp.ip()), List.of(theirs.get((int) offer - 1)));
        assertEquals("100", theirs.get(0)[0]);
        assertTrue(theirs.stream().skip(1).allMatch(r -> r[1].equals("1")), "every other frame on VLAN 1");
        Diagnosis d = Diagnose.run(s);
        assertEquals(List.of(), Diagnose.findings(d, "voice-vlan-mismatch"));
        assertEquals("dhcp-opt150-unreachable", d.verdict(PHONE.mac()).verdict());
    }

    /**
     * The corpus's real CDP and LLDP captures (switch ports of Catalyst switches, an industrial LAN
     * with an LLDP-MED capabilities TLV) tell no voice VLAN: tshark finds no CDP VoIP VLAN Reply
     * and no LLDP-MED network policy VLAN in them. The analysis agrees, and the rule stays silent.
     */
    @Test
    void realCdpAndLldpCapturesWithoutAVoiceVlanGiveNoMismatch() throws Exception {
        for (String name : List.of("voip/lldp/tcpdump_LLDP_and_CDP.pcap", "voip/cdp/tcpdump_3560_CDP.pcap",
                "other/vlan/ppp_VlanPackets.pcap", "voip/lldp/suricata_enip_cip_example.pcap")) {
            Path capture = SharedCaptures.dir().resolve(name);
            List<String[]> theirs = Tshark.fields(capture, "frame.number", "cdp.native_vlan", "cdp.voice_vlan",
                    "lldp.media.vlan_id");
            assertTrue(theirs.stream().noneMatch(r -> r.length > 2 && !r[2].isEmpty()), name + ": a CDP voice VLAN");
            assertTrue(theirs.stream().noneMatch(r -> r.length > 3 && !r[3].isEmpty()), name + ": an LLDP-MED VLAN");
            try (CaptureAnalysis a = CaptureAnalyzer.analyze(capture, OuiRegistry.empty(), ContentStore.keeping())) {
                assertEquals(List.of(), a.voiceVlans(), name);
                assertEquals(List.of(), Diagnose.findings(new DiagnosisEngine(StandardRules.all()).diagnose(a),
                        "voice-vlan-mismatch"), name);
            }
        }
        // the CDP of the Catalyst ports does carry a native VLAN (TLV 0x000A), which is no voice VLAN
        assertEquals("1", Tshark.fields(SharedCaptures.dir().resolve("voip/cdp/tcpdump_3560_CDP.pcap"), "frame.number",
                "cdp.native_vlan").get(0)[1]);
    }
}
