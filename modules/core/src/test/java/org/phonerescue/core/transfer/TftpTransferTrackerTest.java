package org.phonerescue.core.transfer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.phonerescue.core.analysis.PacketView;
import org.phonerescue.core.analysis.Scenario;
import org.phonerescue.core.analysis.Scenario.Host;
import org.phonerescue.core.decode.PacketDecoder;
import org.phonerescue.core.pcap.CaptureReader;
import org.phonerescue.core.pcap.CapturedPacket;
import org.phonerescue.core.testing.SharedCaptures;
import org.phonerescue.core.testing.Tshark;

/**
 * TFTP transfers against tshark: on the corpus, the files tshark exports (--export-objects tftp)
 * and the blocks, bytes and repeats counted from its fields; on hand-laid scenes, errors,
 * timeouts, repeats, aborted and unanswered requests, block-number wrap and the spill to disk.
 */
class TftpTransferTrackerTest {

    private static final Host PHONE = new Host("00:0e:08:de:ad:01", "192.168.1.50");
    private static final Host SERVER = new Host("00:1b:21:aa:bb:cc", "192.168.1.10");

    @TempDir
    Path dir;

    private static List<TftpTransfer> transfers(List<PacketView> packets, ContentStore store) {
        TftpTransferTracker t = new TftpTransferTracker(store);
        packets.forEach(t::accept);
        return t.finish();
    }

    /** Decodes as the analysis does: only the fields the tracker reads. */
    private static List<PacketView> filtered(Path capture) throws Exception {
        PacketDecoder decoder = new PacketDecoder(TftpTransferTracker.FIELDS);
        List<PacketView> out = new ArrayList<>();
        try (CaptureReader r = CaptureReader.open(capture)) {
            CapturedPacket p;
            while ((p = r.next()) != null) {
                out.add(new PacketView(decoder.decode(p)));
            }
        }
        return out;
    }

    private static String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    @Test
    void corpusTransfersCarryTheFilesTsharkExportsWithItsBlockAndByteCounts() throws Exception {
        List<Path> captures;
        try (Stream<Path> files = Files.list(SharedCaptures.dir().resolve("tftp"))) {
            captures = files.filter(f -> f.toString().endsWith(".pcap")).sorted().toList();
        }
        assertEquals(4, captures.size());
        for (Path capture : captures) {
            String name = SharedCaptures.relative(capture);
            Path exported = Files.createDirectories(dir.resolve(capture.getFileName().toString()));
            Tshark.run(List.of("tshark", "-r", capture.toString(), "-q", "--export-objects", "tftp," + exported));
            List<Path> files;
            try (Stream<Path> s = Files.list(exported)) {
                files = s.toList();
            }
            assertEquals(1, files.size(), name);
            byte[] theirs = Files.readAllBytes(files.get(0));

            // tshark's own counts: DATA frames, distinct blocks and their payload lengths
            List<String[]> rows = Tshark.fields(capture, "frame.number", "tftp.opcode", "tftp.block.full", "udp.length",
                    "tftp.source_file", "tftp.destination_file", "ip.src", "udp.srcport", "ip.dst", "udp.dstport",
                    "tftp.option.name", "tftp.option.value");
            Map<String, Long> blockBytes = new HashMap<>();
            int dataFrames = 0;
            TreeSet<Long> frames = new TreeSet<>();
            String[] request = null;
            String[] firstAnswer = null;
            Map<String, String> acknowledged = new HashMap<>();
            for (String[] r : rows) {
                if (r[1].isEmpty()) {
                    continue;
                }
                frames.add(Long.parseLong(r[0]));
                if (r[1].equals("1") || r[1].equals("2")) {
                    request = r;
                } else if (firstAnswer == null && request != null && !(r[6] + r[7]).equals(request[6] + request[7])) {
                    firstAnswer = r;
                }
                if (r[1].equals("3")) {
                    dataFrames++;
                    blockBytes.putIfAbsent(r[2], Long.parseLong(r[3]) - 12);
                }
                if (r[1].equals("6") && !r[10].isEmpty()) {
                    String[] names = r[10].split(",");
                    String[] values = r[11].split(",");
                    for (int i = 0; i < names.length; i++) {
                        acknowledged.put(names[i], values[i]);
                    }
                }
            }
            List<TftpTransfer> ours = transfers(filtered(capture), ContentStore.keeping());
            assertEquals(1, ours.size(), name);
            TftpTransfer t = ours.get(0);
            assertNotNull(request, name);
            assertEquals(request[1].equals("1") ? request[4] : request[5], t.file(), name);
            assertEquals(request[1].equals("1"), t.read(), name);
            assertEquals(new Endpoint(request[6], Integer.parseInt(request[7])), t.client(), name);
            assertEquals(new Endpoint(firstAnswer[6], Integer.parseInt(firstAnswer[7])), t.server(), name);
            assertEquals(TransferOutcome.COMPLETE, t.outcome(), name);
            assertEquals(blockBytes.size(), t.blocks(), name + " blocks");
            assertEquals(blockBytes.values().stream().mapToLong(Long::longValue).sum(), t.bytes(), name + " bytes");
            assertEquals(dataFrames - blockBytes.size(), t.retransmissions(), name + " retransmissions");
            assertEquals(acknowledged, t.options(), name + " options");
            assertEquals(frames.first(), t.firstFrame(), name);
            assertEquals(frames.last(), t.lastFrame(), name);
            assertEquals(theirs.length, t.content().size(), name);
            assertEquals(sha256(theirs), t.content().sha256(), name);
            assertTrue(t.content().complete(), name);
            assertArrayEquals(theirs, t.content().head(theirs.length + 10), name);
        }
    }

    @Test
    void aFileNotFoundErrorEndsTheTransferWithItsCodeAndMessage() throws Exception {
        Scenario s = new Scenario();
        long rrq = s.at(0).udp(PHONE, 50000, SERVER, 69, Scenario.rrq("SEP000E08DEAD01.cnf.xml"));
        long error = s.after(0.01).udp(SERVER, 40000, PHONE, 50000, Scenario.error(1, "File not found"));
        // tshark reads the frames as we laid them out: an RRQ, then ERROR code 1
        List<String[]> theirs = Tshark.fields(s.write(dir.resolve("error.pcap")), "tftp.opcode", "tftp.error.code",
                "tftp.error.message");
        assertArrayEquals(new String[] {"5", "1", "File not found"}, theirs.get(1));
        TftpTransfer t = transfers(s.decode(), ContentStore.keeping()).get(0);
        assertEquals(rrq, t.requestFrame());
        assertEquals(TransferOutcome.ERROR, t.outcome());
        assertEquals(1, t.errorCode());
        assertEquals("File not found", t.errorMessage());
        assertEquals(error, t.errorFrame());
        assertFalse(t.errorFromClient());
        assertEquals(new Endpoint(SERVER.ip(), 40000), t.server());
        assertEquals(0, t.content().size());
        assertFalse(t.content().complete());
    }

    @Test
    void aTransferThatStopsTimesOutWhenTheCaptureGoesOnAndIsCutOffWhenItEnds() {
        byte[] block = Scenario.content(512, 1);
        Scenario s = new Scenario();
        s.at(0).udp(PHONE, 50000, SERVER, 69, Scenario.rrq("snom370-r.bin"));
        s.after(0.01).udp(SERVER, 40000, PHONE, 50000, Scenario.data(1, block));
        s.after(0.01).udp(PHONE, 50000, SERVER, 40000, Scenario.ack(1));
        long last = s.after(0.01).udp(SERVER, 40000, PHONE, 50000, Scenario.data(2, block));
        s.after(2).udp(SERVER, 1234, PHONE, 5678, new byte[4]);
        TftpTransfer cut = transfers(s.decode(), ContentStore.keeping()).get(0);
        assertEquals(TransferOutcome.CAPTURE_ENDED, cut.outcome());
        s.after(9).udp(SERVER, 1234, PHONE, 5678, new byte[4]);
        TftpTransfer timedOut = transfers(s.decode(), ContentStore.keeping()).get(0);
        assertEquals(TransferOutcome.TIMED_OUT, timedOut.outcome());
        assertEquals(last, timedOut.lastFrame());
        assertEquals(2, timedOut.blocks());
        assertEquals(1024, timedOut.bytes());
        assertEquals(1024, timedOut.content().size(), "what was received is kept");
        assertFalse(timedOut.content().complete());
    }

    @Test
    void repeatedBlocksAndAcksAreCountedOnceAndShownAsEvidence() throws Exception {
        byte[] file = Scenario.content(700, 2);
        Scenario s = new Scenario();
        s.at(0).udp(PHONE, 50000, SERVER, 69, Scenario.rrq("spa50x-30x-7-6-2f.bin"));
        s.after(0.01).udp(SERVER, 40000, PHONE, 50000, Scenario.data(1, java.util.Arrays.copyOf(file, 512)));
        long again = s.after(1).udp(SERVER, 40000, PHONE, 50000, Scenario.data(1, java.util.Arrays.copyOf(file, 512)));
        s.after(0.01).udp(PHONE, 50000, SERVER, 40000, Scenario.ack(1));
        long dupAck = s.after(0.01).udp(PHONE, 50000, SERVER, 40000, Scenario.ack(1));
        long lastData = s.after(0.01).udp(SERVER, 40000, PHONE, 50000,
                Scenario.data(2, java.util.Arrays.copyOfRange(file, 512, 700)));
        s.after(0.01).udp(PHONE, 50000, SERVER, 40000, Scenario.ack(2));
        Path capture = s.write(dir.resolve("repeats.pcap"));
        // tshark: 3 DATA frames carrying 2 distinct blocks
        List<String[]> data = Tshark.fields(capture, "tftp.opcode", "tftp.block");
        assertEquals(3, data.stream().filter(r -> r[0].equals("3")).count());
        TftpTransfer t = transfers(s.decode(), ContentStore.keeping()).get(0);
        assertEquals(TransferOutcome.COMPLETE, t.outcome());
        assertEquals(2, t.blocks());
        assertEquals(700, t.bytes());
        assertEquals(1, t.retransmissions());
        assertEquals(List.of(again), t.retransmittedFrames());
        assertEquals(1, t.duplicateAcks());
        assertEquals(List.of(dupAck), t.duplicateAckFrames());
        assertEquals(1_000_000_000L, t.longestSilence());
        assertEquals(again, t.silenceEndFrame());
        assertEquals(sha256(file), t.content().sha256());
        assertTrue(t.content().complete());
        assertEquals(lastData, t.lastFrame() - 1);
        Path exported = Files.createDirectories(dir.resolve("export"));
        Tshark.run(List.of("tshark", "-r", capture.toString(), "-q", "--export-objects", "tftp," + exported));
        assertEquals(sha256(Files.readAllBytes(exported.resolve("spa50x-30x-7-6-2f.bin"))), t.content().sha256());
    }

    @Test
    void anUnansweredRequestKeepsItsRepeatsAndTheIcmpErrorThatQuotesIt() throws Exception {
        Scenario s = new Scenario();
        long first = s.at(0).udp(PHONE, 50000, SERVER, 69, Scenario.rrq("term61.default.loads"));
        long icmp = s.after(0.001).icmpUnreachable(SERVER, PHONE, 3, first);
        long second = s.after(1).udp(PHONE, 50000, SERVER, 69, Scenario.rrq("term61.default.loads"));
        long third = s.after(2).udp(PHONE, 50000, SERVER, 69, Scenario.rrq("term61.default.loads"));
        // tshark sees the ICMP error quoting the request's UDP ports
        List<String[]> theirs = Tshark.fields(s.write(dir.resolve("icmp.pcap")), "icmp.type", "icmp.code", "udp.srcport",
                "udp.dstport");
        assertArrayEquals(new String[] {"3", "3", "50000", "69"}, theirs.get((int) icmp - 1));
        List<TftpTransfer> all = transfers(s.decode(), ContentStore.keeping());
        assertEquals(1, all.size());
        TftpTransfer t = all.get(0);
        assertFalse(t.answered());
        assertNull(t.server());
        assertEquals(List.of(first, second, third), t.requests().frames());
        assertEquals(3, t.requests().count());
        assertEquals(List.of(new Unreachable(icmp, SERVER.ip(), 3)), t.unreachables());
        assertEquals(0, t.blocks());
    }

    /**
     * 100 rounds of 3 requests 1 s apart, 10 s between rounds, each request refused by an ICMP
     * port unreachable: the transfer counts all 300 requests and 300 errors and keeps the first
     * and the last ten of each, and the first and the last 16 of the 100 rounds (bursts); the
     * tracker ties datagrams to the newest request only.
     */
    @Test
    void aRequestRepeatedManyTimesKeepsItsCountAndTheFirstAndLastFrames() throws Exception {
        Scenario s = new Scenario();
        for (int round = 0; round < 100; round++) {
            s.at(round * 12.0);
            for (int i = 0; i < 3; i++) {
                long rrq = s.udp(PHONE, 50000, SERVER, 69, Scenario.rrq("SEP000E08DEAD01.cnf.xml"));
                s.after(0.001).icmpUnreachable(SERVER, PHONE, 3, rrq);
                s.after(1);
            }
        }
        // tshark: which frames are the requests and which the ICMP errors, and their times
        List<String[]> theirs = Tshark.fields(s.write(dir.resolve("repeats.pcap")), "frame.number", "tftp.opcode",
                "icmp.type", "frame.time_epoch");
        List<Long> rrqs = theirs.stream().filter(r -> r[1].equals("1")).map(r -> Long.parseLong(r[0])).toList();
        List<Long> icmps = theirs.stream().filter(r -> r[2].equals("3")).map(r -> Long.parseLong(r[0])).toList();
        assertEquals(300, rrqs.size());
        assertEquals(300, icmps.size());
        TftpTransferTracker tracker = new TftpTransferTracker(ContentStore.keeping());
        s.decode(TftpTransferTracker.FIELDS).forEach(tracker::accept);
        assertEquals(1, tracker.requestFramesFollowed());
        List<TftpTransfer> all = tracker.finish();
        assertEquals(1, all.size());
        TftpTransfer t = all.get(0);
        RequestRepeats r = t.requests();
        assertEquals(300, r.count());
        assertFalse(r.complete());
        List<Long> firstAndLast = new ArrayList<>(rrqs.subList(0, 10));
        firstAndLast.addAll(rrqs.subList(290, 300));
        assertEquals(firstAndLast, r.frames());
        java.util.function.LongUnaryOperator time = frame -> new java.math.BigDecimal(theirs.get((int) frame - 1)[3])
                .movePointRight(9).longValueExact();
        for (int i = 0; i < r.frames().size(); i++) {
            assertEquals(time.applyAsLong(r.frames().get(i)), r.times().get(i));
        }
        // a round (burst) is 3 requests; rounds 1–16 and 85–100 are kept
        assertEquals(100, r.burstCount());
        assertEquals(2 * RequestRepeats.BURSTS_EACH_END, r.bursts().size());
        assertEquals(RequestRepeats.BURSTS_EACH_END - 1, r.burstsLeftOutAfter());
        for (int k = 0; k < r.bursts().size(); k++) {
            int round = k < 16 ? k : 100 - 32 + k;
            RequestRepeats.Burst b = r.bursts().get(k);
            assertEquals(rrqs.get(3 * round), b.firstFrame());
            assertEquals(rrqs.get(3 * round + 2), b.lastFrame());
            assertEquals(3, b.count());
            assertEquals(time.applyAsLong(b.firstFrame()), b.start());
            assertEquals(time.applyAsLong(b.lastFrame()), b.end());
        }
        assertEquals(300, t.unreachableCount());
        List<Long> firstAndLastIcmp = new ArrayList<>(icmps.subList(0, 10));
        firstAndLastIcmp.addAll(icmps.subList(290, 300));
        assertEquals(firstAndLastIcmp, t.unreachables().stream().map(Unreachable::frame).toList());
    }

    /** Up to twice the frames kept, every request is kept; the bursts as they came. */
    @Test
    void aFewRepeatsAreAllKept() {
        Scenario s = new Scenario();
        List<Long> frames = new ArrayList<>();
        for (int i = 0; i < 2 * RequestRepeats.KEPT_EACH_END; i++) {
            frames.add(s.at(i < 10 ? i : 20 + i).udp(PHONE, 50000, SERVER, 69, Scenario.rrq("spa942.bin")));
        }
        TftpTransfer t = transfers(s.decode(), ContentStore.keeping()).get(0);
        assertEquals(frames, t.requests().frames());
        assertTrue(t.requests().complete());
        assertEquals(List.of(new RequestRepeats.Burst(1, t.startTime(), 10, t.startTime() + 9_000_000_000L, 10),
                new RequestRepeats.Burst(11, t.startTime() + 30_000_000_000L, 20, t.startTime() + 39_000_000_000L, 10)),
                t.requests().bursts());
        assertEquals(-1, t.requests().burstsLeftOutAfter());
    }

    @Test
    void aClientErrorOrARestartedRequestAbortsTheTransfer() {
        Scenario s = new Scenario();
        s.at(0).udp(PHONE, 50000, SERVER, 69, Scenario.rrq("snom370-r.bin", "tsize", "0", "blksize", "1428"));
        s.after(0.01).udp(SERVER, 40000, PHONE, 50000, Scenario.oack("tsize", "40000000", "blksize", "1428"));
        // RFC 2349: a client may ask only for the size, then end the transfer with an ERROR
        long error = s.after(0.01).udp(PHONE, 50000, SERVER, 40000, Scenario.error(8, "tsize query"));
        s.after(0.1).udp(PHONE, 50001, SERVER, 69, Scenario.rrq("snom370-r.bin"));
        s.after(0.01).udp(SERVER, 40001, PHONE, 50001, Scenario.data(1, new byte[512]));
        s.after(0.5).udp(PHONE, 50002, SERVER, 69, Scenario.rrq("snom370-r.bin"));
        List<TftpTransfer> all = transfers(s.decode(), ContentStore.keeping());
        assertEquals(3, all.size());
        TftpTransfer query = all.get(0);
        assertEquals(TransferOutcome.ABORTED, query.outcome());
        assertTrue(query.errorFromClient());
        assertEquals(error, query.errorFrame());
        assertEquals(40_000_000L, query.expectedSize());
        assertEquals(1428, query.blockSize());
        assertEquals(Map.of("tsize", "0", "blksize", "1428"), query.requestedOptions());
        assertEquals(List.of("tsize", "blksize"), List.copyOf(query.options().keySet()));
        assertEquals(TransferOutcome.ABORTED, all.get(1).outcome(), "the same file asked again 0.5 s later");
        assertEquals(TransferOutcome.CAPTURE_ENDED, all.get(2).outcome());
    }

    @Test
    void blockNumbersWrappingToZeroOrToOneKeepTheContentWhole() throws Exception {
        for (int wrapTo : new int[] {0, 1}) {
            Scenario s = new Scenario();
            s.at(0).udp(PHONE, 50000, SERVER, 69, Scenario.rrq("snomD785-10.1.33.33-r.bin", "blksize", "8"));
            s.udp(SERVER, 40000, PHONE, 50000, Scenario.oack("blksize", "8"));
            s.udp(PHONE, 50000, SERVER, 40000, Scenario.ack(0));
            int blocks = 65535 + 3;
            MessageDigest expected = MessageDigest.getInstance("SHA-256");
            for (int n = 1; n <= blocks; n++) {
                byte[] b = Scenario.content(n == blocks ? 3 : 8, n);
                expected.update(b);
                int wire = n <= 65535 ? n : (n - 65536 + wrapTo) & 0xFFFF;
                s.udp(SERVER, 40000, PHONE, 50000, Scenario.data(wire, b));
            }
            TftpTransfer t = transfers(s.decode(TftpTransferTracker.FIELDS), ContentStore.keeping()).get(0);
            assertEquals(TransferOutcome.COMPLETE, t.outcome(), "wrap to " + wrapTo);
            assertEquals(0, t.gaps(), "wrap to " + wrapTo);
            assertEquals(blocks, t.blocks());
            assertEquals((blocks - 1) * 8L + 3, t.bytes(), "wrap to " + wrapTo);
            assertEquals(HexFormat.of().formatHex(expected.digest()), t.content().sha256(), "wrap to " + wrapTo);
            assertTrue(t.content().complete());
        }
    }

    /**
     * An SPA image sent in blocks shorter than its 16-byte container magic (blksize 8, RFC 2348
     * allows down to 8): whether to keep it for the image checks is decided once the magic is in,
     * not from the first block alone. A content of the same kind that is no image stays unkept.
     */
    @Test
    void anSpaImageInBlocksShorterThanItsMagicIsKeptForTheChecks() throws Exception {
        byte[] image = new org.phonerescue.core.firmware.SpaImageBuilder("7.4.9c")
                .module(2, false, org.phonerescue.core.firmware.SpaImageBuilder.content(300, 1)).build();
        byte[] other = Scenario.content(image.length, 5);
        for (byte[] file : List.of(image, other)) {
            Scenario s = new Scenario();
            s.at(0).udp(PHONE, 50000, SERVER, 69, Scenario.rrq("spa504g-7-4-9c.bin", "blksize", "8"));
            s.after(0.01).udp(SERVER, 40000, PHONE, 50000, Scenario.oack("blksize", "8"));
            s.after(0.01).udp(PHONE, 50000, SERVER, 40000, Scenario.ack(0));
            for (int n = 1; (n - 1) * 8 <= file.length; n++) {
                s.after(0.001).udp(SERVER, 40000, PHONE, 50000,
                        Scenario.data(n, java.util.Arrays.copyOfRange(file, (n - 1) * 8, Math.min(file.length, n * 8))));
                s.after(0.001).udp(PHONE, 50000, SERVER, 40000, Scenario.ack(n));
            }
            Path capture = s.write(dir.resolve(file == image ? "image.pcap" : "other.pcap"));
            // tshark: the first DATA carries 8 bytes of the file (UDP 8 + TFTP 4 + 8), and the file
            // it reassembles is the one laid out
            List<String[]> data = Tshark.fields(capture, "tftp.opcode", "tftp.block", "udp.length").stream()
                    .filter(r -> r[0].equals("3")).toList();
            assertEquals(List.of("3", "1", "20"), List.of(data.get(0)));
            Path exported = Files.createDirectories(dir.resolve("export-" + data.size() + (file == image ? "i" : "o")));
            Tshark.run(List.of("tshark", "-r", capture.toString(), "-q", "--export-objects", "tftp," + exported));
            assertArrayEquals(file, Files.readAllBytes(exported.resolve("spa504g-7-4-9c.bin")));

            try (ContentStore store = ContentStore.forChecks()) {
                TftpTransfer t = transfers(filtered(capture), store).get(0);
                assertEquals(TransferOutcome.COMPLETE, t.outcome());
                assertEquals(file.length, t.bytes());
                assertEquals(sha256(file), t.content().sha256());
                if (file == image) {
                    assertTrue(t.content().kept(), "the image is kept for check-image and the diagnosis");
                    assertArrayEquals(image, t.content().head(image.length));
                } else {
                    assertFalse(t.content().kept(), "content that is no SPA image is only hashed");
                }
            }
        }
    }

    @Test
    void aContentShorterThanTheMagicIsKeptOnlyWhenItsNameSaysSo() throws Exception {
        try (ContentStore store = ContentStore.forChecks()) {
            byte[] head = "SkOsMo5".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            assertFalse(ContentStoreTest.store(store, "spa.bin", head).kept());
            assertTrue(ContentStoreTest.store(store, "TERM41.DEFAULT.LOADS", head).kept());
            assertArrayEquals(head, ContentStoreTest.store(store, "a.cnf.xml", head, new byte[0]).head(100));
        }
    }

    @Test
    void theSpaLoadersMulticastRequestAndAcksMakeOneTransfer() {
        byte[] image = Scenario.content(1500, 3);
        Scenario s = new Scenario();
        s.at(0).udpToGroup(PHONE, 2000, Scenario.SPA_GROUP, 69, Scenario.rrq("/spa71f6.bin"));
        for (int n = 1; n <= 3; n++) {
            byte[] b = java.util.Arrays.copyOfRange(image, (n - 1) * 512, Math.min(image.length, n * 512));
            s.after(0.01).udp(SERVER, 3000, PHONE, 2000, Scenario.data(n, b));
            s.after(0.01).udpToGroup(PHONE, 2000, Scenario.SPA_GROUP, 3000, Scenario.ack(n));
        }
        TftpTransfer t = transfers(s.decode(), ContentStore.keeping()).get(0);
        assertEquals(new Endpoint(Scenario.SPA_GROUP, 69), t.requestedServer());
        assertEquals(new Endpoint(SERVER.ip(), 3000), t.server());
        assertEquals(SERVER.mac(), t.serverMac());
        assertEquals(PHONE.mac(), t.clientMac());
        assertEquals(TransferOutcome.COMPLETE, t.outcome());
        assertEquals(1500, t.bytes());
        assertEquals(0, t.duplicateAcks());
        assertEquals(7, t.lastFrame());
    }

    @Test
    void largeContentsSpillToATemporaryFileThatClosingTheStoreDeletes() throws Exception {
        byte[] file = Scenario.content(5000, 4);
        Scenario s = new Scenario();
        s.at(0).udp(PHONE, 50000, SERVER, 69, Scenario.rrq("big.bin"));
        for (int n = 1; n <= 10; n++) {
            byte[] b = java.util.Arrays.copyOfRange(file, (n - 1) * 512, Math.min(file.length, n * 512));
            s.after(0.01).udp(SERVER, 40000, PHONE, 50000, Scenario.data(n, b));
        }
        FileContent content;
        try (ContentStore store = ContentStore.keeping(1000, 1 << 20)) {
            content = transfers(s.decode(), store).get(0).content();
            assertNull(content.memory());
            assertNotNull(content.file());
            assertEquals(0, store.inMemory());
            Path saved = dir.resolve("saved.bin");
            content.saveTo(saved);
            assertArrayEquals(file, Files.readAllBytes(saved));
            assertEquals(sha256(file), content.sha256());
        }
        assertFalse(Files.exists(content.file()));
        try (ContentStore hashing = ContentStore.hashingOnly()) {
            FileContent hashed = transfers(s.decode(), hashing).get(0).content();
            assertEquals(sha256(file), hashed.sha256());
            assertEquals(5000, hashed.size());
            assertNull(hashed.memory());
            assertNull(hashed.file());
        }
    }

    /**
     * The digest shown to people: an empty file that arrived whole has one (SHA-256 of no bytes,
     * as the JDK computes it), a request nothing answered has none.
     */
    @Test
    void anEmptyFileHasItsDigestShownAndAnUnansweredRequestNone() throws Exception {
        Host phone = new Host("00:0e:08:de:ad:01", "192.168.1.50");
        Host server = new Host("00:1b:21:aa:bb:cc", "192.168.1.10");
        Scenario s = new Scenario();
        s.at(0).udp(phone, 50000, server, 69, Scenario.rrq("empty.cfg"));
        s.after(0.01).udp(server, 3000, phone, 50000, Scenario.data(1, new byte[0]));
        s.after(0.01).udp(phone, 50000, server, 3000, Scenario.ack(1));
        s.after(0.01).udp(phone, 50001, server, 69, Scenario.rrq("nobody.cfg"));
        s.after(5).udp(server, 1234, phone, 5678, new byte[4]);
        try (org.phonerescue.core.session.CaptureAnalysis a = org.phonerescue.core.diagnosis.Diagnose.analyse(s)) {
            TftpTransfer empty = a.transfers().get(0);
            assertEquals(TransferOutcome.COMPLETE, empty.outcome());
            assertEquals(0, empty.bytes());
            assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(new byte[0])),
                    empty.shownSha256());
            TftpTransfer nobody = a.transfers().get(1);
            assertEquals("nobody.cfg", nobody.file());
            assertNull(nobody.shownSha256());
        }
    }
}
