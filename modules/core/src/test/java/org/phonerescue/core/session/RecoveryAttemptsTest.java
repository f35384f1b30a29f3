package org.phonerescue.core.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.phonerescue.core.analysis.Scenario;
import org.phonerescue.core.analysis.Scenario.Dhcp;
import org.phonerescue.core.analysis.Scenario.Host;
import org.phonerescue.core.device.Device;
import org.phonerescue.core.diagnosis.Diagnose;
import org.phonerescue.core.session.RecoveryAttempt.Outcome;
import org.phonerescue.core.session.RecoveryPhase.Kind;

/** Timelines and recovery attempts on scenes laid out frame by frame with known times. */
class RecoveryAttemptsTest {

    private static final Host PHONE = new Host("00:0e:08:de:ad:01", "192.168.1.50");
    private static final Host PC = new Host("00:1b:21:aa:bb:cc", "192.168.1.10");
    private static final String WILDCARD = "FFFFFFFFFFFF";

    /** Handshake (4 frames), multicast download of 3 blocks (7 frames); returns the last frame. */
    private static long spaRecovery(Scenario s) {
        s.spaRequest(PC, WILDCARD);
        s.after(0.01).spaReply(PHONE, "88014FA00024", "SPA504G", "7.4.4rec");
        s.after(0.2).spaUpgrade(PC, WILDCARD, "/spa71f6.bin");
        s.after(0.01).spaUpgradeAck(PHONE, WILDCARD, "/spa71f6.bin");
        s.after(0.1).udpToGroup(PHONE, 2000, Scenario.SPA_GROUP, 69, Scenario.rrq("/spa71f6.bin"));
        byte[] image = Scenario.content(1300, 9);
        long last = 0;
        for (int n = 1; n <= 3; n++) {
            s.after(0.01).udp(PC, 3000, PHONE, 2000,
                    Scenario.data(n, Arrays.copyOfRange(image, (n - 1) * 512, Math.min(1300, n * 512))));
            last = s.after(0.01).udpToGroup(PHONE, 2000, Scenario.SPA_GROUP, 3000, Scenario.ack(n));
        }
        return last;
    }

    private static List<RecoveryAttempt> attempts(Scenario s, String mac) {
        try (CaptureAnalysis a = Diagnose.analyse(s)) {
            Device d = a.device(mac);
            return RecoveryAttempts.of(a, d);
        }
    }

    private static List<Kind> kinds(RecoveryAttempt a) {
        return a.phases().stream().map(RecoveryPhase::kind).toList();
    }

    @Test
    void aLoopThenARecoveryAreTwoAttempts() {
        Scenario s = new Scenario();
        s.at(0);
        long downloaded = spaRecovery(s);                 // frames 1–11
        s.after(180);
        long request = s.spaRequest(PC, WILDCARD);        // frame 12: the tool tries again
        long back = s.after(0.01).spaReply(PHONE, "88014FA00024", "SPA504G", "7.4.4rec");
        s.after(0.2).spaUpgrade(PC, WILDCARD, "/spa71f6.bin");
        s.after(0.01).spaUpgradeAck(PHONE, WILDCARD, "/spa71f6.bin");
        s.after(0.1).udpToGroup(PHONE, 2000, Scenario.SPA_GROUP, 69, Scenario.rrq("/spa71f6.bin"));
        long end = 0;
        for (int n = 1; n <= 2; n++) {
            s.after(0.01).udp(PC, 3001, PHONE, 2000, Scenario.data(n, new byte[n == 1 ? 512 : 20]));
            end = s.after(0.01).udpToGroup(PHONE, 2000, Scenario.SPA_GROUP, 3001, Scenario.ack(n));
        }
        long register = s.after(120).sip(PHONE, PC, "REGISTER sip:192.168.1.10 SIP/2.0", "Content-Length: 0");

        List<RecoveryAttempt> attempts = attempts(s, PHONE.mac());
        assertEquals(2, attempts.size(), attempts.toString());
        RecoveryAttempt first = attempts.get(0);
        assertEquals(Outcome.LOOPED, first.outcome());
        assertEquals(List.of(Kind.HANDSHAKE, Kind.DOWNLOAD, Kind.SILENCE, Kind.REAPPEARANCE), kinds(first));
        RecoveryPhase silence = first.phases().get(2);
        assertEquals(downloaded, silence.firstFrame());
        assertEquals(back, silence.lastFrame());
        assertEquals(180.01, silence.seconds(), 0.001); // 180 s, then the Reply 10 ms after the Request
        assertTrue(first.phases().get(3).details().get(0).startsWith("back in recovery: SPA Reply: SPA504G"),
                first.phases().get(3).details().toString());
        assertEquals(List.of("SPA Request from the tool, serial FFFFFFFFFFFF", "SPA Reply: SPA504G, loader 7.4.4rec",
                "SPA Upgrade: fetch /spa71f6.bin", "SPA Upgrade acknowledged: /spa71f6.bin"), first.phases().get(0).details());

        RecoveryAttempt second = attempts.get(1);
        assertEquals(Outcome.RECOVERED, second.outcome());
        assertEquals(request, second.firstFrame(), "the tool's Request before the Reply opens the second attempt");
        assertEquals(List.of(Kind.HANDSHAKE, Kind.DOWNLOAD, Kind.SILENCE, Kind.REAPPEARANCE), kinds(second));
        assertEquals(end, second.phases().get(2).firstFrame());
        assertEquals(register, second.lastFrame());
        assertEquals("running its firmware: SIP REGISTER", second.phases().get(3).details().get(0));
    }

    @Test
    void aRefusedDownloadAfterDhcpFails() {
        Scenario s = new Scenario();
        Host router = new Host("00:1b:21:00:00:01", "192.168.1.1");
        s.at(0).dhcpFromClient(PHONE.mac(), new Dhcp(1, 3, PHONE.mac(), 1).option(60, "TI-dhcp 0.1"));
        s.after(0.1).dhcpFromServer(router, new Dhcp(2, 3, PHONE.mac(), 2).your(PHONE.ip()).addresses(54, router.ip()));
        long rrq = s.after(1).udp(PHONE, 50000, PC, 69, Scenario.rrq("spa50x-30x-7-6-2f.bin"));
        long error = s.after(0.01).udp(PC, 40000, PHONE, 50000, Scenario.error(1, "File not found"));
        List<RecoveryAttempt> attempts = attempts(s, PHONE.mac());
        assertEquals(1, attempts.size());
        RecoveryAttempt a = attempts.get(0);
        assertEquals(Outcome.FAILED, a.outcome());
        assertEquals(List.of(Kind.ADDRESS, Kind.DOWNLOAD), kinds(a));
        assertEquals(List.of("DHCP DISCOVER, vendor class 'TI-dhcp 0.1'",
                "DHCP OFFER from 192.168.1.1, address 192.168.1.50"), a.phases().get(0).details());
        RecoveryPhase download = a.phases().get(1);
        assertEquals(rrq, download.firstFrame());
        assertEquals(error, download.lastFrame());
        assertEquals("spa50x-30x-7-6-2f.bin error (ERROR 1 File not found), 0 bytes in 0 blocks", download.details().get(1));
    }

    @Test
    void aPhoneThatOnlyRegistersMakesNoAttemptAndADownloadWithoutReappearanceIsUnfinished() {
        Scenario s = new Scenario();
        s.at(0).sip(PHONE, PC, "REGISTER sip:192.168.1.10 SIP/2.0", "Content-Length: 0");
        assertEquals(List.of(), attempts(s, PHONE.mac()));

        Scenario d = new Scenario();
        d.at(0);
        spaRecovery(d);
        long last = d.after(30).udp(PC, 5353, PHONE, 5353, new byte[4]);
        List<RecoveryAttempt> attempts = attempts(d, PHONE.mac());
        assertEquals(1, attempts.size());
        assertEquals(Outcome.UNFINISHED, attempts.get(0).outcome());
        // the phone silent from its image to the end of the capture: that silence is the attempt's last phase
        assertEquals(List.of(Kind.HANDSHAKE, Kind.DOWNLOAD, Kind.SILENCE), kinds(attempts.get(0)));
        RecoveryPhase silence = attempts.get(0).phases().get(2);
        assertEquals(attempts.get(0).phases().get(1).lastFrame(), silence.firstFrame());
        assertEquals(last, silence.lastFrame());
        assertEquals(30, silence.seconds(), 0.1);
        assertEquals("30 s after the image, to the end of the capture, nothing from the phone",
                silence.details().get(0));

        // a capture that ends right after the image shows no silence
        Scenario shortly = new Scenario();
        shortly.at(0);
        spaRecovery(shortly);
        shortly.after(1).udp(PC, 5353, PHONE, 5353, new byte[4]);
        assertEquals(List.of(Kind.HANDSHAKE, Kind.DOWNLOAD), kinds(attempts(shortly, PHONE.mac()).get(0)));
    }

    @Test
    void theTimelineListsEveryStepInFrameOrder() {
        Scenario s = new Scenario();
        s.at(0);
        spaRecovery(s);
        try (CaptureAnalysis a = Diagnose.analyse(s)) {
            List<TimelineEvent> events = Timeline.of(a, a.device(PHONE.mac()));
            assertEquals(List.of(TimelineEvent.Kind.SPA, TimelineEvent.Kind.SPA, TimelineEvent.Kind.SPA,
                    TimelineEvent.Kind.SPA, TimelineEvent.Kind.TFTP_REQUEST, TimelineEvent.Kind.TFTP_END),
                    events.stream().map(TimelineEvent::kind).toList());
            assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 11L), events.stream().map(TimelineEvent::frame).toList());
            assertEquals("requests /spa71f6.bin from 234.4.8.10:69", events.get(4).text());
            assertEquals("/spa71f6.bin complete, 1300 bytes in 3 blocks", events.get(5).text());
            assertEquals(5L, events.get(5).transfer());
        }
    }

    /**
     * sample-captures/snom-rescue-wrong-gateway.pcap: a Snom with a typed gateway nobody has does
     * nothing but ask for it by ARP. Its timeline shows the first and the last of those requests,
     * and its one attempt is stuck getting there: an address phase over exactly those frames, as
     * tshark finds them.
     */
    @Test
    void arpRequestsNobodyAnswersAreTheAddressPhase() throws Exception {
        java.nio.file.Path capture = java.nio.file.Paths.get("../../sample-captures/snom-rescue-wrong-gateway.pcap");
        List<Long> asked = org.phonerescue.core.testing.Tshark.fields(capture, "frame.number").stream()
                .map(f -> Long.parseLong(f[0])).toList();
        List<Long> requests = org.phonerescue.core.testing.Tshark.run(List.of("tshark", "-n", "-r", capture.toString(),
                "-Y", "arp.opcode == 1 && arp.dst.proto_ipv4 == 10.231.60.1", "-T", "fields", "-e", "frame.number"))
                .lines().filter(l -> !l.isBlank()).map(l -> Long.parseLong(l.trim())).toList();
        assertTrue(requests.size() >= 3 && asked.size() > requests.size(), requests.toString());
        try (CaptureAnalysis a = CaptureAnalyzer.analyze(capture, org.phonerescue.core.device.OuiRegistry.system(),
                org.phonerescue.core.transfer.ContentStore.hashingOnly())) {
            Device snom = a.device("00:04:13:78:50:01");
            List<TimelineEvent> arp = Timeline.of(a, snom).stream().filter(e -> e.kind() == TimelineEvent.Kind.ARP).toList();
            assertEquals(List.of(requests.get(0), requests.get(requests.size() - 1)),
                    arp.stream().map(TimelineEvent::frame).toList());
            assertTrue(arp.get(0).text().startsWith("ARP: who has 10.231.60.1? (from 10.231.60.5), first of "
                                                    + requests.size() + " requests"), arp.get(0).text());
            List<RecoveryAttempt> attempts = RecoveryAttempts.of(a, snom);
            assertEquals(1, attempts.size(), attempts.toString());
            assertEquals(List.of(Kind.ADDRESS), kinds(attempts.get(0)));
            assertEquals(requests.get(0), attempts.get(0).phases().get(0).firstFrame());
            assertEquals(requests.get(requests.size() - 1), attempts.get(0).phases().get(0).lastFrame());
        }
    }

    /**
     * The recorded 79xx scene: the packing list and its first images arrive, then the server refuses
     * the last listed image three times (ERROR 1, tshark) and the capture ends. The completed images
     * do not leave the attempt "unfinished": a download failed and nothing completed after it.
     */
    @Test
    void anImageRefusedAfterTheOthersCompletedFailsTheAttempt() throws Exception {
        java.nio.file.Path capture = java.nio.file.Paths.get("../../sample-captures/cisco-7961-listed-image-missing.pcap");
        List<String[]> tftp = org.phonerescue.core.testing.Tshark.fields(capture, "frame.number", "tftp.opcode",
                "tftp.source_file", "tftp.error.code").stream().filter(r -> !r[1].isEmpty()).toList();
        String[] lastRequest = tftp.stream().filter(r -> r[1].equals("1")).reduce((x, y) -> y).orElseThrow();
        String[] lastError = tftp.stream().filter(r -> r[1].equals("5")).reduce((x, y) -> y).orElseThrow();
        assertTrue(Long.parseLong(lastError[0]) > Long.parseLong(lastRequest[0]), "the last request is refused");
        assertEquals("1", lastError[3]);
        try (CaptureAnalysis a = CaptureAnalyzer.analyze(capture, org.phonerescue.core.device.OuiRegistry.empty(),
                org.phonerescue.core.transfer.ContentStore.hashingOnly())) {
            Device phone = a.device("6c:5e:3b:61:79:61");
            List<RecoveryAttempt> attempts = RecoveryAttempts.of(a, phone);
            assertEquals(1, attempts.size(), attempts.toString());
            assertEquals(Outcome.FAILED, attempts.get(0).outcome());
            assertTrue(attempts.get(0).lastFrame() >= Long.parseLong(lastRequest[0]), attempts.toString());
        }
    }
}
