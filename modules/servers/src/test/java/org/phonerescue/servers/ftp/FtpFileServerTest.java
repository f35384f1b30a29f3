package org.phonerescue.servers.ftp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
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

/** curl (passive FTP) and a raw control connection against the read-only FTP server over loopback. */
class FtpFileServerTest {

    @TempDir
    static Path tmp;
    static Path root;
    static final RecordedEvents events = new RecordedEvents();
    static FtpFileServer anonymous;
    static FtpFileServer withUser;
    static String base;
    static String userBase;

    @TempDir
    Path out;

    @BeforeAll
    static void serve() throws Exception {
        RequiredTools.require("curl");
        root = Files.createDirectories(tmp.resolve("root"));
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        Files.writeString(outside.resolve("secret.txt"), "secret");
        TestFiles.random(root.resolve("snomD785-10.1.33.33-r.bin"), 3_000_017, 41);
        Files.createDirectories(root.resolve("ftp"));
        Files.writeString(root.resolve("ftp/readme.txt"), "hello\n");
        Files.createSymbolicLink(root.resolve("link-out"), outside.resolve("secret.txt"));
        Files.createSymbolicLink(root.resolve("link-dir-out"), outside);
        ServedRoot served = new ServedRoot(root, LookupRules.exact().withIgnoreLeadingSlash(true).withCaseInsensitive(true)
                .withAliases(Map.of("snomD785.bin", "snomD785-10.1.33.33-r.bin")));
        anonymous = new FtpFileServer(served, FtpServerConfig.defaults().withBind(InetAddress.getLoopbackAddress(), 0),
                events);
        base = "ftp://127.0.0.1:" + anonymous.start().getPort();
        withUser = new FtpFileServer(served, FtpServerConfig.defaults().withBind(InetAddress.getLoopbackAddress(), 0)
                .withUser("engineer", "s3cret"), e -> { });
        userBase = "ftp://127.0.0.1:" + withUser.start().getPort();
    }

    @AfterAll
    static void stop() {
        if (anonymous != null) {
            anonymous.close();
        }
        if (withUser != null) {
            withUser.close();
        }
    }

    @BeforeEach
    void clear() {
        events.clear();
    }

    private Processes.Result curl(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("curl", "-sS", "--path-as-is"));
        cmd.addAll(Arrays.asList(args));
        return Processes.run(60, cmd);
    }

    @Test
    void anonymousPassiveDownloadIsExactAndReported() throws Exception {
        Path got = out.resolve("got.bin");
        Processes.Result r = curl("-o", got.toString(), base + "/snomD785-10.1.33.33-r.bin");
        assertEquals(0, r.exit(), r.toString());
        assertEquals(TestFiles.sha256(root.resolve("snomD785-10.1.33.33-r.bin")), TestFiles.sha256(got));
        TransferCompleted done = events.await(TransferCompleted.class, x -> true, 1, Duration.ofSeconds(5)).get(0);
        assertEquals(3_000_017, done.bytes());
        assertEquals("snomD785-10.1.33.33-r.bin", done.servedName());
    }

    @Test
    void aliasesCaseAndResumedDownloadsFollowTheServingRules() throws Exception {
        Path got = out.resolve("alias.bin");
        assertEquals(0, curl("-o", got.toString(), base + "/SNOMD785.BIN").exit());
        assertEquals(TestFiles.sha256(root.resolve("snomD785-10.1.33.33-r.bin")), TestFiles.sha256(got));
        Path part = out.resolve("part.bin");
        assertEquals(0, curl("-C", "2999000", "-o", part.toString(), base + "/snomD785.bin").exit());
        byte[] all = Files.readAllBytes(root.resolve("snomD785-10.1.33.33-r.bin"));
        assertArrayEquals(Arrays.copyOfRange(all, 2_999_000, all.length), Files.readAllBytes(part));
        TransferRequested resumed = events.await(TransferRequested.class, x -> !x.options().isEmpty(), 1,
                Duration.ofSeconds(5)).get(0);
        assertEquals("2999000", resumed.options().get("offset"));
    }

    @Test
    void listingShowsOnlyWhatTheRootServes() throws Exception {
        Processes.Result list = curl(base + "/");
        assertEquals(0, list.exit(), list.toString());
        assertTrue(list.out().contains("snomD785-10.1.33.33-r.bin"), list.out());
        assertTrue(list.out().contains("ftp"), list.out());
        assertFalse(list.out().contains("link-out"), "a link out of the root is not listed: " + list.out());
        assertFalse(list.out().contains("link-dir-out"), list.out());
        Processes.Result sub = curl(base + "/ftp/");
        assertTrue(sub.out().contains("readme.txt"), sub.out());
    }

    @Test
    void nothingCanBeWritten() throws Exception {
        Path local = Files.writeString(out.resolve("up.txt"), "upload");
        Processes.Result put = curl("-T", local.toString(), base + "/up.txt");
        assertTrue(put.exit() != 0, put.toString());
        Processes.Result mkdir = curl("--ftp-create-dirs", "-T", local.toString(), base + "/newdir/up.txt");
        assertTrue(mkdir.exit() != 0, mkdir.toString());
        Processes.Result delete = curl("-Q", "DELE snomD785.bin", base + "/");
        assertTrue(delete.exit() != 0, delete.toString());
        assertTrue(Files.notExists(root.resolve("up.txt")) && Files.notExists(root.resolve("newdir")));
        assertTrue(Files.exists(root.resolve("snomD785-10.1.33.33-r.bin")));
        assertTrue(events.of(RequestRefused.class).stream().anyMatch(e -> e.reason() == RefusalReason.WRITE_REFUSED));
    }

    @Test
    void aMissingFileNamesTheClosestOne() throws Exception {
        Processes.Result r = curl("-o", out.resolve("x").toString(), base + "/snomD785-10.1.33.34-r.bin");
        assertTrue(r.exit() != 0, r.toString());
        RequestRefused refused = events.await(RequestRefused.class, x -> true, 1, Duration.ofSeconds(5)).get(0);
        assertEquals(RefusalReason.NOT_FOUND, refused.reason());
        assertEquals("snomD785-10.1.33.33-r.bin", refused.closestName());
    }

    @Test
    void traversalNeverEscapes() throws Exception {
        for (String path : List.of("/../outside/secret.txt", "/../../../../etc/passwd", "/%2e%2e/outside/secret.txt",
                "/link-out", "/link-dir-out/secret.txt", "/ftp/../../outside/secret.txt", "/..%2Foutside%2Fsecret.txt",
                "/" + tmp.resolve("outside/secret.txt"))) {
            Path got = out.resolve("t" + System.nanoTime());
            Processes.Result r = curl("-o", got.toString(), base + path);
            assertTrue(r.exit() != 0 || !Files.readString(got).contains("secret"), path + ": " + r);
        }
        // the same through a raw control connection: CWD above the root stays at the root
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), Integer.parseInt(base.substring(base.lastIndexOf(':') + 1)));
             BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
             PrintWriter w = new PrintWriter(s.getOutputStream(), true, StandardCharsets.US_ASCII)) {
            in.readLine();
            w.print("USER anonymous\r\n");
            w.flush();
            in.readLine();
            w.print("PASS guest@\r\n");
            w.flush();
            assertTrue(in.readLine().startsWith("230"));
            w.print("CWD ../../..\r\n");
            w.flush();
            in.readLine();
            w.print("PWD\r\n");
            w.flush();
            assertTrue(in.readLine().startsWith("257 \"/\""));
            w.print("SIZE ../outside/secret.txt\r\n");
            w.flush();
            assertTrue(in.readLine().startsWith("550"));
            w.print("PORT 127,0,0,1,200,10\r\n");
            w.flush();
            String port = in.readLine();
            assertFalse(port.startsWith("200"), "active mode is off: " + port);
        }
    }

    @Test
    void oneAccountWhenConfigured() throws Exception {
        Path got = out.resolve("user.bin");
        assertEquals(0, curl("-u", "engineer:s3cret", "-o", got.toString(), userBase + "/ftp/readme.txt").exit());
        assertEquals("hello\n", Files.readString(got));
        Processes.Result wrong = curl("-u", "engineer:wrong", "-o", out.resolve("w").toString(), userBase + "/ftp/readme.txt");
        assertTrue(wrong.exit() != 0, wrong.toString());
        Processes.Result anon = curl("-o", out.resolve("a").toString(), userBase + "/ftp/readme.txt");
        assertTrue(anon.exit() != 0, "no anonymous login when an account is configured: " + anon);
    }

    @Test
    void aTakenPortIsReportedWithTheFix() {
        int port = anonymous.localAddress().getPort();
        FtpFileServer second = new FtpFileServer(anonymous.toString().isEmpty() ? null : rootOf(),
                FtpServerConfig.defaults().withBind(InetAddress.getLoopbackAddress(), port), e -> { });
        org.phonerescue.servers.ServerStartException e = org.junit.jupiter.api.Assertions.assertThrows(
                org.phonerescue.servers.ServerStartException.class, second::start);
        assertTrue(e.getMessage().startsWith("FTP cannot listen on TCP port " + port + " on 127.0.0.1: another program"),
                e.getMessage());
    }

    private static ServedRoot rootOf() {
        try {
            return new ServedRoot(Paths.get(root.toString()), LookupRules.exact());
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
