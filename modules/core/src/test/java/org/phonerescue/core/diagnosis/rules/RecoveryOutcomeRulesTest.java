package org.phonerescue.core.diagnosis.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.phonerescue.core.analysis.Scenario;
import org.phonerescue.core.analysis.Scenario.Dhcp;
import org.phonerescue.core.analysis.Scenario.Host;
import org.phonerescue.core.diagnosis.Diagnose;
import org.phonerescue.core.diagnosis.Diagnosis;
import org.phonerescue.core.diagnosis.Finding;
import org.phonerescue.core.diagnosis.Severity;
import org.phonerescue.core.device.Device;
import org.phonerescue.core.session.CaptureAnalysis;
import org.phonerescue.core.session.CaptureAnalyzer;
import org.phonerescue.core.session.RecoveryAttempt;
import org.phonerescue.core.session.RecoveryAttempts;
import org.phonerescue.core.session.SccpMessage;
import org.phonerescue.core.session.Timeline;
import org.phonerescue.core.session.TimelineEvent;

/**
 * After a complete download: the phone boots its firmware ({@code recovered}) or comes back in
 * recovery ({@code image-rejected-loop}); field notes §1 and spa-recovery-protocol.md.
 */
class RecoveryOutcomeRulesTest {

    @org.junit.jupiter.api.io.TempDir
    java.nio.file.Path dir;

    private static final Host PHONE = SpaRulesTest.PHONE;
    private static final Host PC = SpaRulesTest.PC;

    /** The SPA recovery: handshake, then the loader downloads the image over multicast TFTP. */
    private static long[] spaRecovery(Scenario s) {
        SpaRulesTest.handshake(s);
        long rrq = s.after(0.1).udpToGroup(PHONE, 2000, Scenario.SPA_GROUP, 69, Scenario.rrq("/spa71f6.bin"));
        byte[] image = Scenario.content(1300, 9);
        long last = 0;
        for (int n = 1; n <= 3; n++) {
            s.after(0.01).udp(PC, 3000, PHONE, 2000,
                    Scenario.data(n, java.util.Arrays.copyOfRange(image, (n - 1) * 512, Math.min(1300, n * 512))));
            last = s.after(0.01).udpToGroup(PHONE, 2000, Scenario.SPA_GROUP, 3000, Scenario.ack(n));
        }
        return new long[] {rrq, last};
    }

    @Test
    void aPhoneThatRegistersAfterItsDownloadRecovered() {
        Scenario s = new Scenario();
        s.at(0);
        long[] download = spaRecovery(s);
        s.after(120).dhcpFromClient(PHONE.mac(), new Dhcp(1, 77, PHONE.mac(), 1).option(60, "LINKSYS SPA-504G"));
        long register = s.after(3).sip(PHONE, PC, "REGISTER sip:192.168.1.10 SIP/2.0",
                "User-Agent: Cisco/SPA504G-7.6.2f", "Content-Length: 0");
        Diagnosis d = Diagnose.run(s);
        Finding f = Diagnose.only(d, "recovered");
        assertEquals(Severity.INFO, f.severity());
        assertEquals("recovered", d.verdict(PHONE.mac()).verdict());
        assertEquals(List.of(download[0], download[1], register - 1), f.evidence());
        assertTrue(f.explanation().startsWith("The phone downloaded /spa71f6.bin completely (1 300 bytes"),
                f.explanation());
        assertTrue(f.explanation().contains("asked DHCP as 'LINKSYS SPA-504G'"), f.explanation());
        assertEquals(List.of(), Diagnose.findings(d, "image-rejected-loop"));
    }

    @Test
    void aPhoneBackInItsLoaderAfterTheDownloadLoops() {
        Scenario s = new Scenario();
        s.at(0);
        long[] download = spaRecovery(s);
        // three minutes later the tool finds the phone in recovery mode again
        s.after(180).spaRequest(PC, SpaRulesTest.WILDCARD);
        long again = s.after(0.01).spaReply(PHONE, "88014FA00024", "SPA504G", "7.4.4rec");
        Diagnosis d = Diagnose.run(s);
        Finding f = Diagnose.only(d, "image-rejected-loop");
        assertEquals(PHONE.mac(), f.device());
        assertEquals("image-rejected-loop", d.verdict(PHONE.mac()).verdict());
        assertEquals(List.of(download[0], download[1], again), f.evidence());
        assertTrue(f.explanation().contains("then answered the SPA recovery tool as loader 7.4.4rec (frame " + again + ")"),
                f.explanation());
        assertTrue(f.remedy().contains("(the phone reports loader 7.4.4rec in frame " + again + ")")
                && f.remedy().contains("use 7.4.9c"), f.remedy());
        assertEquals(List.of(), Diagnose.findings(d, "recovered"));
    }

    @Test
    void aSnomImageAskedForAgainAfterItsDownloadLoopsAndARegistrationIsRecovery() {
        Scenario s = new Scenario();
        s.at(0);
        TftpRulesTest.download(s, 50000, "snom370-r.bin", 3000);
        long again = s.after(240).udp(TftpRulesTest.PHONE, 50001, TftpRulesTest.SERVER, 69, Scenario.rrq("snom370-r.bin"));
        Finding f = Diagnose.only(Diagnose.run(s), "image-rejected-loop");
        assertTrue(f.evidence().contains(again), f.evidence().toString());
        assertTrue(f.remedy().contains("right one for this model") || f.remedy().contains("the one for this model"),
                f.remedy());

        Scenario ok = new Scenario();
        ok.at(0);
        TftpRulesTest.download(ok, 50000, "snom370-r.bin", 3000);
        ok.after(240).sip(TftpRulesTest.PHONE, TftpRulesTest.SERVER, "REGISTER sip:192.168.1.10 SIP/2.0",
                "Content-Length: 0");
        Diagnosis d = Diagnose.run(ok);
        assertEquals(List.of(), Diagnose.findings(d, "image-rejected-loop"));
        assertEquals("recovered", d.verdict(TftpRulesTest.PHONE.mac()).verdict());
    }

    @Test
    void aCiscoPhoneFetchingTheImagesOfItsPackingListOneAfterAnotherDoesNotLoop() {
        Scenario s = new Scenario();
        s.at(0);
        TftpRulesTest.download(s, 50000, "term61.default.loads", 200);
        TftpRulesTest.download(s, 50001, "cnu41.9-4-2ES26.sbn", 2000);
        TftpRulesTest.download(s, 50002, "cvm41.9-4-2ES26.sbn", 2000);
        TftpRulesTest.download(s, 50003, "dsp41.9-4-2ES26.sbn", 2000);
        Diagnosis d = Diagnose.run(s);
        assertEquals(List.of(), Diagnose.findings(d, "image-rejected-loop"));
        assertEquals(List.of(), Diagnose.findings(d, "recovered"), "nothing shows the new firmware running yet");
        // the images arrived and the capture ends: that, and only that, is what can be said
        assertEquals("capture-ended-after-download", d.verdict(TftpRulesTest.PHONE.mac()).verdict());
        assertEquals(1, d.verdict(TftpRulesTest.PHONE.mac()).findings().size());
    }

    /**
     * Field notes §3: a 79xx that fetched its load's images boots it and registers with its call
     * manager by SCCP; a loader never speaks SCCP, so the RegisterReq is the proof (and without a
     * download in the capture, the only one besides SIP).
     */
    @Test
    void aCiscoPhoneThatRegistersBySccpAfterItsImagesRecovered() {
        Host phone = TftpRulesTest.PHONE;
        Host cucm = new Host("00:1b:21:aa:bb:cd", "192.168.1.5");
        Scenario s = new Scenario();
        s.at(0);
        TftpRulesTest.download(s, 50000, "term61.default.loads", 200);
        long request = s.frames() + 1;
        long image = TftpRulesTest.download(s, 50001, "apps41.9-4-2ES26.sbn", 2000);
        Scenario.TcpConnection c = s.after(240).tcp(phone, 51000, cucm, 2000);
        c.handshake();
        long register = c.client(Scenario.skinnyRegister("SEP000E08DEAD01", phone, 30018));
        long ack = c.server(Scenario.skinnyRegisterAck());
        Diagnosis d = Diagnose.run(s);
        Finding f = Diagnose.only(d, "recovered");
        assertEquals("recovered", d.verdict(phone.mac()).verdict());
        assertEquals(List.of(request, image, register, ack), f.evidence().stream().sorted().toList());
        assertTrue(f.explanation().contains("then registered by SCCP as SEP000E08DEAD01 with 192.168.1.5 (frame "
                + register + ")"), f.explanation());
        assertTrue(f.explanation().endsWith(" The call manager accepted its registration (SCCP RegisterAck, frame " + ack
                + ")."), f.explanation());
        try (CaptureAnalysis a = Diagnose.analyse(s)) {
            Device d7961 = a.device(phone.mac());
            List<TimelineEvent> sccp = Timeline.of(a, d7961).stream()
                    .filter(e -> e.kind() == TimelineEvent.Kind.SCCP).toList();
            assertEquals(List.of(register, ack), sccp.stream().map(TimelineEvent::frame).toList());
            assertEquals("SCCP RegisterReq as SEP000E08DEAD01 to 192.168.1.5", sccp.get(0).text());
            assertEquals("SCCP RegisterAck from 192.168.1.5", sccp.get(1).text());
            RecoveryAttempt attempt = RecoveryAttempts.of(a, d7961).get(0);
            assertEquals(RecoveryAttempt.Outcome.RECOVERED, attempt.outcome());
        }
    }

    @Test
    void anSccpRegistrationAloneShowsAWorkingFirmwareAndTheCallManagersRejectionIsNamed() {
        Host phone = TftpRulesTest.PHONE;
        Host cucm = new Host("00:1b:21:aa:bb:cd", "192.168.1.5");
        Scenario s = new Scenario();
        Scenario.TcpConnection c = s.at(0).tcp(phone, 51000, cucm, 2000);
        c.handshake();
        long register = c.client(Scenario.skinnyRegister("SEP000E08DEAD01", phone, 30018));
        long reject = c.server(Scenario.skinnyRegisterReject("Error: DB config"));
        Diagnosis d = Diagnose.run(s);
        Finding f = Diagnose.only(d, "recovered");
        assertEquals(List.of(register, reject), f.evidence());
        assertEquals(60, f.likelihood());
        // the answer does not make the phone's firmware any less running, but the line is refused
        assertTrue(f.explanation().endsWith(" Its registration was refused, though: SCCP RegisterReject \"Error: DB "
                + "config\" from 192.168.1.5 (frame " + reject + ")."), f.explanation());
        assertTrue(f.remedy().contains("the call manager rejects the phone: add its device"), f.remedy());
        // the call manager's own messages tell nothing about the phone's firmware: no finding for it
        Scenario only = new Scenario();
        Scenario.TcpConnection answer = only.at(0).tcp(phone, 51000, cucm, 2000);
        answer.handshake();
        answer.server(Scenario.skinnyRegisterReject("Error: DB config"));
        assertEquals(List.of(), Diagnose.findings(Diagnose.run(only), "recovered"));
        try (CaptureAnalysis a = Diagnose.analyse(s)) {
            assertEquals(List.of(SccpMessage.Kind.REGISTER, SccpMessage.Kind.REGISTER_REJECT),
                    a.sccp().stream().map(SccpMessage::kind).toList());
            assertEquals("Error: DB config", a.sccp().get(1).reason());
        }
    }

    /**
     * The recorded Snom scene whose capture stops two seconds after the firmware arrived by HTTP
     * (tshark: GET in frame 7, 200 with Content-Length 300 000 in frame 35, nothing after): not
     * "nothing found", but the download and that the capture is too short to show the result.
     * The same download followed by a registration is {@code recovered} instead.
     */
    @Test
    void aCompleteDownloadAtTheEndOfTheCaptureSaysTheCaptureIsTooShort() throws Exception {
        java.nio.file.Path capture = java.nio.file.Paths.get("../../sample-captures/snom-rescue-http-served.pcap");
        List<String[]> get = org.phonerescue.core.testing.Tshark.fields(capture, "frame.number", "http.request.uri",
                "http.response.code", "http.content_length", "eth.src").stream()
                .filter(r -> !r[1].isEmpty() || !r[2].isEmpty()).toList();
        assertEquals(2, get.size(), "one request, one answer");
        assertEquals("200", get.get(1)[2]);
        try (CaptureAnalysis a = CaptureAnalyzer.analyze(capture, org.phonerescue.core.device.OuiRegistry.empty(),
                org.phonerescue.core.transfer.ContentStore.hashingOnly())) {
            Diagnosis d = new org.phonerescue.core.diagnosis.DiagnosisEngine(StandardRules.all()).diagnose(a);
            String phone = get.get(0)[4];
            assertEquals("capture-ended-after-download", d.verdict(phone).verdict());
            Finding f = d.verdict(phone).findings().get(0);
            assertEquals(Severity.INFO, f.severity());
            assertEquals(List.of(Long.parseLong(get.get(0)[0]), Long.parseLong(get.get(1)[0])), f.evidence());
            assertTrue(f.explanation().startsWith("The phone downloaded '" + get.get(0)[1] + "' completely by HTTP ("
                    + get.get(1)[3].replaceAll("(\\d)(?=(\\d{3})+$)", "$1 ") + " bytes, frames " + get.get(0)[0] + "–"
                    + get.get(1)[0]), f.explanation());
            assertEquals(1, d.verdict(phone).findings().size(), d.verdict(phone).findings().toString());
        }

        Scenario s = new Scenario();
        s.at(0);
        spaRecovery(s);
        s.after(120).sip(PHONE, PC, "REGISTER sip:192.168.1.10 SIP/2.0", "User-Agent: Cisco/SPA504G-7.6.2f",
                "Content-Length: 0");
        assertEquals(List.of(), Diagnose.findings(Diagnose.run(s), "capture-ended-after-download"));
    }

    /**
     * Field notes §1: an SPA writes its flash for a few minutes after the download, then boots. A
     * capture that runs on for 25 minutes with the phone silent is no longer "too short": the phone
     * is stuck, or came back where the capture cannot see it.
     */
    @Test
    void anSpaSilentForLongAfterItsDownloadIsStuckNotACaptureTooShort() {
        Scenario s = new Scenario();
        s.at(0);
        long[] download = spaRecovery(s);
        s.after(25 * 60).arpAnnouncement(PC);
        Diagnosis d = Diagnose.run(s);
        assertEquals("silent-after-download", d.verdict(PHONE.mac()).verdict());
        assertEquals(List.of(), Diagnose.findings(d, "capture-ended-after-download"));
        Finding f = Diagnose.only(d, "silent-after-download");
        assertEquals(Severity.WARNING, f.severity());
        assertEquals(List.of(download[0], download[1]), f.evidence());
        assertTrue(f.explanation().contains("The capture runs on for 25 minutes after it") && f.explanation().contains(
                "it sent nothing after the download. An SPA phone writes its flash for a few minutes"), f.explanation());
        assertTrue(f.remedy().startsWith("Look at the phone. If it shows S.O.S.") && f.remedy().contains("7.5.2b"),
                f.remedy());

        // the same phone registering after its reboot: recovered, nothing silent about it
        Scenario booted = new Scenario();
        booted.at(0);
        spaRecovery(booted);
        booted.after(25 * 60).sip(PHONE, PC, "REGISTER sip:192.168.1.10 SIP/2.0", "User-Agent: Cisco/SPA504G-7.6.2f",
                "Content-Length: 0");
        Diagnosis ok = Diagnose.run(booted);
        assertEquals("recovered", ok.verdict(PHONE.mac()).verdict());
        assertEquals(List.of(), Diagnose.findings(ok, "silent-after-download"));
    }

    /** Field notes §3: a 79xx recovery takes up to 15 minutes; one idle after 20 is stuck. */
    @Test
    void aCiscoPhoneIsStuckOnlyAfterTwentyQuietMinutes() {
        for (int minutes : new int[] {15, 21}) {
            Scenario s = new Scenario();
            s.at(0);
            TftpRulesTest.download(s, 50000, "term61.default.loads", 200);
            TftpRulesTest.download(s, 50001, "cnu41.9-4-2ES26.sbn", 2000);
            long last = TftpRulesTest.download(s, 50002, "apps41.9-4-2ES26.sbn", 2000);
            long probe = s.after(3).arpRequest(TftpRulesTest.PHONE, TftpRulesTest.SERVER.ip());
            s.after(minutes * 60).arpAnnouncement(TftpRulesTest.SERVER);
            Diagnosis d = Diagnose.run(s);
            String verdict = d.verdict(TftpRulesTest.PHONE.mac()).verdict();
            if (minutes < 20) {
                assertEquals("capture-ended-after-download", verdict);
                assertEquals(List.of(), Diagnose.findings(d, "silent-after-download"));
            } else {
                assertEquals("silent-after-download", verdict);
                Finding f = Diagnose.only(d, "silent-after-download");
                assertTrue(f.evidence().contains(last) && f.evidence().contains(probe), f.evidence().toString());
                assertTrue(f.explanation().contains("; its last frame, frame " + probe + ", came 3 s after the download "
                        + "and shows nothing of whether it runs its loader or its firmware."), f.explanation());
                assertTrue(f.explanation().contains("for 21 minutes after it") && f.explanation().contains(
                        "one idle after 20 is stuck (field notes §3)"), f.explanation());
                assertTrue(f.remedy().startsWith("Consider it stuck"), f.remedy());
                assertEquals(List.of(), Diagnose.findings(d, "capture-ended-after-download"));
            }
        }
    }

    /**
     * An SPA or Snom image: 10 minutes is long past "a few minutes" (field notes §1, §2); 9 is not
     * yet. The phone's own closing of its HTTP download (its FIN, in the download's last second) is
     * no sign of life.
     */
    @Test
    void aSnomHttpDownloadIsOverdueAfterTenMinutesAndItsOwnFinIsNoSignOfLife() throws Exception {
        for (int minutes : new int[] {9, 11}) {
            Scenario s = new Scenario();
            s.at(0);
            Scenario.TcpConnection c = s.tcp(TftpRulesTest.PHONE, 40000, TftpRulesTest.SERVER, 80);
            c.handshake();
            long get = c.client("GET /snom370-r.bin HTTP/1.1\r\nHost: 192.168.1.10\r\n\r\n");
            c.server("HTTP/1.1 200 OK\r\nContent-Length: 2000000\r\n\r\n");
            c.server(Scenario.content(2_000_000, 5));
            s.after(0.2);
            long fin = c.fin(true);
            s.after(minutes * 60).arpAnnouncement(TftpRulesTest.SERVER);
            java.nio.file.Path file = s.write(dir.resolve("snom-" + minutes + ".pcap"));
            List<String[]> rows = org.phonerescue.core.testing.Tshark.fields(file, "frame.number", "tcp.flags.fin", "eth.src");
            assertEquals("1", rows.get((int) fin - 1)[1], "tshark: the phone's FIN");
            assertEquals(TftpRulesTest.PHONE.mac(), rows.get((int) fin - 1)[2]);
            Diagnosis d = Diagnose.run(s);
            if (minutes < 10) {
                assertEquals("capture-ended-after-download", d.verdict(TftpRulesTest.PHONE.mac()).verdict());
                continue;
            }
            Finding f = Diagnose.only(d, "silent-after-download");
            assertTrue(f.explanation().contains("The capture runs on for 11 minutes after it")
                    && f.explanation().contains("; it sent nothing after the download. A Snom phone restarts"), f.explanation());
            assertTrue(f.evidence().contains(get) && !f.evidence().contains(fin), f.evidence().toString());
        }
    }

    /** A phone that keeps sending ARP to the end shows it is alive, though not what it runs: no silence. */
    @Test
    void aPhoneThatKeepsSendingIsNotCalledSilent() {
        Scenario s = new Scenario();
        s.at(0);
        spaRecovery(s);
        long last = 0;
        for (int i = 0; i < 15; i++) {
            last = s.after(60).arpRequest(PHONE, PC.ip());
        }
        Diagnosis d = Diagnose.run(s);
        Finding f = Diagnose.only(d, "silent-after-download");
        assertTrue(f.explanation().contains("; it goes on sending, up to frame " + last + " near the end of the capture, "
                + "but nothing that shows whether it runs its loader or its firmware."), f.explanation());
        try (CaptureAnalysis a = Diagnose.analyse(s)) {
            List<RecoveryAttempt> attempts = RecoveryAttempts.of(a, a.device(PHONE.mac()));
            assertTrue(attempts.get(0).phases().stream().noneMatch(p -> p.kind() == org.phonerescue.core.session.RecoveryPhase.Kind.SILENCE),
                    attempts.toString());
        }
    }

    /** One frame stamped decades later is a wrong clock, not a phone stuck for years. */
    @Test
    void aBogusLastTimestampMakesNoPhoneStuck() {
        Scenario s = new Scenario();
        s.at(0);
        spaRecovery(s);
        s.at(2_000_000_000.0).arpAnnouncement(PC);
        Diagnosis d = Diagnose.run(s);
        assertEquals(List.of(), Diagnose.findings(d, "silent-after-download"));
        Finding f = Diagnose.only(d, "capture-ended-after-download");
        assertTrue(f.explanation().contains("The capture ends, and nothing after the download"), f.explanation());
    }
}
