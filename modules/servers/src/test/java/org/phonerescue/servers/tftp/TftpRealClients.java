package org.phonerescue.servers.tftp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.phonerescue.servers.event.RefusalReason;
import org.phonerescue.servers.event.RequestRefused;
import org.phonerescue.servers.event.ServerEvent;
import org.phonerescue.servers.event.TransferCompleted;
import org.phonerescue.servers.event.TransferRequested;
import org.phonerescue.servers.files.LookupRules;
import org.phonerescue.servers.files.ServedRoot;
import org.phonerescue.servers.testing.Processes;
import org.phonerescue.servers.testing.RecordedEvents;
import org.phonerescue.servers.testing.RequiredTools;
import org.phonerescue.servers.testing.TestFiles;

/**
 * Debian's real TFTP clients — tftp-hpa, atftp and curl — download from our server over
 * loopback, and every file is compared by SHA-256 with the original. The same downloads run on
 * each network transport ({@link TftpRealClientsEpollTest}, {@link TftpRealClientsNioTest}) and
 * with lock-step downloads on the event loops instead of threads of their own
 * ({@link TftpRealClientsEventLoopTest}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class TftpRealClients {

    /** 34 000 000 bytes: 66 407 blocks of 512, so block numbers wrap past 65535. */
    static final long BIG = 34_000_000L;

    /** Static: JUnit creates it before {@code @BeforeAll}, one per test class. */
    @TempDir
    static Path root;
    final RecordedEvents events = new RecordedEvents();
    TftpServer server;
    String host;
    String port;
    String bigSha;

    @TempDir
    Path out;

    /** The transport the server is asked for. */
    abstract TftpTransport transport();

    /** Lock-step downloads on threads of their own (the default) or on the event loops. */
    boolean lockStepThreads() {
        return true;
    }

    @BeforeAll
    void serve() throws Exception {
        RequiredTools.require("tftp", "atftp", "curl");
        requireTransport();
        TestFiles.random(root.resolve("spa71f6.bin"), 1_000_003, 11);
        TestFiles.random(root.resolve("exact512.bin"), 512 * 400, 12);
        TestFiles.random(root.resolve("exact1468.bin"), 1468 * 300, 13);
        TestFiles.random(root.resolve("big.bin"), BIG, 14);
        Files.writeString(root.resolve("SEP001122334455.cnf.xml"), "<device>\n  <loadInformation>SCCP41.9-4-2SR3-1S"
                + "</loadInformation>\r\n</device>\n\rend");
        bigSha = TestFiles.sha256(root.resolve("big.bin"));
        server = new TftpServer(new ServedRoot(root, LookupRules.exact().withIgnoreLeadingSlash(true)),
                TftpServerConfig.defaults().withBind(InetAddress.getLoopbackAddress(), 0)
                        .withProgressInterval(Duration.ofMillis(200)).withTransport(transport())
                        .withLockStepThreads(lockStepThreads()), events);
        InetSocketAddress a = server.start();
        assertEquals(transport(), server.transport(), server.transportDescription());
        host = a.getAddress().getHostAddress();
        port = Integer.toString(a.getPort());
    }

    /** Skips (fails in CI) when the transport cannot run on this machine. */
    void requireTransport() {
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    /**
     * A client exits once it has sent its final ACK; the server reports that transfer done a moment
     * later. Waiting for the previous test's transfers to end keeps their events out of the next test.
     */
    @BeforeEach
    void clearEvents() throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (server.activeTransfers() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        events.clear();
    }

    private Path tftpHpa(String name, String mode) throws Exception {
        Path target = out.resolve("tftp-" + System.nanoTime());
        Processes.Result r = Processes.run(120, List.of("tftp", "-m", mode, host, port, "-c", "get", name,
                target.toString()));
        assertTrue(r.ok() && r.err().isEmpty() && r.out().isEmpty(), r.toString());
        return target;
    }

    private Path curl(String name, int blockSize) throws Exception {
        Path target = out.resolve("curl-" + System.nanoTime());
        Processes.Result r = Processes.run(120, List.of("curl", "-sS", "--fail", "--tftp-blksize",
                Integer.toString(blockSize), "-o", target.toString(), "tftp://" + host + ":" + port + "/" + name));
        assertTrue(r.ok(), r.toString());
        return target;
    }

    private Path atftp(String name, String... options) throws Exception {
        Path target = out.resolve("atftp-" + System.nanoTime());
        List<String> cmd = new ArrayList<>(List.of("atftp", "-g", "-r", name, "-l", target.toString()));
        for (String o : options) {
            cmd.add("--option");
            cmd.add(o);
        }
        cmd.add(host);
        cmd.add(port);
        Processes.Result r = Processes.run(120, cmd);
        assertTrue(r.ok(), r.toString());
        return target;
    }

    private void assertSameFile(String name, Path downloaded) throws Exception {
        assertEquals(TestFiles.sha256(root.resolve(name)), TestFiles.sha256(downloaded), name);
    }

    @Test
    void tftpHpaDownloadsInOctetModeWithTheLeadingSlashThePhoneSends() throws Exception {
        assertSameFile("spa71f6.bin", tftpHpa("/spa71f6.bin", "binary"));
        TransferRequested r = events.await(TransferRequested.class, x -> true, 1, Duration.ofSeconds(5)).get(0);
        assertEquals("/spa71f6.bin", r.requestedName());
        assertEquals("spa71f6.bin", r.servedName());
    }

    @Test
    void tftpHpaInNetasciiModeGetsTheFileBackUnchanged() throws Exception {
        // the server sends CR LF and CR NUL, tftp-hpa turns them back into LF and CR
        assertSameFile("SEP001122334455.cnf.xml", tftpHpa("SEP001122334455.cnf.xml", "netascii"));
    }

    @Test
    void curlWithBlksize512And1468() throws Exception {
        assertSameFile("spa71f6.bin", curl("spa71f6.bin", 512));
        assertSameFile("spa71f6.bin", curl("spa71f6.bin", 1468));
        List<TransferRequested> requests = events.await(TransferRequested.class, x -> true, 2, Duration.ofSeconds(5));
        assertEquals("512", requests.get(0).options().get("blksize"));
        assertEquals("1468", requests.get(1).options().get("blksize"));
        assertEquals("1000003", requests.get(1).options().get("tsize"));
    }

    @Test
    void atftpWithBlksizeWindowsizeAndTsize() throws Exception {
        assertSameFile("spa71f6.bin", atftp("spa71f6.bin", "blksize 1468", "windowsize 16", "tsize"));
        TransferRequested r = events.await(TransferRequested.class, x -> true, 1, Duration.ofSeconds(5)).get(0);
        assertEquals("16", r.options().get("windowsize"));
        assertEquals("1468", r.options().get("blksize"));
        assertEquals("1000003", r.options().get("tsize"));
    }

    /** A file of exactly n × blksize ends with an empty DATA block (RFC 1350 §6); every client must get it whole. */
    @Test
    void filesOfWholeBlocksEndWithAnEmptyBlock() throws Exception {
        assertSameFile("exact512.bin", tftpHpa("exact512.bin", "binary"));
        assertSameFile("exact512.bin", curl("exact512.bin", 512));
        assertSameFile("exact1468.bin", curl("exact1468.bin", 1468));
        assertSameFile("exact1468.bin", atftp("exact1468.bin", "blksize 1468"));
        assertSameFile("exact1468.bin", atftp("exact1468.bin", "blksize 1468", "windowsize 16"));
    }

    /** Over 32 MB at 512-byte blocks: only block-number rollover gets it through (field notes §2). */
    @Test
    void aFileOver32MbAt512ByteBlocksGoesThroughTheRollover() throws Exception {
        assertEquals(bigSha, TestFiles.sha256(tftpHpa("big.bin", "binary")), "tftp-hpa");
        assertEquals(bigSha, TestFiles.sha256(curl("big.bin", 512)), "curl");
        assertEquals(bigSha, TestFiles.sha256(atftp("big.bin", "windowsize 16")), "atftp windowsize 16");
        List<TransferCompleted> done = events.await(TransferCompleted.class, x -> true, 3, Duration.ofSeconds(5));
        assertEquals(3, done.size());
        done.forEach(d -> assertEquals(BIG, d.bytes()));
    }

    @Test
    void fiftyConcurrentDownloadsAreAllIdentical() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(50);
        try {
            List<Future<Path>> downloads = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                int n = i;
                downloads.add(pool.submit(() -> switch (n % 3) {
                    case 0 -> tftpHpa("spa71f6.bin", "binary");
                    case 1 -> curl("spa71f6.bin", 1468);
                    default -> atftp("spa71f6.bin", "blksize 1024", "windowsize 4");
                }));
            }
            String expected = TestFiles.sha256(root.resolve("spa71f6.bin"));
            for (Future<Path> f : downloads) {
                assertEquals(expected, TestFiles.sha256(f.get()));
            }
        } finally {
            pool.shutdownNow();
        }
        List<TransferCompleted> done = events.await(TransferCompleted.class, x -> true, 50, Duration.ofSeconds(5));
        // the transfers themselves, on failure: which client or transfer was counted twice
        assertEquals(50, done.size(), () -> String.join("\n", done.stream().map(TransferCompleted::toString).toList())
                + "\nall events:\n" + events.of(ServerEvent.class));
    }

    @Test
    void aMissingFileIsLoggedWithTheClosestExistingName() throws Exception {
        Path target = out.resolve("missing");
        Processes.Result r = Processes.run(30, List.of("tftp", "-m", "binary", host, port, "-c", "get",
                "SPA71F6.BIN", target.toString()));
        assertTrue(r.out().contains("File not found") || r.err().contains("File not found"), r.toString());
        RequestRefused refused = events.await(RequestRefused.class, x -> true, 1, Duration.ofSeconds(5)).get(0);
        assertEquals(RefusalReason.NOT_FOUND, refused.reason());
        assertEquals("spa71f6.bin", refused.closestName());
        assertEquals("tftp " + host + ":" + refused.client().getPort()
                        + " refused \"SPA71F6.BIN\": file not found (does not exist); closest existing name: \"spa71f6.bin\"",
                org.phonerescue.servers.ServerEventText.line(refused));
    }

    /**
     * A flood of garbage at the request port and at a running transfer's port: the download is
     * still exact, the garbage is counted and dropped, and the heap does not grow with it.
     */
    @Test
    void aFloodOfGarbageDoesNotDisturbARealDownload() throws Exception {
        Runtime rt = Runtime.getRuntime();
        System.gc();
        long heapBefore = rt.totalMemory() - rt.freeMemory();
        long ignoredBefore = server.ignoredDatagrams();
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<Path> download = pool.submit(() -> curl("big.bin", 512));
            SplittableRandom random = new SplittableRandom(7);
            InetSocketAddress requests = server.localAddress();
            int sent = 0;
            try (DatagramSocket flood = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
                while (!download.isDone() && sent < 200_000) {
                    byte[] junk = new byte[1 + random.nextInt(600)];
                    random.nextBytes(junk);
                    if (junk.length > 1 && random.nextInt(4) == 0) {
                        junk[0] = 0;
                        junk[1] = (byte) (3 + random.nextInt(3)); // DATA, ACK or ERROR at the request port
                    }
                    flood.send(new DatagramPacket(junk, junk.length, requests));
                    sent++;
                }
            }
            assertEquals(bigSha, TestFiles.sha256(download.get()));
            assertTrue(sent > 1000, "flood of " + sent);
            assertTrue(server.ignoredDatagrams() - ignoredBefore > 0);
        } finally {
            pool.shutdownNow();
        }
        assertSameFile("spa71f6.bin", tftpHpa("spa71f6.bin", "binary"));
        System.gc();
        long heapAfter = rt.totalMemory() - rt.freeMemory();
        assertTrue(heapAfter - heapBefore < 64L << 20, "heap grew by " + (heapAfter - heapBefore));
    }

    @Test
    void uploadsAreRefusedByDefaultAndNothingIsWritten() throws Exception {
        Path local = Files.writeString(out.resolve("up.txt"), "config");
        Processes.Result r = Processes.run(30, List.of("tftp", "-m", "binary", host, port, "-c", "put",
                local.toString(), "up.txt"));
        assertTrue(r.out().contains("Access violation") || r.err().contains("Access violation"), r.toString());
        assertTrue(Files.notExists(root.resolve("up.txt")));
        assertEquals(RefusalReason.WRITE_REFUSED,
                events.await(RequestRefused.class, x -> true, 1, Duration.ofSeconds(5)).get(0).reason());
    }
}
