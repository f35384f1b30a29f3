package org.phonerescue.cli.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code phonerescue serve} on the real TFTP port 69 inside one network namespace, Debian's
 * clients in another, joined by a veth pair: the way a laptop serves a phone on a cable. Every
 * download is compared by SHA-256. Needs root; in CI a missing capability fails the test.
 */
class NetnsServeIT {

    /** 34 000 000 bytes: 66 407 blocks of 512, past the 16-bit block numbers. */
    static final long BIG = 34_000_000L;

    @TempDir
    static Path dir;
    static Path root;
    static VethNamespaces net;
    static ServeProcess serve;

    @BeforeAll
    static void start() throws Exception {
        Requirements.root();
        Requirements.commands("ip", "tftp", "atftp", "curl", "setpriv");
        try {
            net = VethNamespaces.create(0);
        } catch (java.io.IOException e) {
            Requirements.missing("network namespaces: " + e.getMessage());
        }
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        root = Files.createDirectories(dir.resolve("root"));
        TestFiles.random(root.resolve("spa71f6.bin"), 1_000_003, 21);
        TestFiles.random(root.resolve("exact512.bin"), 512 * 600, 22);
        TestFiles.random(root.resolve("exact1468.bin"), 1468 * 300, 23);
        TestFiles.random(root.resolve("big.bin"), BIG, 24);
        serve = ServeProcess.start(net.inServer(), "--root", root.toString(), "--tftp", "--http", "--ftp",
                "--ftp-passive-ports", "40000-40009", "--no-progress");
        assertEquals(69, serve.awaitReady("tftp"));
        assertEquals(80, serve.awaitReady("http"));
        assertEquals(21, serve.awaitReady("ftp"));
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (serve != null) {
                serve.close();
            }
        } finally {
            if (net != null) {
                net.close();
            }
        }
    }

    private Path download(String client, String name, String... options) throws Exception {
        Path target = dir.resolve(client + "-" + System.nanoTime());
        List<String> cmd = new ArrayList<>();
        switch (client) {
            case "tftp" -> cmd.addAll(List.of("tftp", "-m", "binary", net.serverAddress, "-c", "get", name,
                    target.toString()));
            case "curl" -> {
                cmd.addAll(List.of("curl", "-sS", "--fail", "-o", target.toString()));
                cmd.addAll(List.of(options));
                cmd.add("tftp://" + net.serverAddress + "/" + name);
            }
            default -> {
                cmd.addAll(List.of("atftp", "-g", "-r", name, "-l", target.toString()));
                for (String o : options) {
                    cmd.addAll(List.of("--option", o));
                }
                cmd.add(net.serverAddress);
            }
        }
        Run r = Run.of(120, net.inClient(cmd.toArray(String[]::new)));
        assertTrue(r.ok() && r.out().isEmpty(), String.join(" ", cmd) + ": " + r);
        return target;
    }

    private static void assertSame(String name, Path got) throws Exception {
        assertEquals(TestFiles.sha256(root.resolve(name)), TestFiles.sha256(got), name);
    }

    @Test
    void tftpHpaAsksWithTheLeadingSlashAndTheLogNamesTheClientAcrossTheLink() throws Exception {
        assertSame("spa71f6.bin", download("tftp", "/spa71f6.bin"));
        assertNotNull(serve.await(l -> l.contains(" tftp " + net.clientAddress + ":")
                && l.contains(" read \"/spa71f6.bin\" -> \"spa71f6.bin\", 1000003 bytes"), 10), serve.lines().toString());
        assertNotNull(serve.await(l -> l.contains(" tftp " + net.clientAddress + ":") && l.contains(" done: \"spa71f6.bin\""),
                10), serve.lines().toString());
    }

    @Test
    void curlWithBlksize512And1468() throws Exception {
        assertSame("spa71f6.bin", download("curl", "spa71f6.bin", "--tftp-blksize", "512"));
        assertSame("spa71f6.bin", download("curl", "spa71f6.bin", "--tftp-blksize", "1468"));
    }

    @Test
    void atftpWithWindowsize16() throws Exception {
        assertSame("spa71f6.bin", download("atftp", "spa71f6.bin", "blksize 1468", "windowsize 16", "tsize"));
        assertNotNull(serve.await(l -> l.contains("options blksize=1468 tsize=1000003 windowsize=16"), 10),
                serve.lines().toString());
    }

    @Test
    void filesOfWholeBlocksEndWithAnEmptyBlock() throws Exception {
        assertSame("exact512.bin", download("tftp", "exact512.bin"));
        assertSame("exact512.bin", download("curl", "exact512.bin", "--tftp-blksize", "512"));
        assertSame("exact1468.bin", download("atftp", "exact1468.bin", "blksize 1468"));
        assertSame("exact1468.bin", download("atftp", "exact1468.bin", "blksize 1468", "windowsize 16"));
    }

    @Test
    void aFileOver32MbAt512ByteBlocksGoesThroughTheRollover() throws Exception {
        String expected = TestFiles.sha256(root.resolve("big.bin"));
        assertEquals(expected, TestFiles.sha256(download("tftp", "big.bin")), "tftp-hpa, no options");
        assertEquals(expected, TestFiles.sha256(download("curl", "big.bin", "--tftp-blksize", "512")), "curl blksize 512");
        assertEquals(2, serve.awaitCount(l -> l.contains(" done: \"big.bin\", 34000000 bytes"), 2, 10).size(),
                serve.lines().toString());
    }

    @Test
    void fiftyConcurrentDownloadsAreAllIdentical() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(50);
        try {
            List<Future<Path>> all = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                int n = i;
                all.add(pool.submit(() -> switch (n % 3) {
                    case 0 -> download("tftp", "spa71f6.bin");
                    case 1 -> download("curl", "spa71f6.bin", "--tftp-blksize", "1468");
                    default -> download("atftp", "spa71f6.bin", "blksize 1024", "windowsize 8");
                }));
            }
            String expected = TestFiles.sha256(root.resolve("spa71f6.bin"));
            for (Future<Path> f : all) {
                assertEquals(expected, TestFiles.sha256(f.get()));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void httpOnPort80AcrossTheLinkWithRanges() throws Exception {
        Path whole = dir.resolve("http-whole");
        Path part = dir.resolve("http-part");
        String url = "http://" + net.serverAddress + "/big.bin";
        Run get = Run.of(120, net.inClient("curl", "-sS", "--fail", "-o", whole.toString(), url));
        assertTrue(get.ok(), get.toString());
        assertEquals(TestFiles.sha256(root.resolve("big.bin")), TestFiles.sha256(whole));
        Run range = Run.of(60, net.inClient("curl", "-sS", "--fail", "-r", "33999000-", "-o", part.toString(),
                "-w", "%{http_code}", url));
        assertEquals("206", range.out(), range.toString());
        byte[] tail = new byte[1000];
        try (var f = java.nio.channels.FileChannel.open(root.resolve("big.bin"))) {
            f.read(java.nio.ByteBuffer.wrap(tail), 33_999_000);
        }
        org.junit.jupiter.api.Assertions.assertArrayEquals(tail, Files.readAllBytes(part));
        Run beyond = Run.of(60, net.inClient("curl", "-sS", "-r", "34000000-", "-o", "/dev/null", "-w", "%{http_code}", url));
        assertEquals("416", beyond.out(), beyond.toString());
        Run escape = Run.of(60, net.inClient("curl", "-sS", "--path-as-is", "-o", "/dev/null", "-w", "%{http_code}",
                "http://" + net.serverAddress + "/%2e%2e/%2e%2e/etc/passwd"));
        assertEquals("403", escape.out(), escape.toString());
        assertNotNull(serve.await(l -> l.contains(" http " + net.clientAddress + ":") && l.contains(" done: \"big.bin\", 34000000 bytes"),
                10), serve.lines().toString());
    }

    @Test
    void ftpOnPort21AcrossTheLinkPassiveOnly() throws Exception {
        Path got = dir.resolve("ftp-big");
        Run get = Run.of(120, net.inClient("curl", "-sS", "--fail", "-o", got.toString(),
                "ftp://" + net.serverAddress + "/big.bin"));
        assertTrue(get.ok(), get.toString());
        assertEquals(TestFiles.sha256(root.resolve("big.bin")), TestFiles.sha256(got));
        Run active = Run.of(60, net.inClient("curl", "-sS", "--ftp-port", "-", "-o", "/dev/null",
                "ftp://" + net.serverAddress + "/spa71f6.bin"));
        assertTrue(!active.ok(), "active mode is refused: " + active);
    }

    /** In a fresh namespace ports below 1024 need privileges; an ordinary user gets the cause and the fix. */
    @Test
    void port69WithoutRightsGivesTheFix() throws Exception {
        List<String> asNobody = new ArrayList<>(List.of("ip", "netns", "exec", net.clientNamespace, "setpriv",
                "--reuid=65534", "--regid=65534", "--clear-groups", "--inh-caps=-all", "--bounding-set=-all"));
        try (ServeProcess denied = ServeProcess.start(asNobody, "--root", root.toString(), "--tftp")) {
            assertEquals(4, denied.awaitExit(30), denied.stderr());
            String err = denied.stderr();
            assertTrue(err.startsWith("phonerescue serve: TFTP cannot listen on UDP port 69: permission denied."
                    + " Ports below 1024 need root rights: run as root (sudo), or allow Java to bind them with"
                    + " 'sudo setcap cap_net_bind_service=+ep "), err);
            assertTrue(err.endsWith("', or choose a port of 1024 or above for tests.\n"), err);
        }
    }
}
