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
        assertTrue(f.remedy().contains("IGMP snooping") && !f.remedy().contains("wildcard"),
                "the wildcard was used: " + f.remedy());
        assertTrue(f.explanation().contains("wildcard serial FFFFFFFFFFFF, which any phone answers"), f.explanation());

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
        Finding url = Diagnose.only(d, "spa-loader-url-retry");
        assertEquals(70, url.likelihood(), "the tool was there: its missed window comes first");
        assertTrue(url.explanation().contains("Between the recovery tool's attempts"), url.explanation());
        assertEquals(List.of(), Diagnose.findings(d, "server-unreachable"), "the loader's URL is not a DHCP-given server");

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

    /** The payload of a 160-byte Request for the wildcard serial. */
    static byte[] request() {
        return Scenario.spaFrame(160, 0, WILDCARD);
    }

    @Test
    void requestsFromAnotherPortThan4811AreNamedAsTheCause() throws Exception {
        Scenario s = new Scenario();
        long r1 = s.at(0).udpToGroup(PC, 5000, Scenario.SPA_GROUP, 4810, request());
        long r2 = s.after(5).udpToGroup(PC, 5000, Scenario.SPA_GROUP, 4810, request());
        s.after(6).udp(PC, 5353, PHONE, 5353, new byte[8]);
        // tshark: 160-byte Requests from UDP 5000 to the loader's port
        List<String[]> theirs = Tshark.fields(s.write(dir.resolve("port.pcap")), "udp.srcport", "udp.dstport",
                "udp.length");
        assertEquals(List.of("5000", "4810", "168"), List.of(theirs.get((int) r1 - 1)));
        assertEquals("5000", theirs.get((int) r2 - 1)[0]);
        Finding f = Diagnose.only(Diagnose.run(s), "spa-no-reply");
        assertEquals(List.of(r1, r2), f.evidence());
        assertEquals(95, f.likelihood(), "every Request fails a check the loader makes: that is the cause");
        assertTrue(f.explanation().contains("all 2 Requests were sent from UDP port 5000, and the loader accepts only "
                + "frames from port 4811"), f.explanation());
        assertTrue(f.remedy().startsWith("Send the Requests from UDP port 4811") && !f.remedy().contains("wildcard"),
                f.remedy());

        Scenario mixed = new Scenario();
        mixed.at(0).spaRequest(PC, WILDCARD);
        long odd = mixed.after(5).udpToGroup(PC, 5000, Scenario.SPA_GROUP, 4810, request());
        mixed.after(6).udp(PC, 5353, PHONE, 5353, new byte[8]);
        Finding some = Diagnose.only(Diagnose.run(mixed), "spa-no-reply");
        assertEquals(85, some.likelihood(), "a Request from 4811 went unanswered too: the port is not the whole story");
        assertTrue(some.explanation().contains("1 of the 2 Requests (frame " + odd + ") was sent from UDP port 5000"),
                some.explanation());

        Scenario right = new Scenario();
        right.at(0).spaRequest(PC, WILDCARD);
        right.after(5).spaRequest(PC, WILDCARD);
        right.after(6).udp(PC, 5353, PHONE, 5353, new byte[8]);
        Finding plain = Diagnose.only(Diagnose.run(right), "spa-no-reply");
        assertTrue(!plain.explanation().contains("port") && !plain.remedy().contains("4811"), plain.explanation());
        assertEquals(85, plain.likelihood());
    }

    @Test
    void taggedRequestsAreNamedAsTheCause() throws Exception {
        Host group = new Host("01:00:5e:04:08:0a", Scenario.SPA_GROUP);
        Scenario s = new Scenario();
        long r1 = s.at(0).udpOnVlan(100, PC, 4811, group, 4810, request());
        long r2 = s.after(5).udpOnVlan(100, PC, 4811, group, 4810, request());
        s.after(6).udp(PC, 5353, PHONE, 5353, new byte[8]);
        // tshark: the Requests carry an 802.1Q tag for VLAN 100, from the right port
        List<String[]> theirs = Tshark.fields(s.write(dir.resolve("vlan.pcap")), "vlan.id", "udp.srcport",
                "ip.dst", "udp.dstport");
        assertEquals(List.of("100", "4811", "234.4.8.10", "4810"), List.of(theirs.get((int) r1 - 1)));
        assertEquals("100", theirs.get((int) r2 - 1)[0]);
        Finding f = Diagnose.only(Diagnose.run(s), "spa-no-reply");
        assertEquals(List.of(r1, r2), f.evidence());
        assertTrue(f.explanation().contains("all 2 Requests were tagged for VLAN 100 (802.1Q)")
                && f.explanation().contains("does not understand tagged ones"), f.explanation());
        assertTrue(f.remedy().startsWith("Get the Requests to the phone untagged") && !f.remedy().contains("wildcard"),
                f.remedy());

        Scenario untagged = new Scenario();
        untagged.at(0).spaRequest(PC, WILDCARD);
        untagged.after(5).spaRequest(PC, WILDCARD);
        untagged.after(6).udp(PC, 5353, PHONE, 5353, new byte[8]);
        Finding plain = Diagnose.only(Diagnose.run(untagged), "spa-no-reply");
        assertTrue(!plain.explanation().contains("VLAN") && !plain.explanation().contains("802.1Q"),
                plain.explanation());
    }

    @Test
    void aRequestForAnotherSerialStillAsksForTheWildcard() {
        Scenario s = new Scenario();
        s.at(0).spaRequest(PC, "88014FA00024");
        s.after(5).spaRequest(PC, "88014FA00024");
        s.after(6).udp(PC, 5353, PHONE, 5353, new byte[8]);
        Finding f = Diagnose.only(Diagnose.run(s), "spa-no-reply");
        assertTrue(f.remedy().startsWith("Use the wildcard serial FFFFFFFFFFFF."), f.remedy());
        assertTrue(f.explanation().contains("all 2 Requests were for serial 88014FA00024"), f.explanation());
    }

    /** The loader's DHCP (spa-recovery-protocol.md "Fingerprints"): DISCOVER and REQUEST with option 60 and 12. */
    static long[] loaderDhcp(Scenario s) {
        long discover = s.dhcpFromClient(PHONE.mac(), new Scenario.Dhcp(1, 0x1234, PHONE.mac(), 1)
                .option(60, "TI-dhcp 0.1").option(12, "TNETV1050SDB"));
        s.after(0.1).dhcpFromServer(PC, new Scenario.Dhcp(2, 0x1234, PHONE.mac(), 2).your(PHONE.ip())
                .addresses(54, PC.ip()));
        long request = s.after(0.1).dhcpFromClient(PHONE.mac(), new Scenario.Dhcp(1, 0x1234, PHONE.mac(), 3)
                .option(60, "TI-dhcp 0.1").option(12, "TNETV1050SDB"));
        s.after(0.1).dhcpFromServer(PC, new Scenario.Dhcp(2, 0x1234, PHONE.mac(), 5).your(PHONE.ip())
                .addresses(54, PC.ip()));
        return new long[] {discover, request};
    }

    /**
     * The loader with no tool around: its DHCP, then four rounds at its Recovery URL, each after
     * its back-off (10, 20, 40 s) and 5 s listen window ("The loader's loop").
     */
    @Test
    void aLoaderRetryingItsRecoveryUrlSaysSoWithItsBackOff() throws Exception {
        Scenario s = new Scenario();
        long[] dhcp = loaderDhcp(s.at(0));
        double[] starts = {5, 28, 61, 114}; // each round lasts 8 s; then back-off + 5 s: 15, 25, 45 s
        for (double start : starts) {
            urlAttempt(s, start);
        }
        List<String[]> theirs = Tshark.fields(s.write(dir.resolve("loader.pcap")), "dhcp.option.vendor_class_id",
                "dhcp.option.hostname", "udp.srcport", "ip.dst", "udp.dstport", "frame.time_relative");
        // tshark: the fingerprints (option 60, option 12) and the requests from port 2000, with their times
        assertEquals(List.of("TI-dhcp 0.1", "TNETV1050SDB"), List.of(theirs.get((int) dhcp[0] - 1)).subList(0, 2));
        assertEquals("TI-dhcp 0.1", theirs.get((int) dhcp[1] - 1)[0]);
        List<String[]> requests = theirs.stream().filter(r -> r[2].equals("2000")).toList();
        assertEquals(20, requests.size());
        assertTrue(requests.stream().allMatch(r -> r[3].equals(URL_SERVER.ip()) && r[4].equals("69")));
        List<Double> times = requests.stream().map(r -> Double.parseDouble(r[5])).toList();
        List<Long> waits = java.util.stream.IntStream.of(4, 9, 14)
                .mapToObj(i -> Math.round(times.get(i + 1) - times.get(i))).toList();
        assertEquals(List.of(15L, 25L, 45L), waits, "the pauses between rounds, as tshark times them");

        Diagnosis d = Diagnose.run(s);
        Finding f = Diagnose.only(d, "spa-loader-url-retry");
        assertEquals("spa-loader-url-retry", d.verdict(PHONE.mac()).verdict());
        assertEquals(88, f.likelihood());
        assertEquals(List.of(), Diagnose.findings(d, "server-unreachable"), "one cause, one finding");
        long firstRequest = dhcp[1] + 2;
        assertTrue(f.evidence().containsAll(List.of(dhcp[0], dhcp[1], firstRequest, firstRequest + 5,
                firstRequest + 10, firstRequest + 15, firstRequest + 19)), f.evidence().toString());
        assertTrue(f.explanation().contains("vendor class 'TI-dhcp 0.1' and host name 'TNETV1050SDB' (frames "
                + dhcp[0] + " and " + dhcp[1] + ")"), f.explanation());
        assertTrue(f.explanation().contains("by TFTP from UDP port 2000"), f.explanation());
        assertTrue(f.explanation().contains("No recovery tool talks to it"), f.explanation());
        assertTrue(f.explanation().contains("it asked 192.168.1.99 for '/spa50x-30x-7-6-2f.bin' 20 times in 4 rounds "
                + "(starting at frame " + firstRequest + " (5 s), frame " + (firstRequest + 5) + " (28 s)"),
                f.explanation());
        assertTrue(f.explanation().contains("waited 15, 25 and 45 s: 10, 20 and 40 s once the 5 s"), f.explanation());
        assertTrue(f.remedy().contains("as '/spa50x-30x-7-6-2f.bin' by TFTP at 192.168.1.99")
                && f.remedy().contains("start the tool at once"), f.remedy());

        // not a phone in its loader: the same requests from another port than 2000
        Scenario generic = new Scenario();
        loaderDhcp(generic.at(0));
        generic.at(5);
        for (int i = 0; i < 5; i++) {
            generic.udp(PHONE, 3000, URL_SERVER, 69, Scenario.rrq("/spa50x-30x-7-6-2f.bin"));
            generic.after(2);
        }
        Diagnosis other = Diagnose.run(generic);
        assertEquals(List.of(), Diagnose.findings(other, "spa-loader-url-retry"));
        assertEquals(1, Diagnose.findings(other, "server-unreachable").size());

        // the URL answered: the loader got its file
        Scenario served = new Scenario();
        loaderDhcp(served.at(0));
        served.at(5).udp(PHONE, 2000, URL_SERVER, 69, Scenario.rrq("/spa50x-30x-7-6-2f.bin"));
        served.after(0.01).udp(URL_SERVER, 3000, PHONE, 2000, Scenario.data(1, new byte[100]));
        served.after(0.01).udp(PHONE, 2000, URL_SERVER, 3000, Scenario.ack(1));
        assertEquals(List.of(), Diagnose.findings(Diagnose.run(served), "spa-loader-url-retry"));
    }

    @Test
    void aClientOnPort2000WithoutTheLoadersFingerprintsIsNoLoader() {
        Scenario s = new Scenario();
        s.at(0);
        for (int i = 0; i < 5; i++) {
            s.udp(PHONE, 2000, URL_SERVER, 69, Scenario.rrq("config.txt"));
            s.after(2);
        }
        Diagnosis d = Diagnose.run(s);
        assertEquals(List.of(), Diagnose.findings(d, "spa-loader-url-retry"));
        assertEquals(1, Diagnose.findings(d, "server-unreachable").size());
    }

    @Test
    void roundsThatDoNotDoubleAreNotCalledABackOff() {
        Scenario s = new Scenario();
        for (int round = 0; round < 3; round++) {
            urlAttempt(s, round * 30.0); // a round every 30 s: waits of 22 s
        }
        Finding f = Diagnose.only(Diagnose.run(s), "spa-loader-url-retry");
        assertTrue(f.explanation().contains("waited 22 and 22 s, the loader's back-off")
                && !f.explanation().contains("twice"), f.explanation());
        assertTrue(f.explanation().contains("it asks for an SPA firmware image by TFTP from UDP port 2000 (frame 1)"),
                f.explanation());
    }
}
