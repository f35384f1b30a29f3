package org.phonerescue.servers.tftp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.phonerescue.core.protocol.tftp.TftpError;
import org.phonerescue.core.protocol.tftp.TftpOpcode;
import org.phonerescue.core.protocol.tftp.TftpOption;
import org.phonerescue.servers.event.RefusalReason;
import org.phonerescue.servers.event.RequestRefused;
import org.phonerescue.servers.event.TransferCompleted;
import org.phonerescue.servers.event.TransferFailed;
import org.phonerescue.servers.event.TransferRequested;
import org.phonerescue.servers.files.LookupRules;
import org.phonerescue.servers.files.ServedRoot;
import org.phonerescue.servers.testing.RawTftpPeer;
import org.phonerescue.servers.testing.RawTftpPeer.Received;
import org.phonerescue.servers.testing.RecordedEvents;
import org.phonerescue.servers.testing.TestFiles;

/**
 * The server's behaviour packet by packet, against a test peer that misbehaves on purpose; on each
 * network transport ({@link TftpServerProtocolEpollTest}, with lock-step downloads on threads of
 * their own; {@link TftpServerProtocolNioTest}, with every transfer on the event loops).
 */
abstract class TftpServerProtocol {

    @TempDir
    Path root;
    final RecordedEvents events = new RecordedEvents();
    TftpServer server;
    InetSocketAddress address;

    /** The transport the server is asked for. */
    abstract TftpTransport transport();

    /** Lock-step downloads on threads of their own (the default) or on the event loops. */
    boolean lockStepThreads() {
        return true;
    }

    @BeforeEach
    void files() throws Exception {
        TestFiles.random(root.resolve("small.bin"), 3000, 1);
        TestFiles.random(root.resolve("exact.bin"), 2048, 2);
        Files.writeString(root.resolve("text.txt"), "one\ntwo\r\nthree\rend\n");
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private void start(TftpServerConfig config) throws Exception {
        server = new TftpServer(new ServedRoot(root, LookupRules.exact().withIgnoreLeadingSlash(true)),
                config.withBind(InetAddress.getLoopbackAddress(), 0).withTransport(transport())
                        .withLockStepThreads(lockStepThreads()), events);
        address = server.start();
    }

    private static TftpServerConfig fast() {
        return TftpServerConfig.defaults().withRetransmission(Duration.ofMillis(200), Duration.ofMillis(800), 3)
                .withIoThreads(2);
    }

    /** Downloads {@code name} in lock-step, acknowledging every block once; returns the bytes. */
    private static byte[] download(RawTftpPeer peer, String name, String mode, List<TftpOption> options,
                                   BlockRollover rollover, int blockSize) throws Exception {
        peer.read(name, mode, options);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long expected = 1;
        while (true) {
            Received r = peer.receive(3000);
            assertNotNull(r, "no packet for block " + expected);
            if (r.opcode() == TftpOpcode.OACK) {
                peer.ack(0, r.from());
                continue;
            }
            assertEquals(TftpOpcode.DATA, r.opcode(), () -> "got " + r.packet());
            if (expected > 1 && r.packet().block() == rollover.wire(expected - 1)) {
                // The server repeated the block we acknowledged late (its timeout is short here and a
                // loaded machine can be slower). RFC 1123 §4.2.3.1: a duplicate DATA is not acknowledged
                // again, or every later block would be sent twice (the sorcerer's apprentice).
                continue;
            }
            assertEquals(rollover.wire(expected), r.packet().block());
            out.write(r.data());
            peer.ack(r.packet().block(), r.from());
            if (r.packet().dataLength() < blockSize) {
                return out.toByteArray();
            }
            expected++;
        }
    }

    @Test
    void lockStepDownloadWithoutOptionsEndsWithAShortBlock() throws Exception {
        start(fast());
        try (RawTftpPeer peer = new RawTftpPeer(address)) {
            byte[] got = download(peer, "small.bin", "octet", List.of(), BlockRollover.WRAP_TO_ZERO, 512);
            assertArrayEquals(Files.readAllBytes(root.resolve("small.bin")), got);
        }
        TransferCompleted done = events.await(TransferCompleted.class, c -> true, 1, Duration.ofSeconds(5)).get(0);
        assertEquals(3000, done.bytes());
        assertEquals(0, done.retransmissions());
    }

    @Test
    void aFileOfWholeBlocksEndsWithAnEmptyBlock() throws Exception {
        start(fast());
        try (RawTftpPeer peer = new RawTftpPeer(address)) {
            peer.read("exact.bin", "octet", List.of());
            List<Integer> lengths = new ArrayList<>();
            while (true) {
                Received r = peer.receive(3000);
                assertNotNull(r);
                lengths.add(r.packet().dataLength());
                peer.ack(r.packet().block(), r.from());
                if (r.packet().dataLength() < 512) {
                    break;
                }
            }
            // RFC 1350 §6: 2048 bytes are four full blocks and an empty fifth.
            assertEquals(List.of(512, 512, 512, 512, 0), lengths);
        }
    }

    @Test
    void optionsAreAcknowledgedAndBlock0StartsTheData() throws Exception {
        start(fast());
        try (RawTftpPeer peer = new RawTftpPeer(address)) {
            peer.read("small.bin", "octet", List.of(new TftpOption("blksize", "1000"), new TftpOption("tsize", "0"),
                    new TftpOption("color", "blue")));
            Received oack = peer.receive(2000);
            assertEquals(TftpOpcode.OACK, oack.opcode());
            assertEquals(List.of(new TftpOption("blksize", "1000"), new TftpOption("tsize", "3000")),
                    oack.packet().options());
            assertNotEquals(address.getPort(), oack.from().getPort(), "answers come from a new transfer ID");
            peer.ack(0, oack.from());
            Received first = peer.receive(2000);
            assertEquals(1, first.packet().block());
            assertEquals(1000, first.packet().dataLength());
            assertEquals(oack.from(), first.from());
        }
    }

    /**
     * RFC 1123 §4.2.3.1: repeating every ACK (as a client whose ACKs cross a late DATA does) must
     * not make the server send any block twice — the Sorcerer's Apprentice bug would.
     */
    @Test
    void duplicateAcksNeverCauseDuplicateData() throws Exception {
        start(fast());
        try (RawTftpPeer peer = new RawTftpPeer(address)) {
            peer.read("small.bin", "octet", List.of());
            List<Integer> blocks = new ArrayList<>();
            Received r;
            while ((r = peer.receive(150)) != null) {
                blocks.add(r.packet().block());
                peer.ack(r.packet().block(), r.from());
                peer.ack(r.packet().block(), r.from());
                peer.ack(r.packet().block(), r.from());
                if (r.packet().block() > 1) {
                    peer.ack(r.packet().block() - 1, r.from()); // a late copy of the previous ACK
                }
            }
            assertEquals(List.of(1, 2, 3, 4, 5, 6), blocks);
        }
    }

    /** No ACK at all: the same block comes again after 200, 400, 800, 800 ms, then the transfer is given up. */
    @Test
    void retransmitsWithBackOffThenGivesUp() throws Exception {
        start(fast());
        try (RawTftpPeer peer = new RawTftpPeer(address)) {
            peer.read("small.bin", "octet", List.of());
            List<Long> times = new ArrayList<>();
            Received r;
            while ((r = peer.receive(2500)) != null) {
                assertEquals(1, r.packet().block());
                times.add(r.nanos());
            }
            assertEquals(4, times.size(), "the first DATA and 3 retransmissions");
            long[] gaps = new long[3];
            for (int i = 0; i < 3; i++) {
                gaps[i] = (times.get(i + 1) - times.get(i)) / 1_000_000;
            }
            // Times are taken when the peer reads a packet: on a loaded machine one read can come late and
            // make the next gap look shorter, so the lower bounds leave 50 ms for that. They still tell a
            // doubling back-off (200, 400, 800) from a fixed one.
            assertTrue(gaps[0] >= 150 && gaps[0] < 400, "first wait " + gaps[0]);
            assertTrue(gaps[1] >= 350 && gaps[1] < 700, "second wait " + gaps[1]);
            assertTrue(gaps[2] >= 730 && gaps[2] < 1200, "third wait " + gaps[2]);
        }
        TransferFailed failed = events.await(TransferFailed.class, f -> true, 1, Duration.ofSeconds(5)).get(0);
        assertTrue(failed.reason().contains("no answer"), failed.reason());
        assertEquals(0, server.activeTransfers());
    }

    @Test
    void aLostAckIsRecoveredByTheTimer() throws Exception {
        start(fast());
        try (RawTftpPeer peer = new RawTftpPeer(address)) {
            peer.read("small.bin", "octet", List.of());
            Received first = peer.receive(2000);
            // ACK 1 "lost": say nothing; block 1 comes again
            Received again = peer.receive(2000);
            assertEquals(1, again.packet().block());
            peer.ack(1, again.from());
            assertEquals(2, peer.receive(2000).packet().block());
            assertEquals(first.from(), again.from());
        }
    }

    @Test
    void windowsAreSentWholeAndRestartAfterTheLastAcknowledgedBlock() throws Exception {
        TestFiles.random(root.resolve("w.bin"), 100 * 512 + 7, 3);
        start(fast());
        try (RawTftpPeer peer = new RawTftpPeer(address)) {
            peer.read("w.bin", "octet", List.of(new TftpOption("windowsize", "8")));
            Received oack = peer.receive(2000);
            assertEquals(List.of(new TftpOption("windowsize", "8")), oack.packet().options());
            peer.ack(0, oack.from());
            List<Integer> window = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                window.add(peer.receive(2000).packet().block());
            }
            assertEquals(List.of(1, 2, 3, 4, 5, 6, 7, 8), window);
            assertNull(peer.receive(100), "the server waits for the ACK of the window");
            // RFC 7440 §4: acknowledging block 5 says 6..8 were lost; the next window starts at 6.
            peer.ack(5, oack.from());
            List<Integer> next = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                next.add(peer.receive(2000).packet().block());
            }
            assertEquals(List.of(6, 7, 8, 9, 10, 11, 12, 13), next);
        }
    }

    /** Blocks of 8 bytes make 65 536 blocks out of half a megabyte: the rollover in a second. */
    @Test
    void blockNumbersWrapToZeroOrToOneAsConfigured() throws Exception {
        int size = 70000 * 8 + 3;
        byte[] expected = Files.readAllBytes(TestFiles.random(root.resolve("many-blocks.bin"), size, 4));
        for (BlockRollover rollover : BlockRollover.values()) {
            start(fast().withRollover(rollover));
            try (RawTftpPeer peer = new RawTftpPeer(address)) {
                byte[] got = download(peer, "many-blocks.bin", "octet", List.of(new TftpOption("blksize", "8")),
                        rollover, 8);
                assertArrayEquals(expected, got, rollover.toString());
            }
            server.close();
            server = null;
        }
    }

    @Test
    void netasciiTurnsLineEndsIntoCrLfAndBareCrIntoCrNul() throws Exception {
        start(fast());
        try (RawTftpPeer peer = new RawTftpPeer(address)) {
            byte[] got = download(peer, "text.txt", "NetASCII", List.of(), BlockRollover.WRAP_TO_ZERO, 512);
            assertArrayEquals("one\r\ntwo\r\0\r\nthree\r\0end\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                    got);
        }
    }

    @Test
    void aPacketFromAnotherPortGetsError5AndTheTransferGoesOn() throws Exception {
        start(fast());
        try (RawTftpPeer peer = new RawTftpPeer(address); RawTftpPeer stranger = new RawTftpPeer(address)) {
            peer.read("small.bin", "octet", List.of());
            Received first = peer.receive(2000);
            stranger.ack(1, first.from());
            Received error = stranger.receive(2000);
            assertEquals(TftpOpcode.ERROR, error.opcode());
            assertEquals(TftpError.UNKNOWN_TRANSFER_ID.code(), error.packet().errorCode());
            peer.ack(1, first.from());
            assertEquals(2, peer.receive(2000).packet().block());
        }
    }

    @Test
    void garbageAtATransferPortDoesNotDisturbTheTransfer() throws Exception {
        int size = 20000 * 8 + 5;
        byte[] expected = Files.readAllBytes(TestFiles.random(root.resolve("many.bin"), size, 6));
        start(fast());
        try (RawTftpPeer peer = new RawTftpPeer(address); RawTftpPeer flood = new RawTftpPeer(address)) {
            peer.read("many.bin", "octet", List.of(new TftpOption("blksize", "8")));
            Received oack = peer.receive(2000);
            java.util.SplittableRandom random = new java.util.SplittableRandom(8);
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            peer.ack(0, oack.from());
            int junkSent = 0;
            while (true) {
                for (int i = 0; i < 3; i++) {
                    byte[] junk = new byte[1 + random.nextInt(40)];
                    random.nextBytes(junk);
                    flood.sendTo(oack.from(), junk);
                    junkSent++;
                }
                Received r = peer.receive(3000);
                assertNotNull(r);
                assertEquals(TftpOpcode.DATA, r.opcode());
                got.write(r.data());
                peer.ack(r.packet().block(), r.from());
                if (r.packet().dataLength() < 8) {
                    break;
                }
            }
            assertArrayEquals(expected, got.toByteArray());
            assertTrue(junkSent > 50_000);
        }
        assertEquals(1, events.await(TransferCompleted.class, c -> true, 1, Duration.ofSeconds(5)).size());
    }

    @Test
    void aRepeatedRequestDoesNotStartASecondTransfer() throws Exception {
        start(fast());
        try (RawTftpPeer peer = new RawTftpPeer(address)) {
            peer.read("small.bin", "octet", List.of());
            peer.read("small.bin", "octet", List.of());
            peer.read("small.bin", "octet", List.of());
            Received first = peer.receive(2000);
            assertEquals(1, first.packet().block());
            assertNull(peer.receive(100), "one transfer, one DATA 1");
            assertEquals(1, events.of(TransferRequested.class).size());
        }
    }

    @Test
    void missingFilesAndBadRequestsGetTheRightErrorAndAnEvent() throws Exception {
        start(fast());
        try (RawTftpPeer peer = new RawTftpPeer(address)) {
            peer.read("smal.bin", "octet", List.of());
            Received nf = peer.receive(2000);
            assertEquals(TftpError.FILE_NOT_FOUND.code(), nf.packet().errorCode());
            RequestRefused refused = events.await(RequestRefused.class, r -> true, 1, Duration.ofSeconds(2)).get(0);
            assertEquals(RefusalReason.NOT_FOUND, refused.reason());
            assertEquals("small.bin", refused.closestName());

            peer.read("../etc/passwd", "octet", List.of());
            assertEquals(TftpError.ACCESS_VIOLATION.code(), peer.receive(2000).packet().errorCode());
            peer.read("small.bin", "mail", List.of());
            assertEquals(TftpError.ILLEGAL_OPERATION.code(), peer.receive(2000).packet().errorCode());
            peer.sendTo(address, new byte[] {0, 1, 's', 'm', 'a', 'l', 'l'}); // no terminator, no mode
            assertEquals(TftpError.ILLEGAL_OPERATION.code(), peer.receive(2000).packet().errorCode());
            // not a request: dropped without an answer
            peer.sendTo(address, new byte[] {0, 4, 0, 1});
            peer.sendTo(address, new byte[] {0, 9, 1, 2, 3});
            peer.sendTo(address, new byte[] {7});
            assertNull(peer.receive(200));
        }
        assertEquals(3, server.ignoredDatagrams());
    }

    @Test
    void uploadsAreRefusedWhileWritingIsDisabledAndNothingIsWritten() throws Exception {
        start(fast());
        List<Path> before;
        try (var s = Files.list(root)) {
            before = s.sorted().toList();
        }
        try (RawTftpPeer peer = new RawTftpPeer(address)) {
            peer.write("upload.bin", "octet", List.of());
            Received r = peer.receive(2000);
            assertEquals(TftpError.ACCESS_VIOLATION.code(), r.packet().errorCode());
            peer.data(1, new byte[100], address); // data without a transfer: ignored
            assertNull(peer.receive(200));
        }
        try (var s = Files.list(root)) {
            assertEquals(before, s.sorted().toList());
        }
        assertEquals(RefusalReason.WRITE_REFUSED, events.of(RequestRefused.class).get(0).reason());
    }

    @Test
    void uploadsWhenEnabledLandInTheRootWholeOrNotAtAll() throws Exception {
        start(fast().withWriteEnabled(true));
        byte[] content = new byte[1500];
        new java.util.Random(5).nextBytes(content);
        try (RawTftpPeer peer = new RawTftpPeer(address)) {
            peer.write("/upload.bin", "octet", List.of());
            Received ack0 = peer.receive(2000);
            assertEquals(TftpOpcode.ACK, ack0.opcode());
            assertEquals(0, ack0.packet().block());
            for (int b = 1; b <= 3; b++) {
                int off = (b - 1) * 512;
                peer.data(b, java.util.Arrays.copyOfRange(content, off, Math.min(off + 512, content.length)), ack0.from());
                Received ack = peer.receive(2000);
                assertEquals(b, ack.packet().block());
            }
        }
        events.await(TransferCompleted.class, c -> true, 1, Duration.ofSeconds(5));
        assertArrayEquals(content, Files.readAllBytes(root.resolve("upload.bin")));

        // an abandoned upload leaves nothing behind
        try (RawTftpPeer peer = new RawTftpPeer(address)) {
            peer.write("abandoned.bin", "octet", List.of());
            Received ack0 = peer.receive(2000);
            peer.data(1, new byte[512], ack0.from());
            peer.receive(2000);
        }
        events.await(TransferFailed.class, c -> true, 1, Duration.ofSeconds(10));
        try (var s = Files.list(root)) {
            assertEquals(List.of(), s.filter(p -> p.getFileName().toString().contains("abandoned")).toList());
        }
        // an existing name is never replaced
        try (RawTftpPeer peer = new RawTftpPeer(address)) {
            peer.write("small.bin", "octet", List.of());
            assertEquals(TftpError.FILE_EXISTS.code(), peer.receive(2000).packet().errorCode());
        }
    }

    /**
     * Requests from 300 ports that never answer fill a server limited to 50 transfers: the limit
     * holds, a real client still gets its file, and every silent transfer expires.
     */
    @Test
    void silentClientsCannotExhaustTheServer() throws Exception {
        start(fast().withLimits(65464, 64, 50, 1000, 1 << 20));
        List<RawTftpPeer> silent = new ArrayList<>();
        try {
            for (int i = 0; i < 300; i++) {
                RawTftpPeer p = new RawTftpPeer(address);
                silent.add(p);
                p.read("small.bin", "octet", List.of());
                if (i % 50 == 49) {
                    Thread.sleep(600); // older silent transfers become evictable
                }
                assertTrue(server.activeTransfers() <= 51, "active: " + server.activeTransfers());
            }
            try (RawTftpPeer peer = new RawTftpPeer(address)) {
                byte[] got = download(peer, "small.bin", "octet", List.of(), BlockRollover.WRAP_TO_ZERO, 512);
                assertArrayEquals(Files.readAllBytes(root.resolve("small.bin")), got);
            }
        } finally {
            silent.forEach(RawTftpPeer::close);
        }
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (server.activeTransfers() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertEquals(0, server.activeTransfers(), "stale transfers expire");
    }
}
