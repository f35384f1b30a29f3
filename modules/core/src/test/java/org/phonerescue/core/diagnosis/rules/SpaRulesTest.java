package org.phonerescue.core.diagnosis.rules;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.phonerescue.core.analysis.Scenario;
import org.phonerescue.core.analysis.Scenario.Host;
import org.phonerescue.core.diagnosis.Diagnose;
import org.phonerescue.core.diagnosis.Diagnosis;
import org.phonerescue.core.diagnosis.Finding;
import org.phonerescue.core.testing.Tshark;

/**
 * The SPA recovery-protocol rules on scenes laid out from spa-recovery-protocol.md (no capture
 * of a real SPA recovery exists): each on a scene that must trigger it and one that must not.
 */
class SpaRulesTest {

    static final Host PHONE = new Host("00:0e:08:de:ad:01", "192.168.1.50");
    static final Host PC = new Host("00:1b:21:aa:bb:cc", "192.168.1.10");
    static final String WILDCARD = "FFFFFFFFFFFF";

    @TempDir
    Path dir;

    /** Request, Reply, Upgrade and its echo: the four frames before the download (field notes §1). */
    static void handshake(Scenario s) {
        s.spaRequest(PC, WILDCARD);
        s.after(0.01).spaReply(PHONE, "88014FA00024", "SPA504G", "7.4.4rec");
        s.after(0.2).spaUpgrade(PC, WILDCARD, "/spa71f6.bin");
        s.after(0.01).spaUpgradeAck(PHONE, WILDCARD, "/spa71f6.bin");
    }

    @Test
    void requestsNobodyAnswersMeanNoReply() throws Exception {
        Scenario s = new Scenario();
        long r1 = s.at(0).spaRequest(PC, WILDCARD);
        long r2 = s.after(5).spaRequest(PC, WILDCARD);
        // tshark: UDP 4811 → 234.4.8.10:4810 with 160 bytes of payload
        assertArrayEquals(new String[] {"4811", "234.4.8.10", "4810", "168"},
                Tshark.fields(s.write(dir.resolve("noreply.pcap")), "udp.srcport", "ip.dst", "udp.dstport", "udp.length")
                        .get(0));
        Finding f = Diagnose.only(Diagnose.run(s), "spa-no-reply");
        assertEquals(List.of(r1, r2), f.evidence());
        assertEquals(PC.mac(), f.device(), "no phone is seen: the tool's PC carries the finding");
        assertEquals(85, f.likelihood());
        assertTrue(f.remedy().contains("FFFFFFFFFFFF") && f.remedy().contains("IGMP snooping"), f.remedy());

        Scenario answered = new Scenario();
        answered.at(0);
        handshake(answered);
        assertEquals(List.of(), Diagnose.findings(Diagnose.run(answered), "spa-no-reply"));
    }

    @Test
    void aRequestOfTheWrongLengthOrForAnotherSerialSaysWhy() {
        Scenario s = new Scenario();
        s.at(0).udpToGroup(PC, 4811, Scenario.SPA_GROUP, 4810, Scenario.spaFrame(100, 0, "88014fa00024"));
        s.after(6).udp(PC, 5353, PHONE, 5353, new byte[8]); // the capture goes on past the loader's answer time
        Finding f = Diagnose.only(Diagnose.run(s), "spa-no-reply");
        assertEquals(95, f.likelihood());
        assertTrue(f.explanation().contains("100 bytes long") && f.explanation().contains("serial 88014fa00024"),
                f.explanation());
    }

    @Test
    void aReplyWithoutUpgradeMeansTheToolDidNotHearThePhone() {
        Scenario s = new Scenario();
        s.at(0).spaRequest(PC, WILDCARD);
        long reply = s.after(0.01).spaReply(PHONE, "88014FA00024", "SPA504G", "7.4.4rec");
        assertEquals(List.of(), Diagnose.findings(Diagnose.run(s), "spa-reply-unanswered"),
                "the capture ends with the Reply: the Upgrade may come after it");
        s.after(10).udp(PC, 5353, PHONE, 5353, new byte[8]);
        Diagnosis d = Diagnose.run(s);
        Finding f = Diagnose.only(d, "spa-reply-unanswered");
        assertEquals(PHONE.mac(), f.device());
        assertEquals(List.of(reply), f.evidence());
        assertTrue(f.explanation().contains("SPA504G, loader 7.4.4rec"), f.explanation());
        assertTrue(f.remedy().contains("firewall"), f.remedy());
        assertEquals("spa-reply-unanswered", d.verdict(PHONE.mac()).verdict());

        Scenario upgraded = new Scenario();
        upgraded.at(0);
        handshake(upgraded);
        assertEquals(List.of(), Diagnose.findings(Diagnose.run(upgraded), "spa-reply-unanswered"));
    }

    @Test
    void theLoadersMulticastRequestUnansweredAfterTheUpgrade() {
        Scenario s = new Scenario();
        s.at(0);
        handshake(s);
        long r1 = s.after(0.1).udpToGroup(PHONE, 2000, Scenario.SPA_GROUP, 69, Scenario.rrq("/spa71f6.bin"));
        long r2 = s.after(2).udpToGroup(PHONE, 2000, Scenario.SPA_GROUP, 69, Scenario.rrq("/spa71f6.bin"));
        Diagnosis d = Diagnose.run(s);
        Finding f = Diagnose.only(d, "spa-rrq-unanswered");
        assertEquals(List.of(4L, r1, r2), f.evidence(), "the Upgrade echo (frame 4) and both requests");
        assertTrue(f.explanation().contains("acknowledged the Upgrade to '/spa71f6.bin' (frame 4)"), f.explanation());
        assertEquals("spa-rrq-unanswered", d.verdict(PHONE.mac()).verdict());

        Scenario served = new Scenario();
        served.at(0);
        handshake(served);
        served.after(0.1).udpToGroup(PHONE, 2000, Scenario.SPA_GROUP, 69, Scenario.rrq("/spa71f6.bin"));
        served.after(0.01).udp(PC, 3000, PHONE, 2000, Scenario.data(1, new byte[100]));
        assertEquals(List.of(), Diagnose.findings(Diagnose.run(served), "spa-rrq-unanswered"));
    }

    @Test
    void dataSentAgainAfterTheMulticastAckMeansTheServerMissesTheAcks() {
        Scenario s = new Scenario();
        s.at(0);
        handshake(s);
        long rrq = s.after(0.1).udpToGroup(PHONE, 2000, Scenario.SPA_GROUP, 69, Scenario.rrq("/spa71f6.bin"));
        byte[] block = Scenario.content(512, 5);
        s.after(0.01).udp(PC, 3000, PHONE, 2000, Scenario.data(1, block));
        s.after(0.01).udpToGroup(PHONE, 2000, Scenario.SPA_GROUP, 3000, Scenario.ack(1));
        long again1 = s.after(1).udp(PC, 3000, PHONE, 2000, Scenario.data(1, block));
        long again2 = s.after(1).udp(PC, 3000, PHONE, 2000, Scenario.data(1, block));
        Finding f = Diagnose.only(Diagnose.run(s), "spa-multicast-ack-lost");
        assertTrue(f.evidence().containsAll(List.of(rrq, again1, again2)), f.evidence().toString());
        assertTrue(f.explanation().contains("again 2 times although the phone had acknowledged them"), f.explanation());

        Scenario clean = new Scenario();
        clean.at(0);
        handshake(clean);
        clean.after(0.1).udpToGroup(PHONE, 2000, Scenario.SPA_GROUP, 69, Scenario.rrq("/spa71f6.bin"));
        clean.after(0.01).udp(PC, 3000, PHONE, 2000, Scenario.data(1, block));
        clean.after(0.01).udpToGroup(PHONE, 2000, Scenario.SPA_GROUP, 3000, Scenario.ack(1));
        clean.after(0.01).udp(PC, 3000, PHONE, 2000, Scenario.data(2, new byte[10]));
        clean.after(0.01).udpToGroup(PHONE, 2000, Scenario.SPA_GROUP, 3000, Scenario.ack(2));
        assertEquals(List.of(), Diagnose.findings(Diagnose.run(clean), "spa-multicast-ack-lost"));
    }

    static final Host URL_SERVER = new Host("00:1b:21:00:00:99", "192.168.1.99");

    /** One round of the loader's Recovery URL attempt: an RRQ from port 2000 and its 4 repeats, 2 s apart. */
    static void urlAttempt(Scenario s, double at) {
        s.at(at);
        for (int i = 0; i < 5; i++) {
            s.udp(PHONE, 2000, URL_SERVER, 69, Scenario.rrq("/spa50x-30x-7-6-2f.bin"));
            s.after(2);
        }
    }

    @Test
    void requestsWhileTheLoaderTriesItsUrlsComeTooLate() throws Exception {
        Scenario s = new Scenario();
        urlAttempt(s, 0);
        long q1 = s.at(10).spaRequest(PC, WILDCARD);
        long q2 = s.at(13).spaRequest(PC, WILDCARD);
        long q3 = s.at(16).spaRequest(PC, WILDCARD);
        urlAttempt(s, 25); // after 10 s of back-off and its 5-s listen window (20–25 s)
        // tshark: the loader's requests are TFTP RRQs from UDP 2000, the tool's 160-byte Requests to the group
        List<String[]> theirs = Tshark.fields(s.write(dir.resolve("busy.pcap")), "udp.srcport", "tftp.opcode",
                "ip.dst", "udp.length", "frame.time_relative");
        assertEquals(List.of("2000", "1", URL_SERVER.ip(), "39", "0.000000000"), List.of(theirs.get(0)));
        assertEquals(List.of("4811", "", "234.4.8.10", "168", "13.000000000"), List.of(theirs.get((int) q2 - 1)));
        assertEquals("25.000000000", theirs.get((int) q3)[4]);
        Diagnosis d = Diagnose.run(s);
        Finding f = Diagnose.only(d, "spa-loader-timeout");
        assertEquals(PHONE.mac(), f.device());
        assertTrue(f.evidence().containsAll(List.of(1L, q1, q2, q3, q3 + 1)), f.evidence().toString());
        assertTrue(f.explanation().contains("rounds starting at frame 1 (0 s) and frame 9 (25 s)"), f.explanation());
        assertEquals(List.of(), Diagnose.findings(d, "spa-no-reply"), "one cause, one finding");
        assertEquals("spa-loader-timeout", d.verdict(PHONE.mac()).verdict());

        Scenario inWindow = new Scenario();
        urlAttempt(inWindow, 0);
        inWindow.at(21).spaRequest(PC, WILDCARD);
        urlAttempt(inWindow, 25);
        Diagnosis other = Diagnose.run(inWindow);
        assertEquals(List.of(), Diagnose.findings(other, "spa-loader-timeout"),
                "a Request in the listen window that gets no Reply has another cause");
        assertEquals(1, Diagnose.findings(other, "spa-no-reply").size());
    }

    /**
     * A loader that has tried its Recovery URL for 20 minutes, a round every 30 s: its transfer
     * keeps the first and the last 16 of its 40 rounds. A Request in the busy part of a round
     * kept comes too late; one in a round left out is not judged (spa-no-reply has it).
     */
    @Test
    void aLoaderTryingForLongIsJudgedOnlyWhereItsRoundsAreKnown() throws Exception {
        Scenario s = new Scenario();
        long inLeftOut = -1;
        long inKept = -1;
        for (int round = 0; round < 40; round++) {
            urlAttempt(s, round * 30.0);
            if (round == 20) {
                inLeftOut = s.at(round * 30.0 + 9).spaRequest(PC, WILDCARD);
            } else if (round == 35) {
                inKept = s.at(round * 30.0 + 9).spaRequest(PC, WILDCARD);
            }
        }
        // tshark: 200 TFTP requests from the loader's port, and the two Requests at 609 s and 1059 s
        List<String[]> theirs = Tshark.fields(s.write(dir.resolve("long-loop.pcap")), "udp.srcport", "tftp.opcode",
                "frame.time_relative");
        assertEquals(200, theirs.stream().filter(r -> r[0].equals("2000") && r[1].equals("1")).count());
        assertEquals("609.000000000", theirs.get((int) inLeftOut - 1)[2]);
        assertEquals("1059.000000000", theirs.get((int) inKept - 1)[2]);
        Diagnosis d = Diagnose.run(s);
        Finding late = Diagnose.only(d, "spa-loader-timeout");
        assertTrue(late.evidence().contains(inKept) && !late.evidence().contains(inLeftOut), late.evidence().toString());
        assertTrue(late.explanation().startsWith("The recovery tool's Request (frame " + inKept + ")"), late.explanation());
        long round25 = java.util.stream.IntStream.range(0, theirs.size())
                .filter(i -> theirs.get(i)[2].equals("720.000000000")).findFirst().orElseThrow() + 1;
        // rounds 1–16 and 25–40 are kept: the 16th starts at 450 s, the 25th at 720 s
        assertTrue(late.explanation().contains("(450 s), frame " + round25 + " (720 s)")
                && late.explanation().contains("; rounds between 458 s and 720 s are not listed)"), late.explanation());
        Finding noReply = Diagnose.only(d, "spa-no-reply");
        assertTrue(noReply.evidence().contains(inLeftOut) && !noReply.evidence().contains(inKept),
                noReply.evidence().toString());
    }

    @Test
    void anUpgradeLongAfterTheReplyIsNotHeard() throws Exception {
        Scenario s = new Scenario();
        s.at(0).spaRequest(PC, WILDCARD);
        long reply = s.after(0.01).spaReply(PHONE, "88014FA00024", "SPA504G", "7.4.4rec");
        long upgrade = s.at(8).spaUpgrade(PC, WILDCARD, "/spa71f6.bin");
        s.at(20).udp(PC, 5353, PHONE, 5353, new byte[8]);
        // tshark: a 160-byte Upgrade to the group, 8 s after the Reply: the loader would take it in time
        assertEquals(List.of("168", "8.000000000"), List.of(Tshark.fields(s.write(dir.resolve("late.pcap")),
                "udp.length", "frame.time_relative").get((int) upgrade - 1)));
        Finding f = Diagnose.only(Diagnose.run(s), "spa-loader-timeout");
        assertEquals(List.of(reply, upgrade), f.evidence());
        assertTrue(f.explanation().contains("sent its Upgrade 8.0 s later (frame 3)"), f.explanation());

        Scenario prompt = new Scenario();
        prompt.at(0);
        handshake(prompt);
        prompt.after(0.1).udpToGroup(PHONE, 2000, Scenario.SPA_GROUP, 69, Scenario.rrq("/spa71f6.bin"));
        prompt.after(0.01).udp(PC, 3000, PHONE, 2000, Scenario.data(1, new byte[100]));
        prompt.at(20).udp(PC, 5353, PHONE, 5353, new byte[8]);
        assertEquals(List.of(), Diagnose.findings(Diagnose.run(prompt), "spa-loader-timeout"));
    }

    @Test
    void anAcknowledgedUpgradeWithoutAnyTftpRequestMeansTheLoaderGaveUp() {
        Scenario s = new Scenario();
        s.at(0);
        handshake(s);
        s.at(12).udp(PC, 5353, PHONE, 5353, new byte[8]);
        Diagnosis d = Diagnose.run(s);
        Finding f = Diagnose.only(d, "spa-loader-timeout");
        assertEquals(List.of(4L), f.evidence(), "the Upgrade echo");
        assertTrue(f.explanation().contains("sent no TFTP request within 5 s"), f.explanation());
        assertEquals("spa-loader-timeout", d.verdict(PHONE.mac()).verdict());

        Scenario endsEarly = new Scenario();
        endsEarly.at(0);
        handshake(endsEarly);
        assertEquals(List.of(), Diagnose.findings(Diagnose.run(endsEarly), "spa-loader-timeout"),
                "the capture ends right after the echo: the request may just not be in it");
    }
}
