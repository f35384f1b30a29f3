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
import org.phonerescue.core.diagnosis.Severity;
import org.phonerescue.core.testing.Tshark;

/** The TFTP rules, each on a scene that must trigger it and one that must not. */
class TftpRulesTest {

    static final Host PHONE = new Host("00:0e:08:de:ad:01", "192.168.1.50");
    static final Host SERVER = new Host("00:1b:21:aa:bb:cc", "192.168.1.10");

    @TempDir
    Path dir;

    /** A complete download of {@code size} bytes in 512-byte blocks, each ACKed. */
    static long download(Scenario s, int clientPort, String file, int size) {
        s.after(0.01).udp(PHONE, clientPort, SERVER, 69, Scenario.rrq(file));
        byte[] content = Scenario.content(size, 7);
        long last = 0;
        for (int n = 1; (n - 1) * 512 <= size; n++) {
            int from = (n - 1) * 512;
            s.after(0.001).udp(SERVER, 40000 + clientPort % 1000, PHONE, clientPort,
                    Scenario.data(n, java.util.Arrays.copyOfRange(content, from, Math.min(size, from + 512))));
            last = s.after(0.001).udp(PHONE, clientPort, SERVER, 40000 + clientPort % 1000, Scenario.ack(n));
        }
        return last;
    }

    @Test
    void fileNotFoundNamesTheFileAndTheLeadingSlash() throws Exception {
        Scenario s = new Scenario();
        long rrq = s.at(0).udp(PHONE, 50000, SERVER, 69, Scenario.rrq("/spa71f6.bin"));
        long error = s.after(0.01).udp(SERVER, 40000, PHONE, 50000, Scenario.error(1, "File not found"));
        assertArrayEquals(new String[] {"1", "/spa71f6.bin"},
                Tshark.fields(s.write(dir.resolve("nf.pcap")), "tftp.opcode", "tftp.source_file").get(0));
        Diagnosis d = Diagnose.run(s);
        Finding f = Diagnose.only(d, "tftp-file-not-found");
        assertEquals(PHONE.mac(), f.device());
        assertEquals("tftp-file-not-found", d.verdict(PHONE.mac()).verdict());
        assertEquals(List.of(rrq, error), f.evidence());
        assertEquals(Severity.ERROR, f.severity());
        assertTrue(f.explanation().contains("'/spa71f6.bin'") && f.explanation().contains("ERROR 1"), f.explanation());
        assertTrue(f.remedy().contains("named exactly 'spa71f6.bin'") && f.remedy().contains("starts with '/'"),
                f.remedy());
        assertEquals(rrq, f.transfer());
    }

    /**
     * A request in a folder ("/cfg/…", as SPA provisioning URLs have it): the file belongs in that
     * folder under the root, not in the root, since tftpd-hpa -s strips only the leading '/'. A
     * name that tells nothing of its kind is not described as "file".
     */
    @Test
    void aRequestInAFolderNamesTheFolderUnderTheRoot() throws Exception {
        Scenario s = new Scenario();
        s.at(0).udp(PHONE, 50000, SERVER, 69, Scenario.rrq("/cfg/phone-42.xml"));
        s.after(0.01).udp(SERVER, 40000, PHONE, 50000, Scenario.error(1, "File not found"));
        assertEquals("/cfg/phone-42.xml", Tshark.fields(s.write(dir.resolve("dir.pcap")), "tftp.source_file").get(0)[0]);
        Finding f = Diagnose.only(Diagnose.run(s), "tftp-file-not-found");
        assertTrue(f.remedy().startsWith("Put a file named exactly 'phone-42.xml' in the TFTP server's root folder, in "
                + "its subfolder 'cfg' ('cfg/phone-42.xml' under the root)"), f.remedy());
        assertTrue(f.remedy().contains("the server must map '/cfg/phone-42.xml' to 'cfg/phone-42.xml' in its root"),
                f.remedy());
        assertTrue(!f.explanation().contains("By its name"), f.explanation());

        Scenario image = new Scenario();
        image.at(0).udp(PHONE, 50000, SERVER, 69, Scenario.rrq("/spa50x-30x-7-6-2f.bin"));
        image.after(0.01).udp(SERVER, 40000, PHONE, 50000, Scenario.error(1, "File not found"));
        Finding g = Diagnose.only(Diagnose.run(image), "tftp-file-not-found");
        assertTrue(g.explanation().endsWith(" By its name, it is a SPA firmware image (SPA30x/50x, version 7.6.2f)."),
                g.explanation());
        assertTrue(g.remedy().startsWith("Put a file named exactly 'spa50x-30x-7-6-2f.bin' in the TFTP server's root "
                + "folder (names"), g.remedy());
    }

    /** The remedy names only the spellings that are not the asked name itself. */
    @Test
    void theCaseNoteNamesOnlyOtherSpellings() {
        for (String[] c : new String[][] {
                {"spa525g2.bin", "(names are case-sensitive on Linux servers: 'spa525g2.bin' is not 'SPA525G2.BIN')."},
                {"SPA525G2.BIN", "(names are case-sensitive on Linux servers: 'SPA525G2.BIN' is not 'spa525g2.bin')."},
                {"Snom370-r.bin", "(names are case-sensitive on Linux servers: 'Snom370-r.bin' is not 'snom370-r.bin' or "
                        + "'SNOM370-R.BIN')."},
                {"0815", "Put a file named exactly '0815' in the TFTP server's root folder."}}) {
            Scenario s = new Scenario();
            s.at(0).udp(PHONE, 50000, SERVER, 69, Scenario.rrq(c[0]));
            s.after(0.01).udp(SERVER, 40000, PHONE, 50000, Scenario.error(1, "File not found"));
            String remedy = Diagnose.only(Diagnose.run(s), "tftp-file-not-found").remedy();
            assertTrue(remedy.contains(c[1]) && !remedy.contains("'" + c[0] + "' is not '" + c[0] + "'"), remedy);
        }
    }

    @Test
    void aServedFileOrAMissingConfigurationWithItsFallbackIsNoFileNotFound() {
        Scenario s = new Scenario();
        s.at(0);
        download(s, 50000, "snom370-r.bin", 1500);
        s.after(0.01).udp(PHONE, 50001, SERVER, 69, Scenario.rrq("SEP000E08DEAD01.cnf.xml"));
        s.after(0.01).udp(SERVER, 40001, PHONE, 50001, Scenario.error(1, "File not found"));
        download(s, 50002, "XMLDefault.cnf.xml", 300);
        Diagnosis d = Diagnose.run(s);
        assertEquals(List.of(), Diagnose.findings(d, "tftp-file-not-found"));
        assertEquals(List.of(), Diagnose.findings(d, "config-file-missing"));
    }

    @Test
    void accessViolationIsItsOwnCauseAndFileNotFoundIsNotOne() {
        Scenario s = new Scenario();
        long rrq = s.at(0).udp(PHONE, 50000, SERVER, 69, Scenario.rrq("term61.default.loads"));
        long error = s.after(0.01).udp(SERVER, 40000, PHONE, 50000, Scenario.error(2, "Access violation"));
        Finding f = Diagnose.only(Diagnose.run(s), "tftp-access-violation");
        assertEquals(List.of(rrq, error), f.evidence());
        assertTrue(f.remedy().contains("readable"), f.remedy());

        Scenario other = new Scenario();
        other.at(0).udp(PHONE, 50000, SERVER, 69, Scenario.rrq("term61.default.loads"));
        other.after(0.01).udp(SERVER, 40000, PHONE, 50000, Scenario.error(1, "File not found"));
        Diagnosis d = Diagnose.run(other);
        assertEquals(List.of(), Diagnose.findings(d, "tftp-access-violation"));
        assertTrue(Diagnose.only(d, "tftp-file-not-found").remedy().contains("packing list"));
    }

    @Test
    void aFileAnnouncedOver32MbIn512ByteBlocksHitsTheLimit() {
        Scenario s = new Scenario();
        long rrq = s.at(0).udp(PHONE, 50000, SERVER, 69, Scenario.rrq("snomD785-10.1.33.33-r.bin", "tsize", "0"));
        long oack = s.after(0.01).udp(SERVER, 40000, PHONE, 50000, Scenario.oack("tsize", "40000000"));
        s.after(0.01).udp(PHONE, 50000, SERVER, 40000, Scenario.ack(0));
        long error = s.after(0.01).udp(SERVER, 40000, PHONE, 50000, Scenario.error(3, "File too large"));
        Finding f = Diagnose.only(Diagnose.run(s), "tftp-32mb-limit");
        // the OACK's tsize is the proof of the size: cited
        assertEquals(List.of(rrq, oack, error), f.evidence());
        assertTrue(f.explanation().startsWith("'snomD785-10.1.33.33-r.bin' is 40 000 000 bytes (tsize in the server's "
                + "OACK, frame " + oack + "), more than the 33 553 920 bytes that 65 535 blocks of 512 bytes can carry: "
                + "TFTP block numbers are 16 bits. The transfer ended with the server's ERROR 3 \"File too large\" after"),
                f.explanation());
        assertTrue(f.remedy().contains("HTTP"), f.remedy());

        // the same file with 1428-byte blocks fits: 65 535 × 1428 is about 93 MB
        Scenario big = new Scenario();
        big.at(0).udp(PHONE, 50000, SERVER, 69, Scenario.rrq("snomD785-10.1.33.33-r.bin", "tsize", "0", "blksize", "1428"));
        big.after(0.01).udp(SERVER, 40000, PHONE, 50000, Scenario.oack("tsize", "40000000", "blksize", "1428"));
        big.after(0.01).udp(PHONE, 50000, SERVER, 40000, Scenario.ack(0));
        big.after(0.01).udp(SERVER, 40000, PHONE, 50000, Scenario.error(3, "Disk full"));
        assertEquals(List.of(), Diagnose.findings(Diagnose.run(big), "tftp-32mb-limit"));
    }

    @Test
    void aTransferStuckAtBlock65535HitsTheLimit() {
        Scenario s = new Scenario();
        s.at(0).udp(PHONE, 50000, SERVER, 69, Scenario.rrq("snom870-r.bin", "blksize", "8"));
        s.udp(SERVER, 40000, PHONE, 50000, Scenario.oack("blksize", "8"));
        byte[] block = Scenario.content(8, 1);
        for (int n = 1; n < 65535; n++) {
            s.udp(SERVER, 40000, PHONE, 50000, Scenario.data(n, block));
        }
        long limit = s.udp(SERVER, 40000, PHONE, 50000, Scenario.data(65535, block));
        long last = s.after(0.1).udp(SERVER, 40000, PHONE, 50000, Scenario.data(65535, block));
        s.after(20).udp(SERVER, 1, PHONE, 2, new byte[1]); // the capture goes on: the transfer timed out
        Finding f = Diagnose.only(Diagnose.run(s), "tftp-32mb-limit");
        assertTrue(f.evidence().containsAll(List.of(limit, last)), f.evidence().toString());
        assertTrue(f.explanation().startsWith("'snom870-r.bin' is larger than the 524 280 bytes that 65 535 blocks of 8 "
                + "bytes can carry: TFTP block numbers are 16 bits. The transfer reached block 65535 (block 65535 in frame "
                + limit + ") and then stalled until it timed out."), f.explanation());
    }

    @Test
    void repeatedRequestsAndAnIcmpPortUnreachableMeanTheServerIsNotThere() throws Exception {
        Scenario s = new Scenario();
        long r1 = s.at(0).udp(PHONE, 50000, SERVER, 69, Scenario.rrq("term61.default.loads"));
        long icmp = s.after(0.001).icmpUnreachable(SERVER, PHONE, 3, r1);
        long r2 = s.after(2).udp(PHONE, 50000, SERVER, 69, Scenario.rrq("term61.default.loads"));
        long r3 = s.after(4).udp(PHONE, 50000, SERVER, 69, Scenario.rrq("term61.default.loads"));
        // tshark: the ICMP error quotes the request (port 50000 to 69)
        String[] quoted = Tshark.fields(s.write(dir.resolve("unreach.pcap")), "icmp.code", "udp.dstport").get((int) icmp - 1);
        assertArrayEquals(new String[] {"3", "69"}, quoted);
        Diagnosis d = Diagnose.run(s);
        Finding f = Diagnose.only(d, "server-unreachable");
        assertEquals(List.of(r1, icmp, r2, r3), f.evidence());
        assertTrue(f.explanation().contains("3 times") && f.explanation().contains("port unreachable"), f.explanation());
        assertTrue(f.remedy().contains("nothing listens on UDP port 69"), f.remedy());
        assertEquals("server-unreachable", d.verdict(PHONE.mac()).verdict());
        // the transfer tables say the requests were refused, not merely unanswered
        try (org.phonerescue.core.session.CaptureAnalysis a = Diagnose.analyse(s)) {
            assertEquals(SERVER.ip() + ":69 (refused: ICMP port unreachable)", a.transfers().get(0).serverText());
        }
    }

    /**
     * The server's host answers the phone's ARP, then drops every TFTP request without a word (a
     * firewall): the ARP reply proves the address is right and the host up, so the finding says
     * so, cites it, and sends the engineer to that host rather than to the address.
     */
    @Test
    void aServerThatAnswersArpButNotTftpIsThereAndSilent() throws Exception {
        Scenario s = new Scenario();
        long who = s.at(0).arpRequest(PHONE, SERVER.ip());
        long reply = s.after(0.001).arpReply(SERVER, PHONE);
        long r1 = s.after(0.001).udp(PHONE, 50000, SERVER, 69, Scenario.rrq("spa525g2.bin"));
        long r2 = s.after(2).udp(PHONE, 50000, SERVER, 69, Scenario.rrq("spa525g2.bin"));
        List<String[]> theirs = Tshark.fields(s.write(dir.resolve("arp-only.pcap")), "arp.opcode", "arp.src.proto_ipv4",
                "arp.src.hw_mac");
        assertArrayEquals(new String[] {"1", PHONE.ip(), PHONE.mac()}, theirs.get((int) who - 1));
        assertArrayEquals(new String[] {"2", SERVER.ip(), SERVER.mac()}, theirs.get((int) reply - 1));
        Finding f = Diagnose.only(Diagnose.run(s), "server-unreachable");
        assertEquals(List.of(reply, r1, r2), f.evidence());
        assertTrue(f.explanation().endsWith(" Yet " + SERVER.ip() + " is up and on the phone's network: it answers ARP as "
                + SERVER.mac() + " (frame " + reply + "). The address is right; its TFTP server does not answer."),
                f.explanation());
        assertTrue(f.remedy().startsWith("The host " + SERVER.ip() + " is there, so look at it"), f.remedy());

        // without the ARP reply nothing shows the host: the address itself is in doubt
        Scenario silent = new Scenario();
        silent.at(0).arpRequest(PHONE, SERVER.ip());
        silent.after(0.001).udp(PHONE, 50000, SERVER, 69, Scenario.rrq("spa525g2.bin"));
        silent.after(2).udp(PHONE, 50000, SERVER, 69, Scenario.rrq("spa525g2.bin"));
        Finding g = Diagnose.only(Diagnose.run(silent), "server-unreachable");
        assertTrue(g.explanation().endsWith(" Nothing in the capture comes from " + SERVER.ip() + " at all."),
                g.explanation());
        assertTrue(g.remedy().startsWith("Check that the TFTP server runs"), g.remedy());
    }

    /** tftp-hpa repeats its request every second, and a host with port 69 closed refuses each one. */
    @Test
    void everyRefusedRepeatIsCitedInOneSentence() throws Exception {
        Scenario s = new Scenario();
        List<Long> evidence = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) {
            long rrq = (i == 0 ? s.at(0) : s.after(1)).udp(PHONE, 50000, SERVER, 69, Scenario.rrq("spa525g2.bin"));
            evidence.add(rrq);
            evidence.add(s.after(0.001).icmpUnreachable(SERVER, PHONE, 3, rrq));
        }
        // tshark: frames 2, 4 and 6 are port unreachables quoting a datagram to port 69
        assertEquals(List.of("2 3 69", "4 3 69", "6 3 69"), Tshark.fields(s.write(dir.resolve("refused.pcap")),
                "frame.number", "icmp.code", "udp.dstport").stream().filter(r -> !r[1].isEmpty())
                .map(r -> String.join(" ", r)).toList());
        Finding f = Diagnose.only(Diagnose.run(s), "server-unreachable");
        assertEquals(evidence, f.evidence());
        assertEquals("The phone asked 192.168.1.10 for 'spa525g2.bin' 3 times (frames 1, 3 and 5) and no TFTP answer "
                + "came back. ICMP port unreachable from 192.168.1.10 (frames 2, 4 and 6) quotes the requests.",
                f.explanation());
    }

    /**
     * A phone asks a host with UDP 69 closed 30 times and is refused each time: the finding
     * counts all 30 of each, and cites the first and the last ten requests and errors.
     */
    @Test
    void manyRefusedRepeatsAreCountedAndTheFirstAndLastCited() throws Exception {
        Scenario s = new Scenario();
        for (int i = 0; i < 30; i++) {
            long rrq = s.at(i).udp(PHONE, 50000, SERVER, 69, Scenario.rrq("spa525g2.bin"));
            s.after(0.001).icmpUnreachable(SERVER, PHONE, 3, rrq);
        }
        // tshark: odd frames are the requests, even ones the port unreachables quoting them
        List<String[]> theirs = Tshark.fields(s.write(dir.resolve("refused30.pcap")), "frame.number", "tftp.opcode",
                "icmp.code");
        List<Long> requests = theirs.stream().filter(r -> r[1].equals("1")).map(r -> Long.parseLong(r[0])).toList();
        List<Long> refusals = theirs.stream().filter(r -> r[2].equals("3")).map(r -> Long.parseLong(r[0])).toList();
        assertEquals(30, requests.size());
        assertEquals(30, refusals.size());
        Finding f = Diagnose.only(Diagnose.run(s), "server-unreachable");
        java.util.TreeSet<Long> cited = new java.util.TreeSet<>();
        for (List<Long> kind : List.of(requests, refusals)) {
            cited.addAll(kind.subList(0, 10));
            cited.addAll(kind.subList(20, 30));
        }
        assertEquals(List.copyOf(cited), f.evidence());
        assertEquals("The phone asked 192.168.1.10 for 'spa525g2.bin' 30 times (frames 1, 3, 5, 7, 9, 11, 13, 15 … (30 "
                + "in all)) and no TFTP answer came back. ICMP port unreachable from 192.168.1.10 (frames 2, 4, 6, 8, 10, "
                + "12, 14, 16 … (30 in all)) quotes the requests.", f.explanation());
    }

    /** Refused first by a router, then by the server: of the errors left out, only the total is known. */
    @Test
    void manyRefusalsFromTwoSendersGiveTheTotal() {
        Host router = new Host("00:1b:21:00:00:01", "192.168.1.1");
        Scenario s = new Scenario();
        for (int i = 0; i < 30; i++) {
            long rrq = s.at(i).udp(PHONE, 50000, SERVER, 69, Scenario.rrq("spa525g2.bin"));
            s.after(0.001).icmpUnreachable(i < 15 ? router : SERVER, PHONE, i < 15 ? 1 : 3, rrq);
        }
        Finding f = Diagnose.only(Diagnose.run(s), "server-unreachable");
        assertTrue(f.explanation().endsWith(" ICMP host unreachable from 192.168.1.1 (frames 2, 4, 6, 8, 10, 12, 14, 16 …)"
                + " quotes the requests. ICMP port unreachable from 192.168.1.10 (frames 42, 44, 46, 48, 50, 52, 54, 56 …) "
                + "quotes the requests. 30 ICMP errors in all quote them."), f.explanation());
    }

    @Test
    void anAnsweredRequestOrOneToTheSpaGroupIsNoUnreachableServer() {
        Scenario s = new Scenario();
        s.at(0);
        download(s, 50000, "term61.default.loads", 100);
        s.after(1).udpToGroup(PHONE, 2000, Scenario.SPA_GROUP, 69, Scenario.rrq("/spa71f6.bin"));
        s.after(2).udpToGroup(PHONE, 2000, Scenario.SPA_GROUP, 69, Scenario.rrq("/spa71f6.bin"));
        Diagnosis d = Diagnose.run(s);
        assertEquals(List.of(), Diagnose.findings(d, "server-unreachable"));
        assertEquals(1, Diagnose.findings(d, "spa-rrq-unanswered").size());
    }

    @Test
    void aTransferThatStopsAfterRepeatedBlocksStalled() {
        Scenario s = new Scenario();
        long rrq = s.at(0).udp(PHONE, 50000, SERVER, 69, Scenario.rrq("snom370-r.bin"));
        byte[] block = Scenario.content(512, 3);
        for (int n = 1; n <= 3; n++) {
            s.after(0.01).udp(SERVER, 40000, PHONE, 50000, Scenario.data(n, block));
            s.after(0.01).udp(PHONE, 50000, SERVER, 40000, Scenario.ack(n));
        }
        List<Long> again = new java.util.ArrayList<>();
        s.after(0.01).udp(SERVER, 40000, PHONE, 50000, Scenario.data(4, block));
        for (int i = 0; i < 4; i++) {
            again.add(s.after(1).udp(SERVER, 40000, PHONE, 50000, Scenario.data(4, block)));
        }
        s.after(30).udp(SERVER, 1, PHONE, 2, new byte[1]);
        Finding f = Diagnose.only(Diagnose.run(s), "transfer-stalled");
        assertEquals(Severity.ERROR, f.severity());
        assertTrue(f.evidence().contains(rrq) && f.evidence().containsAll(again), f.evidence().toString());
        assertTrue(f.explanation().contains("timed out") && f.explanation().contains("4 DATA blocks sent again"),
                f.explanation());

        // the same repeats with the capture ending before the transfer could time out: not "completed"
        Scenario cut = new Scenario();
        cut.at(0).udp(PHONE, 50000, SERVER, 69, Scenario.rrq("snom370-r.bin"));
        for (int n = 1; n <= 3; n++) {
            cut.after(0.01).udp(SERVER, 40000, PHONE, 50000, Scenario.data(n, block));
            cut.after(0.01).udp(PHONE, 50000, SERVER, 40000, Scenario.ack(n));
        }
        for (int i = 0; i < 5; i++) {
            cut.after(0.5).udp(SERVER, 40000, PHONE, 50000, Scenario.data(4, block));
        }
        Finding c = Diagnose.only(Diagnose.run(cut), "transfer-stalled");
        assertTrue(c.explanation().startsWith("The transfer of 'snom370-r.bin' from " + SERVER.ip() + " had trouble and "
                + "had not finished when the capture ended, after 4 blocks (2 048 bytes): 4 DATA blocks sent again"),
                c.explanation());

        Scenario clean = new Scenario();
        clean.at(0);
        download(clean, 50000, "snom370-r.bin", 5000);
        clean.after(30).udp(SERVER, 1, PHONE, 2, new byte[1]);
        assertEquals(List.of(), Diagnose.findings(Diagnose.run(clean), "transfer-stalled"));
    }

    @Test
    void noConfigurationAtAllIsAMissingConfigFile() {
        Scenario s = new Scenario();
        long sep = s.at(0).udp(PHONE, 50000, SERVER, 69, Scenario.rrq("SEP000E08DEAD01.cnf.xml"));
        s.after(0.01).udp(SERVER, 40000, PHONE, 50000, Scenario.error(1, "File not found"));
        s.after(0.01).udp(PHONE, 50001, SERVER, 69, Scenario.rrq("XMLDefault.cnf.xml"));
        long error = s.after(0.01).udp(SERVER, 40001, PHONE, 50001, Scenario.error(1, "File not found"));
        Diagnosis d = Diagnose.run(s);
        Finding f = Diagnose.only(d, "config-file-missing");
        assertEquals(sep, f.evidence().get(0));
        assertEquals(error, f.evidence().get(3));
        assertTrue(f.remedy().startsWith("Create XMLDefault.cnf.xml in the TFTP server's root (it is not part of the "
                + "firmware package), or SEP000E08DEAD01.cnf.xml for this phone alone"), f.remedy());
        assertEquals(List.of(), Diagnose.findings(d, "tftp-file-not-found"), "left to config-file-missing");
    }
}
