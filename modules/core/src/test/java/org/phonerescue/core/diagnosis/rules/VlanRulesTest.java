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

    static final Host OTHER_PHONE = new Host("00:0e:08:de:ad:02", "192.168.100.51");
    static final String CP_7961 = "Cisco Systems, Inc. IP Phone CP-7961G";

    /**
     * The phone's recovery loader asks for an address three times in frames without a VLAN tag
     * ({@code vlan} -1; or 0, a priority tag), and nothing answers; meanwhile, when
     * {@code tagsKept}, another phone gets its address from the DHCP server in voice VLAN 100, in
     * tagged frames, which egress the phone's port tagged. Returns the loader's first frame and the
     * other phone's first tagged frame.
     */
    static long[] loaderAskingUntagged(Scenario s, int vlan, boolean tagsKept) {
        Host asking = new Host(PHONE.mac(), "0.0.0.0");
        long first = -1;
        long tagged = -1;
        for (int i = 0; i < 3; i++) {
            byte[] discover = new Dhcp(1, 9, PHONE.mac(), 1).option(60, CP_7961).bytes();
            long f = vlan < 0 ? s.after(4).udp(asking, 68, BROADCAST_ON_LINK, 67, discover)
                    : s.after(4).udpOnVlan(vlan, asking, 68, BROADCAST_ON_LINK, 67, discover);
            first = first < 0 ? f : first;
            if (i == 0) {
                Host other = new Host(OTHER_PHONE.mac(), "0.0.0.0");
                byte[] otherDiscover = new Dhcp(1, 7, OTHER_PHONE.mac(), 1).option(60, CP_7961).bytes();
                byte[] offer = new Dhcp(2, 7, OTHER_PHONE.mac(), 2).your(OTHER_PHONE.ip()).addresses(54, SERVER.ip())
                        .addresses(150, SERVER.ip()).bytes();
                if (tagsKept) {
                    tagged = s.after(0.5).udpOnVlan(100, other, 68, BROADCAST_ON_LINK, 67, otherDiscover);
                    s.after(0.01).udpOnVlan(100, SERVER, 67, BROADCAST_ON_LINK, 68, offer);
                } else {
                    s.after(0.5).udp(other, 68, BROADCAST_ON_LINK, 67, otherDiscover);
                    s.after(0.01).udp(SERVER, 67, BROADCAST_ON_LINK, 68, offer);
                }
            }
        }
        return new long[] {first, tagged};
    }

    /**
     * The classic case (field notes: a recovery loader does not tag): the switch's CDP for the
     * phone's port gives native VLAN 1 and voice VLAN 100; the loader's untagged requests stay in
     * VLAN 1, the DHCP server answers in VLAN 100. The capture keeps tags (the other phone's frames
     * are tagged), so the untagged frames are placed in VLAN 1, and the finding says on what ground.
     */
    @Test
    void untaggedLoaderFramesInTheAnnouncedNativeVlanAreAMismatch() throws Exception {
        Scenario s = new Scenario();
        long cdp = s.at(0).cdpSwitchPort(SWITCH, "GigabitEthernet0/5", 1, 100);
        long[] frames = loaderAskingUntagged(s, -1, true);
        List<String[]> theirs = Tshark.fields(s.write(dir.resolve("loader-untagged.pcap")), "frame.number",
                "cdp.portid", "cdp.native_vlan", "cdp.voice_vlan", "vlan.id", "dhcp.option.dhcp", "dhcp.hw.mac_addr");
        assertEquals(List.of(String.valueOf(cdp), "GigabitEthernet0/5", "1", "100", "", "", ""),
                List.of(theirs.get((int) cdp - 1)));
        assertEquals(List.of(String.valueOf(frames[0]), "", "", "", "", "1", PHONE.mac()),
                List.of(theirs.get((int) frames[0] - 1)));
        assertEquals("100", theirs.get((int) frames[1] - 1)[4]);
        assertTrue(theirs.stream().filter(r -> r[6].equals(PHONE.mac())).allMatch(r -> r[4].isEmpty()),
                "every frame of the loader untagged");

        Diagnosis d = Diagnose.run(s);
        Finding f = Diagnose.only(d, "voice-vlan-mismatch");
        assertEquals(PHONE.mac(), f.device());
        assertEquals(List.of(cdp, frames[0], frames[1]), f.evidence());
        assertEquals("CDP from " + SWITCH + " (frame 1) gives voice VLAN 100. The phone's frames travel on VLAN 1 "
                + "(untagged, from frame " + frames[0] + "). The phone's frames are not in the voice VLAN, and nothing "
                + "answers them. Frames naming no VLAN (untagged or priority-tagged) are placed in VLAN 1, the native "
                + "VLAN that CDP from " + SWITCH + " announces for its port GigabitEthernet0/5 (frame 1): the only "
                + "switch port announced in the capture, and the one that gave the phone its voice VLAN; and the capture "
                + "keeps 802.1Q tags (frame " + frames[1] + " is tagged), so a frame shown untagged was untagged on "
                + "the wire.", f.explanation());
        assertTrue(f.remedy().startsWith("This phone's frames carry no tag, so the switch keeps them in native "
                + "VLAN 1."), f.remedy());
        assertTrue(f.remedy().contains("(and the DHCP server) in VLAN 1 too"), f.remedy());
        assertTrue(f.remedy().contains("make the phone's switch port an access port of VLAN 100 without a voice "
                + "VLAN, so its untagged frames reach the server"), f.remedy());
        // nothing shows this phone in the SPA loader, the one loader known not to tag
        assertTrue(!f.remedy().contains("loader"), f.remedy());
        assertEquals("voice-vlan-mismatch", d.verdict(PHONE.mac()).verdict());
        assertEquals(List.of(), Diagnose.findings(d, "voice-vlan-mismatch").stream()
                .filter(x -> x.device().equals(OTHER_PHONE.mac())).toList(), "the other phone is in the voice VLAN");

        // priority-tagged frames (VLAN id 0) name no VLAN either: the port puts them in its native VLAN
        Scenario priority = new Scenario();
        priority.at(0).cdpSwitchPort(SWITCH, "GigabitEthernet0/5", 1, 100);
        long[] p = loaderAskingUntagged(priority, 0, true);
        assertEquals("0", Tshark.fields(priority.write(dir.resolve("loader-priority.pcap")), "frame.number",
                "vlan.id").get((int) p[0] - 1)[1]);
        assertTrue(Diagnose.only(Diagnose.run(priority), "voice-vlan-mismatch").explanation()
                .contains("The phone's frames travel on VLAN 1 (priority-tagged, from frame " + p[0] + ")."));
    }

    /**
     * The SPA recovery loader, known by its DHCP vendor class and host name, asks untagged (it has
     * no VLAN support: spa-recovery-protocol.md "Transport"); the remedy says so.
     */
    @Test
    void theSpaLoaderIsNamedAsWhyTheFramesCarryNoTag() throws Exception {
        Scenario s = new Scenario();
        s.at(0).cdpSwitchPort(SWITCH, "GigabitEthernet0/5", 1, 100);
        long tagged = s.after(1).udpOnVlan(100, OTHER_PHONE, 5060, SERVER, 5060, new byte[8]);
        long first = -1;
        for (int i = 0; i < 3; i++) {
            long f = s.after(4).dhcpFromClient(PHONE.mac(), new Dhcp(1, 0x1234, PHONE.mac(), 1)
                    .option(60, "TI-dhcp 0.1").option(12, "TNETV1050SDB"));
            first = first < 0 ? f : first;
        }
        List<String[]> theirs = Tshark.fields(s.write(dir.resolve("spa-loader.pcap")), "frame.number", "vlan.id",
                "dhcp.option.vendor_class_id", "dhcp.option.hostname");
        assertEquals(List.of(String.valueOf(tagged), "100", "", ""), List.of(theirs.get((int) tagged - 1)));
        assertEquals(List.of(String.valueOf(first), "", "TI-dhcp 0.1", "TNETV1050SDB"),
                List.of(theirs.get((int) first - 1)));
        Finding f = Diagnose.only(Diagnose.run(s), "voice-vlan-mismatch");
        assertEquals(PHONE.mac(), f.device());
        assertTrue(f.remedy().startsWith("This phone's frames carry no tag (it runs the SPA recovery loader, which "
                + "does not tag), so the switch keeps them in native VLAN 1."), f.remedy());
    }

    /** The same case told by LLDP: the 802.1 Port VLAN ID and the LLDP-MED voice policy of the switch port. */
    @Test
    void untaggedLoaderFramesInTheLldpPortVlanAreAMismatch() throws Exception {
        Scenario s = new Scenario();
        long lldp = s.at(0).lldpSwitchPort(SWITCH, "Gi1/0/5", 1, 100);
        long[] frames = loaderAskingUntagged(s, -1, true);
        List<String[]> theirs = Tshark.fields(s.write(dir.resolve("loader-lldp.pcap")), "frame.number",
                "lldp.port.id", "lldp.ieee.802_1.port_vlan.id", "lldp.media.vlan_id", "vlan.id");
        assertEquals(List.of(String.valueOf(lldp), "Gi1/0/5", "1", "100", ""), List.of(theirs.get((int) lldp - 1)));
        assertEquals("", theirs.get((int) frames[0] - 1)[4]);
        Finding f = Diagnose.only(Diagnose.run(s), "voice-vlan-mismatch");
        assertEquals(List.of(lldp, frames[0], frames[1]), f.evidence());
        assertTrue(f.explanation().startsWith("LLDP-MED from " + SWITCH + " (frame 1) gives voice VLAN 100. "
                + "The phone's frames travel on VLAN 1 (untagged, from frame " + frames[0] + ")."), f.explanation());
        assertTrue(f.explanation().contains("the native VLAN that LLDP from " + SWITCH + " announces for its port "
                + "Gi1/0/5 (frame 1)"), f.explanation());
    }

    /**
     * The phone tags its DHCP requests with voice VLAN 100; the server answers without a tag, in the
     * port's native VLAN 1: the phone, listening in VLAN 100, does not take the offer.
     */
    @Test
    void untaggedServerAnswersInTheNativeVlanAreAMismatch() throws Exception {
        Scenario s = new Scenario();
        long cdp = s.at(0).cdpSwitchPort(SWITCH, "GigabitEthernet0/5", 1, 100);
        Host asking = new Host(PHONE.mac(), "0.0.0.0");
        long discover = s.after(1).udpOnVlan(100, asking, 68, BROADCAST_ON_LINK, 67,
                new Dhcp(1, 9, PHONE.mac(), 1).option(60, CP_7961).bytes());
        long offer = s.after(0.1).udp(SERVER, 67, BROADCAST_ON_LINK, 68, new Dhcp(2, 9, PHONE.mac(), 2)
                .your(PHONE.ip()).addresses(54, SERVER.ip()).addresses(150, SERVER.ip()).bytes());
        List<String[]> theirs = Tshark.fields(s.write(dir.resolve("server-untagged.pcap")), "frame.number", "vlan.id",
                "dhcp.option.dhcp");
        assertEquals(List.of(String.valueOf(discover), "100", "1"), List.of(theirs.get((int) discover - 1)));
        assertEquals(List.of(String.valueOf(offer), "", "2"), List.of(theirs.get((int) offer - 1)));
        Finding f = Diagnose.only(Diagnose.run(s), "voice-vlan-mismatch");
        assertEquals(List.of(cdp, discover, offer), f.evidence());
        assertTrue(f.explanation().contains("The answers of " + SERVER.mac() + " travel on VLAN 1 (untagged, "
                + "from frame "
                + offer + "). The phone and its server are not in the same VLAN"), f.explanation());
        assertTrue(f.explanation().contains("(frame " + discover + " is tagged)"), f.explanation());
        assertTrue(f.remedy().startsWith("Put the TFTP or HTTP server (and the DHCP server) in voice VLAN 100"),
                f.remedy());
    }

    /** The loader's untagged requests and the server's untagged answers share native VLAN 1: no mismatch. */
    @Test
    void serverAnsweringInTheNativeVlanOfTheUntaggedPhoneIsNoMismatch() throws Exception {
        Scenario s = new Scenario();
        s.at(0).cdpSwitchPort(SWITCH, "GigabitEthernet0/5", 1, 100);
        long[] frames = loaderAskingUntagged(s, -1, true);
        long offer = s.after(0.1).udp(SERVER, 67, BROADCAST_ON_LINK, 68, new Dhcp(2, 9, PHONE.mac(), 2)
                .your(PHONE.ip()).addresses(54, SERVER.ip()).addresses(150, SERVER.ip()).bytes());
        List<String[]> theirs = Tshark.fields(s.write(dir.resolve("same-native.pcap")), "frame.number", "vlan.id",
                "dhcp.option.dhcp", "dhcp.hw.mac_addr");
        assertEquals(List.of(String.valueOf(offer), "", "2", PHONE.mac()), List.of(theirs.get((int) offer - 1)));
        assertEquals("100", theirs.get((int) frames[1] - 1)[1]);
        try (CaptureAnalysis a = Diagnose.analyse(s)) {
            assertEquals(1, a.untaggedFramesVlan().orElseThrow().vlan(), "the untagged frames are placed");
        }
        assertEquals(List.of(), Diagnose.findings(Diagnose.run(s), "voice-vlan-mismatch"));
    }

    /** Without a native VLAN in the switch's announcement, untagged frames stay unjudged. */
    @Test
    void noNativeVlanKnownLeavesUntaggedFramesUnjudged() throws Exception {
        Scenario cdp = new Scenario();
        cdp.at(0).cdpSwitchPort(SWITCH, "GigabitEthernet0/5", -1, 100);
        loaderAskingUntagged(cdp, -1, true);
        List<String[]> theirs = Tshark.fields(cdp.write(dir.resolve("no-native.pcap")), "frame.number",
                "cdp.voice_vlan", "cdp.native_vlan");
        assertEquals(List.of("1", "100", ""), List.of(theirs.get(0)));
        assertEquals(List.of(), Diagnose.findings(Diagnose.run(cdp), "voice-vlan-mismatch"));

        Scenario lldp = new Scenario();
        lldp.at(0).lldpSwitchPort(SWITCH, "Gi1/0/5", -1, 100);
        loaderAskingUntagged(lldp, -1, true);
        theirs = Tshark.fields(lldp.write(dir.resolve("no-pvid.pcap")), "frame.number", "lldp.media.vlan_id",
                "lldp.ieee.802_1.port_vlan.id");
        assertEquals(List.of("1", "100", ""), List.of(theirs.get(0)));
        assertEquals(List.of(), Diagnose.findings(Diagnose.run(lldp), "voice-vlan-mismatch"));

        // a priority tag (VLAN id 0) names no VLAN either: no "VLAN 0" to compare with the voice VLAN
        Scenario priority = new Scenario();
        priority.at(0).cdpSwitchPort(SWITCH, "GigabitEthernet0/5", -1, 100);
        long[] p = loaderAskingUntagged(priority, 0, true);
        theirs = Tshark.fields(priority.write(dir.resolve("no-native-priority.pcap")), "frame.number", "vlan.id",
                "cdp.native_vlan");
        assertEquals(List.of(String.valueOf(p[0]), "0", ""), List.of(theirs.get((int) p[0] - 1)));
        assertEquals(List.of(), Diagnose.findings(Diagnose.run(priority), "voice-vlan-mismatch"));
    }

    /**
     * A capture taken on a host (here the PC beside the DHCP server) shows no tag at all: its network
     * card removed them, so an untagged frame may have carried any. Not judged, even with the
     * switch's native VLAN at hand.
     */
    @Test
    void captureWithoutAnyTagLeavesUntaggedFramesUnjudged() throws Exception {
        Scenario s = new Scenario();
        s.at(0).cdpSwitchPort(SWITCH, "GigabitEthernet0/7", 1, 100);
        loaderAskingUntagged(s, -1, false);
        List<String[]> theirs = Tshark.fields(s.write(dir.resolve("host.pcap")), "frame.number", "cdp.native_vlan",
                "vlan.id");
        assertEquals("1", theirs.get(0)[1]);
        assertTrue(theirs.stream().allMatch(r -> r[2].isEmpty()), "no frame tagged");
        try (CaptureAnalysis a = Diagnose.analyse(s)) {
            assertTrue(a.untaggedFramesVlan().isEmpty());
        }
        assertEquals(List.of(), Diagnose.findings(Diagnose.run(s), "voice-vlan-mismatch"));
    }

    /**
     * Two switch ports announced (a session mirroring the phone's port and the server's, or a capture
     * PC's own port beside a mirrored one): which port a frame came in by is open. Not judged; nor is
     * a phone's own announcement, which describes the phone's port, taken for the switch's.
     */
    @Test
    void announcementsOfSeveralPortsLeaveUntaggedFramesUnjudged() throws Exception {
        Scenario s = new Scenario();
        s.at(0).cdpSwitchPort(SWITCH, "GigabitEthernet0/5", 1, 100);
        s.after(0.5).cdpSwitchPort("00:19:2f:a7:b2:8f", "GigabitEthernet0/7", 20, -1);
        loaderAskingUntagged(s, -1, true);
        List<String[]> theirs = Tshark.fields(s.write(dir.resolve("two-ports.pcap")), "frame.number", "cdp.portid",
                "cdp.native_vlan");
        assertEquals(List.of("2", "GigabitEthernet0/7", "20"), List.of(theirs.get(1)));
        try (CaptureAnalysis a = Diagnose.analyse(s)) {
            assertTrue(a.untaggedFramesVlan().isEmpty());
        }
        assertEquals(List.of(), Diagnose.findings(Diagnose.run(s), "voice-vlan-mismatch"));

        // the phone's LLDP (its own port, VLAN 1) beside the switch's CDP: the switch's port alone counts
        Scenario phone = new Scenario();
        phone.at(0).cdpSwitchPort(SWITCH, "GigabitEthernet0/5", 1, 100);
        long[] loader = loaderAskingUntagged(phone, -1, true);
        long own = phone.after(1).lldpSwitchPort(PHONE.mac(), "Port 1", 1, 100);
        List<String[]> lldp = Tshark.fields(phone.write(dir.resolve("phone-lldp.pcap")), "frame.number",
                "lldp.ieee.802_1.port_vlan.id", "lldp.media.vlan_id", "vlan.id", "dhcp.option.dhcp");
        assertEquals(List.of(String.valueOf(own), "1", "100", "", ""), List.of(lldp.get((int) own - 1)));
        assertEquals(List.of(String.valueOf(loader[0]), "", "", "", "1"), List.of(lldp.get((int) loader[0] - 1)));
        try (CaptureAnalysis a = Diagnose.analyse(phone)) {
            assertEquals(PHONE.mac(), a.device(PHONE.mac()).mac());
            assertEquals(SWITCH, a.untaggedFramesVlan().orElseThrow().senderMac());
        }
        // the switch's port places the loader's untagged requests in VLAN 1; the phone's own LLDP-MED
        // policy (voice VLAN 100 too) is part of what it was told
        Finding f = Diagnose.only(Diagnose.run(phone), "voice-vlan-mismatch");
        assertEquals(PHONE.mac(), f.device());
        assertEquals(List.of(1L, loader[0], loader[1], own), f.evidence());
        assertTrue(f.explanation().startsWith("CDP from " + SWITCH + " (frame 1) gives voice VLAN 100. The phone's "
                + "frames travel on VLAN 1 (untagged, from frame " + loader[0] + "). The phone's frames are not in "
                + "the voice VLAN, and nothing answers them."), f.explanation());
    }

    /**
     * A booted phone tags its DHCP requests with voice VLAN 100, and its own LLDP goes untagged, as
     * link-local frames always do; its DHCP server answers untagged, in the port's native VLAN 1.
     * The untagged LLDP does not put the phone in VLAN 1: the mismatch is found as without it.
     */
    @Test
    void aPhonesOwnUntaggedLldpDoesNotPutItInTheNativeVlan() throws Exception {
        for (boolean withLldp : new boolean[] {true, false}) {
            Scenario s = new Scenario();
            long cdp = s.at(0).cdpSwitchPort(SWITCH, "GigabitEthernet0/5", 1, 100);
            long lldp = withLldp ? s.after(0.5).lldpPhone(PHONE.mac(), 0x20, "SEP000E08DEAD01", "Cisco IP Phone",
                    "1", "2", "3", "4", "Cisco", "CP-7961G") : -1;
            Host asking = new Host(PHONE.mac(), "0.0.0.0");
            long discover = -1;
            long offer = -1;
            for (int i = 0; i < 3; i++) {
                long d = s.after(4).udpOnVlan(100, asking, 68, BROADCAST_ON_LINK, 67,
                        new Dhcp(1, 9, PHONE.mac(), 1).option(60, CP_7961).bytes());
                long o = s.after(0.1).udp(SERVER, 67, BROADCAST_ON_LINK, 68, new Dhcp(2, 9, PHONE.mac(), 2)
                        .your(PHONE.ip()).addresses(54, SERVER.ip()).bytes());
                discover = discover < 0 ? d : discover;
                offer = offer < 0 ? o : offer;
            }
            List<String[]> theirs = Tshark.fields(s.write(dir.resolve("booted-" + withLldp + ".pcap")),
                    "frame.number", "eth.src", "lldp.tlv.system.name", "vlan.id", "dhcp.option.dhcp");
            if (withLldp) {
                assertEquals(List.of(String.valueOf(lldp), PHONE.mac(), "SEP000E08DEAD01", "", ""),
                        List.of(theirs.get((int) lldp - 1)));
            }
            assertEquals(List.of(String.valueOf(discover), PHONE.mac(), "", "100", "1"),
                    List.of(theirs.get((int) discover - 1)));
            assertEquals(List.of(String.valueOf(offer), SERVER.mac(), "", "", "2"), List.of(theirs.get((int) offer - 1)));
            Finding f = Diagnose.only(Diagnose.run(s), "voice-vlan-mismatch");
            assertEquals(PHONE.mac(), f.device());
            assertEquals(List.of(cdp, discover, offer), f.evidence());
            assertTrue(f.explanation().startsWith("CDP from " + SWITCH + " (frame 1) gives voice VLAN 100. The answers "
                    + "of " + SERVER.mac() + " travel on VLAN 1 (untagged, from frame " + offer + "). The phone and "
                    + "its server are not in the same VLAN"), f.explanation());
        }
    }

    /**
     * A Snom phone on a port with voice VLAN 100 downloads its image completely over HTTP, its
     * frames untagged and so placed in native VLAN 1: the answered download proves the phone
     * reaches its server, whatever the VLANs. No mismatch.
     */
    @Test
    void anAnsweredHttpDownloadIsNoMismatch() throws Exception {
        Scenario s = new Scenario();
        s.at(0).cdpSwitchPort(SWITCH, "GigabitEthernet0/5", 1, 100);
        long tagged = s.after(1).udpOnVlan(100, OTHER_PHONE, 5060, SERVER, 5060, new byte[8]);
        s.after(1);
        long[] http = HttpDownloadRulesTest.httpDownload(s, 40000, "/snomD785-r.bin", 3000);
        s.after(2).arpAnnouncement(HttpDownloadRulesTest.SERVER);
        List<String[]> theirs = Tshark.fields(s.write(dir.resolve("snom-http.pcap")), "frame.number", "eth.src",
                "vlan.id", "http.request.uri", "http.response.code");
        assertEquals(List.of(String.valueOf(tagged), OTHER_PHONE.mac(), "100", "", ""),
                List.of(theirs.get((int) tagged - 1)));
        assertEquals(List.of(String.valueOf(http[0]), HttpDownloadRulesTest.PHONE.mac(), "", "/snomD785-r.bin", ""),
                List.of(theirs.get((int) http[0] - 1)));
        assertTrue(theirs.stream().anyMatch(r -> r.length > 4 && r[4].equals("200") && r[2].isEmpty()
                && r[1].equals(HttpDownloadRulesTest.SERVER.mac())), "an untagged 200 OK from the server");
        try (CaptureAnalysis a = Diagnose.analyse(s)) {
            assertEquals(1, a.untaggedFramesVlan().orElseThrow().vlan(), "the phone's untagged frames are placed");
        }
        assertEquals(List.of(), Diagnose.findings(Diagnose.run(s), "voice-vlan-mismatch"));
    }

    /**
     * One switch announcing by CDP and by LLDP: one port named two ways ("GigabitEthernet0/5",
     * "Gi0/5") places untagged frames; two different interfaces leave them unjudged.
     */
    @Test
    void cdpAndLldpNamingDifferentInterfacesLeaveUntaggedFramesUnjudged() throws Exception {
        for (String lldpPort : List.of("Gi0/5", "Gi0/7")) {
            Scenario s = new Scenario();
            s.at(0).cdpSwitchPort(SWITCH, "GigabitEthernet0/5", 1, 100);
            long lldp = s.after(0.5).lldpSwitchPort(SWITCH, lldpPort, 1, 100);
            loaderAskingUntagged(s, -1, true);
            List<String[]> theirs = Tshark.fields(s.write(dir.resolve("ports-" + lldpPort.replace('/', '-') + ".pcap")),
                    "frame.number", "cdp.portid", "lldp.port.id", "cdp.native_vlan", "lldp.ieee.802_1.port_vlan.id");
            assertEquals(List.of("1", "GigabitEthernet0/5", "", "1", ""), List.of(theirs.get(0)));
            assertEquals(List.of(String.valueOf(lldp), "", lldpPort, "", "1"), List.of(theirs.get((int) lldp - 1)));
            boolean samePort = lldpPort.equals("Gi0/5");
            try (CaptureAnalysis a = Diagnose.analyse(s)) {
                assertEquals(samePort, a.untaggedFramesVlan().isPresent(), lldpPort);
            }
            assertEquals(samePort ? 1 : 0, Diagnose.findings(Diagnose.run(s), "voice-vlan-mismatch").size(), lldpPort);
        }
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
                // the inter-switch link announces two ports; the others keep no tag or announce no native VLAN
                assertTrue(a.untaggedFramesVlan().isEmpty(), name);
                assertEquals(List.of(), Diagnose.findings(new DiagnosisEngine(StandardRules.all()).diagnose(a),
                        "voice-vlan-mismatch"), name);
            }
        }
        // the CDP of the Catalyst ports does carry a native VLAN (TLV 0x000A), which is no voice VLAN
        assertEquals("1", Tshark.fields(SharedCaptures.dir().resolve("voip/cdp/tcpdump_3560_CDP.pcap"), "frame.number",
                "cdp.native_vlan").get(0)[1]);
    }
}
