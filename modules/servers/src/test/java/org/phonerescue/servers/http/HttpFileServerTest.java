package org.phonerescue.servers.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.phonerescue.servers.event.RefusalReason;
import org.phonerescue.servers.event.RequestRefused;
import org.phonerescue.servers.event.TransferCompleted;
import org.phonerescue.servers.event.TransferRequested;
import org.phonerescue.servers.files.LookupRules;
import org.phonerescue.servers.files.ServedRoot;
import org.phonerescue.servers.testing.Processes;
import org.phonerescue.servers.testing.RecordedEvents;
import org.phonerescue.servers.testing.RequiredTools;
import org.phonerescue.servers.testing.TestFiles;

/** curl (and a raw socket, for what curl will not send) against the HTTP file server over loopback. */
class HttpFileServerTest {

    @TempDir
    static Path tmp;
    static Path root;
    static final RecordedEvents events = new RecordedEvents();
    static HttpFileServer server;
    static HttpFileServer listingServer;
    static String base;
    static String listingBase;
    static long size;

    @TempDir
    Path out;

    @BeforeAll
    static void serve() throws Exception {
        RequiredTools.require("curl", "mkfifo");
        root = Files.createDirectories(tmp.resolve("root"));
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        Files.writeString(outside.resolve("secret.txt"), "secret");
        TestFiles.random(root.resolve("spa504g.bin"), 5_000_011, 31);
        size = Files.size(root.resolve("spa504g.bin"));
        TestFiles.random(root.resolve("big.bin"), 64L << 20, 32);
        Files.writeString(root.resolve("SEP001122334455.cnf.xml"), "<device/>\n");
        Files.writeString(root.resolve("name with space & <tag>.txt"), "spaced\n");
        Files.createDirectories(root.resolve("sub"));
        Files.writeString(root.resolve("sub/term41.default.loads"), "loads\n");
        Files.createSymbolicLink(root.resolve("link-out"), outside.resolve("secret.txt"));
        Files.createSymbolicLink(root.resolve("link-dir-out"), outside);
        Files.createSymbolicLink(root.resolve("dev-null"), Paths.get("/dev/null"));
        Processes.run(10, List.of("mkfifo", root.resolve("fifo").toString()));
        ServedRoot served = new ServedRoot(root, LookupRules.exact().withIgnoreLeadingSlash(true));
        server = new HttpFileServer(served, HttpServerConfig.defaults().withBind(InetAddress.getLoopbackAddress(), 0)
                .withProgressInterval(Duration.ofMillis(100)), events);
        base = "http://127.0.0.1:" + server.start().getPort();
        listingServer = new HttpFileServer(served, HttpServerConfig.defaults()
                .withBind(InetAddress.getLoopbackAddress(), 0).withListing(true), e -> { });
        listingBase = "http://127.0.0.1:" + listingServer.start().getPort();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        if (listingServer != null) {
            listingServer.close();
        }
    }

    @BeforeEach
    void clear() {
        events.clear();
    }

    /** A response as curl saw it: status, headers (lower-case names), body file. */
    record Response(int status, Map<String, String> headers, Path body) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    private Response curl(String url, String... extra) throws Exception {
        Path body = out.resolve("body-" + System.nanoTime());
        Path head = out.resolve("head-" + System.nanoTime());
        List<String> cmd = new ArrayList<>(List.of("curl", "-sS", "--path-as-is", "-o", body.toString(), "-D",
                head.toString()));
        cmd.addAll(Arrays.asList(extra));
        cmd.add(url);
        Processes.Result r = Processes.run(120, cmd);
        assertEquals(0, r.exit(), r.toString());
        List<String> lines = Files.readAllLines(head);
        int status = Integer.parseInt(lines.get(0).split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (String l : lines.subList(1, lines.size())) {
            int colon = l.indexOf(':');
            if (colon > 0) {
                headers.put(l.substring(0, colon).toLowerCase(Locale.ROOT), l.substring(colon + 1).trim());
            }
        }
        if (Files.notExists(body)) {
            Files.createFile(body);
        }
        return new Response(status, headers, body);
    }

    /** Sends {@code request} as is and returns every byte the server sent until it closed. */
    private static byte[] raw(String base, byte[] request) throws Exception {
        int port = Integer.parseInt(base.substring(base.lastIndexOf(':') + 1));
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write(request);
            s.getOutputStream().flush();
            InputStream in = s.getInputStream();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            in.transferTo(all);
            return all.toByteArray();
        }
    }

    private static int rawStatus(String path) throws Exception {
        byte[] reply = raw(base, ("GET " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1));
        String text = new String(reply, StandardCharsets.ISO_8859_1);
        assertFalse(text.contains("secret"), path + " leaked: " + text);
        return Integer.parseInt(text.substring(9, 12));
    }

    @Test
    void getSendsTheWholeFileWithLengthLastModifiedAndRanges() throws Exception {
        Response r = curl(base + "/spa504g.bin");
        assertEquals(200, r.status());
        assertEquals(Long.toString(size), r.header("Content-Length"));
        assertEquals("bytes", r.header("Accept-Ranges"));
        assertEquals("application/octet-stream", r.header("Content-Type"));
        String expectedModified = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.ofInstant(
                Files.getLastModifiedTime(root.resolve("spa504g.bin")).toInstant(), ZoneOffset.UTC));
        assertEquals(expectedModified, r.header("Last-Modified"));
        assertEquals(TestFiles.sha256(root.resolve("spa504g.bin")), TestFiles.sha256(r.body()));
        TransferCompleted done = events.await(TransferCompleted.class, x -> true, 1, Duration.ofSeconds(5)).get(0);
        assertEquals(size, done.bytes());
        assertEquals("spa504g.bin", done.servedName());
    }

    @Test
    void headSendsTheHeadersOfGetAndNoBody() throws Exception {
        byte[] reply = raw(base, "HEAD /spa504g.bin HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                .getBytes(StandardCharsets.US_ASCII));
        String text = new String(reply, StandardCharsets.ISO_8859_1);
        assertTrue(text.startsWith("HTTP/1.1 200 OK\r\n"), text);
        assertTrue(text.contains("\r\ncontent-length: " + size + "\r\n"), text);
        assertTrue(text.contains("\r\nlast-modified: "), text);
        assertTrue(text.endsWith("\r\n\r\n"), "no body after the headers: " + text.length() + " bytes");
    }

    @Test
    void singleRangesGet206AndRangesOutsideTheFileGet416() throws Exception {
        byte[] file = Files.readAllBytes(root.resolve("spa504g.bin"));
        Response middle = curl(base + "/spa504g.bin", "-r", "100-199");
        assertEquals(206, middle.status());
        assertEquals("bytes 100-199/" + size, middle.header("Content-Range"));
        assertEquals("100", middle.header("Content-Length"));
        assertArrayEquals(Arrays.copyOfRange(file, 100, 200), Files.readAllBytes(middle.body()));

        Response tail = curl(base + "/spa504g.bin", "-r", "4999000-");
        assertEquals(206, tail.status());
        assertArrayEquals(Arrays.copyOfRange(file, 4_999_000, file.length), Files.readAllBytes(tail.body()));

        Response suffix = curl(base + "/spa504g.bin", "-r", "-500");
        assertEquals(206, suffix.status());
        assertEquals("bytes " + (size - 500) + "-" + (size - 1) + "/" + size, suffix.header("Content-Range"));
        assertArrayEquals(Arrays.copyOfRange(file, file.length - 500, file.length), Files.readAllBytes(suffix.body()));

        Response beyond = curl(base + "/spa504g.bin", "-r", size + "-");
        assertEquals(416, beyond.status());
        assertEquals("bytes */" + size, beyond.header("Content-Range"));
        assertEquals(RefusalReason.RANGE_NOT_SATISFIABLE,
                events.await(RequestRefused.class, x -> true, 1, Duration.ofSeconds(5)).get(0).reason());

        // several ranges: the whole file is a valid answer (RFC 9110 §14.2)
        Response several = curl(base + "/spa504g.bin", "-r", "0-1,5-6");
        assertEquals(200, several.status());
        assertEquals(size, Files.size(several.body()));

        // If-Range that does not match Last-Modified: the range is ignored
        Response stale = curl(base + "/spa504g.bin", "-r", "0-9", "-H", "If-Range: Mon, 01 Jan 2001 00:00:00 GMT");
        assertEquals(200, stale.status());
    }

    @Test
    void ifModifiedSinceGets304() throws Exception {
        Response first = curl(base + "/spa504g.bin", "-I");
        Response again = curl(base + "/spa504g.bin", "-H", "If-Modified-Since: " + first.header("Last-Modified"));
        assertEquals(304, again.status());
        assertEquals(0, Files.size(again.body()));
    }

    @Test
    void keepAliveServesSeveralRequestsOnOneConnection() throws Exception {
        Path a = out.resolve("a");
        Path b = out.resolve("b");
        Processes.Result r = Processes.run(60, List.of("curl", "-sS", "-w", "%{num_connects}\\n", "-o", a.toString(),
                base + "/spa504g.bin", "-o", b.toString(), base + "/SEP001122334455.cnf.xml"));
        assertEquals(List.of("1", "0"), r.out().lines().toList(), r.toString());
        assertEquals(TestFiles.sha256(root.resolve("spa504g.bin")), TestFiles.sha256(a));
        assertEquals("<device/>\n", Files.readString(b));
    }

    @Test
    void listingIsOffByDefaultAndEscapedWhenOn() throws Exception {
        assertEquals(404, curl(base + "/").status());
        assertEquals(404, curl(base + "/sub/").status());
        assertEquals(404, curl(base + "/sub").status());
        Response listing = curl(listingBase + "/");
        assertEquals(200, listing.status());
        String html = Files.readString(listing.body());
        assertTrue(html.contains("<a href=\"spa504g.bin\">spa504g.bin</a>"), html);
        assertTrue(html.contains("<a href=\"sub/\">sub/</a>"), html);
        assertTrue(html.contains("name with space &amp; &lt;tag&gt;.txt"), html);
        assertTrue(html.contains("href=\"name%20with%20space%20%26%20%3Ctag%3E.txt\""), html);
        Response sub = curl(listingBase + "/sub/");
        assertTrue(Files.readString(sub.body()).contains("term41.default.loads"));
        assertEquals(403, curl(listingBase + "/link-dir-out/").status());
        assertEquals("spaced\n", Files.readString(curl(base + "/name%20with%20space%20%26%20%3Ctag%3E.txt").body()));
    }

    @Test
    void onlyGetAndHeadAreServed() throws Exception {
        Response post = curl(base + "/spa504g.bin", "-X", "POST", "--data", "x");
        assertEquals(405, post.status());
        assertEquals("GET, HEAD", post.header("Allow"));
        assertEquals(405, curl(base + "/upload.bin", "-X", "PUT", "--data", "x").status());
        assertTrue(Files.notExists(root.resolve("upload.bin")));
    }

    @Test
    void aMissingFileIsLoggedWithTheClosestName() throws Exception {
        assertEquals(404, curl(base + "/spa504G.bin").status());
        RequestRefused r = events.await(RequestRefused.class, x -> true, 1, Duration.ofSeconds(5)).get(0);
        assertEquals(RefusalReason.NOT_FOUND, r.reason());
        assertEquals("spa504g.bin", r.closestName());
        assertEquals("/spa504G.bin", r.requestedName());
    }

    /** Every way out of the root, plain and percent-encoded: never a 200, never a byte of the secret. */
    @Test
    void traversalBatteryIncludingUrlEncodingNeverEscapes() throws Exception {
        List<String> battery = List.of("/../outside/secret.txt", "/../../../../etc/passwd", "/%2e%2e/outside/secret.txt",
                "/%2E%2E/%2E%2E/etc/passwd", "/%2e%2e%2foutside%2fsecret.txt", "/..%2foutside%2fsecret.txt",
                "/..%5coutside%5csecret.txt", "/..\\outside\\secret.txt", "/sub/..%2f..%2foutside/secret.txt",
                "/%252e%252e/outside/secret.txt", "/%c0%ae%c0%ae/outside/secret.txt", "/.%2e/outside/secret.txt",
                "//etc/passwd", "/%2fetc%2fpasswd", "/" + tmp.resolve("outside/secret.txt"),
                "/spa504g.bin%00.txt", "/%00", "/link-out", "/link-dir-out/secret.txt", "/dev-null", "/fifo",
                "/sub/%2e%2e/%2e%2e/outside/secret.txt", "/C:%5cWindows%5cwin.ini", "/%ZZ", "/%",
                "http://127.0.0.1/../outside/secret.txt", "/" + "a".repeat(3000));
        for (String path : battery) {
            int status = rawStatus(path);
            assertTrue(status == 400 || status == 403 || status == 404, path + " gave " + status);
        }
        // what a proxy-style absolute target names is looked up like any path
        assertEquals(200, rawStatus("http://127.0.0.1/spa504g.bin"));
        // far too long for the request line: refused before any lookup
        int longStatus = rawStatus("/" + "b".repeat(10_000));
        assertTrue(longStatus == 400 || longStatus == 414, "long line: " + longStatus);
        assertNotEquals(0, events.of(RequestRefused.class).size());
    }

    @Test
    void fiftyConcurrentDownloadsAreAllIdentical() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(50);
        try {
            List<Future<Response>> all = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                all.add(pool.submit(() -> curl(base + "/spa504g.bin")));
            }
            String expected = TestFiles.sha256(root.resolve("spa504g.bin"));
            for (Future<Response> f : all) {
                assertEquals(expected, TestFiles.sha256(f.get().body()));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** 64 MB through sendfile: the heap does not hold the file. */
    @Test
    void largeFilesAreSentWithoutPassingThroughTheHeap() throws Exception {
        Runtime rt = Runtime.getRuntime();
        System.gc();
        long before = rt.totalMemory() - rt.freeMemory();
        Response r = curl(base + "/big.bin", "--limit-rate", "200M");
        assertEquals(TestFiles.sha256(root.resolve("big.bin")), TestFiles.sha256(r.body()));
        System.gc();
        long after = rt.totalMemory() - rt.freeMemory();
        assertTrue(after - before < 32L << 20, "heap grew by " + (after - before));
        TransferRequested req = events.await(TransferRequested.class, x -> true, 1, Duration.ofSeconds(5)).get(0);
        assertEquals(64L << 20, req.size());
    }

    @Test
    void theServerSaysWhenItsPortIsTaken() throws Exception {
        int port = server.localAddress().getPort();
        HttpFileServer second = new HttpFileServer(new ServedRoot(root, LookupRules.exact()),
                HttpServerConfig.defaults().withBind(InetAddress.getLoopbackAddress(), port), e -> { });
        org.phonerescue.servers.ServerStartException e = org.junit.jupiter.api.Assertions.assertThrows(
                org.phonerescue.servers.ServerStartException.class, second::start);
        assertTrue(e.getMessage().startsWith("HTTP cannot listen on TCP port " + port + " on 127.0.0.1: another program"
                + " holds it. Find it with 'sudo ss -tlpn sport = :" + port + "'"), e.getMessage());
        assertTrue(server.localAddress() instanceof InetSocketAddress);
    }
}
