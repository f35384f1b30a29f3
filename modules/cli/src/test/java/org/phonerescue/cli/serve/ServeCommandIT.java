package org.phonerescue.cli.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code phonerescue serve} from the built jar over loopback: what it serves and what it says. */
class ServeCommandIT {

    @TempDir
    Path dir;

    private Path root() throws Exception {
        Path root = Files.createDirectories(dir.resolve("root"));
        TestFiles.random(root.resolve("spa71f6.bin"), 700_001, 1);
        Files.writeString(root.resolve("SEP001122334455.cnf.xml"), "<device/>\n");
        return root;
    }

    @Test
    void servesOverLoopbackAndLogsEveryRequestTransferAndRefusal() throws Exception {
        Requirements.commands("tftp", "curl");
        Path root = root();
        Path got = dir.resolve("got.bin");
        Path got2 = dir.resolve("got2.xml");
        try (ServeProcess serve = ServeProcess.start(List.of(), "--root", root.toString(), "--tftp=0",
                "--bind", "127.0.0.1", "--ignore-case", "--alias", "SEPDEFAULT.cnf.xml=SEP001122334455.cnf.xml")) {
            int port = serve.awaitReady("tftp");
            Run tftp = Run.of(60, List.of("tftp", "-m", "binary", "127.0.0.1", Integer.toString(port), "-c", "get",
                    "/spa71f6.bin", got.toString()));
            assertTrue(tftp.ok() && tftp.out().isEmpty(), tftp.toString());
            Run curl = Run.of(60, List.of("curl", "-sS", "--fail", "-o", got2.toString(),
                    "tftp://127.0.0.1:" + port + "/sepdefault.CNF.xml"));
            assertTrue(curl.ok(), curl.toString());
            Run missing = Run.of(60, List.of("tftp", "-m", "binary", "127.0.0.1", Integer.toString(port), "-c", "get",
                    "/spa71f7.bin", dir.resolve("missing").toString()));
            assertTrue(missing.out().contains("File not found"), missing.toString());

            assertNotNull(serve.await(l -> l.matches("\\S+Z tftp 127\\.0\\.0\\.1:\\d+ read \"/spa71f6\\.bin\" -> \"spa71f6\\.bin\", "
                    + "700001 bytes \\[#1\\]"), 10), serve.lines().toString());
            assertNotNull(serve.await(l -> l.matches("\\S+Z tftp 127\\.0\\.0\\.1:\\d+ \\[#1\\] done: \"spa71f6\\.bin\", 700001 bytes in .*"), 10),
                    serve.lines().toString());
            assertNotNull(serve.await(l -> l.contains(" read \"sepdefault.CNF.xml\" -> \"SEP001122334455.cnf.xml\"")
                    && l.contains("options blksize=512 timeout=6 tsize=10"), 10), serve.lines().toString());
            assertNotNull(serve.await(l -> l.endsWith(" refused \"/spa71f7.bin\": file not found (does not exist);"
                    + " closest existing name: \"spa71f6.bin\""), 10), serve.lines().toString());
            assertTrue(serve.lines().get(0).endsWith(" tftp serving " + root.toRealPath() + " on udp 127.0.0.1:" + port
                    + ", read-only, leading slash ignored, case ignored, 1 aliases"), serve.lines().get(0));
        }
        assertEquals(TestFiles.sha256(root.resolve("spa71f6.bin")), TestFiles.sha256(got));
        assertEquals(Files.readString(root.resolve("SEP001122334455.cnf.xml")), Files.readString(got2));
    }

    @Test
    void servesHttpBesideTftpWithRangesAndLogsIt() throws Exception {
        Requirements.commands("curl");
        Path root = root();
        Path got = dir.resolve("got.bin");
        Path part = dir.resolve("part.bin");
        try (ServeProcess serve = ServeProcess.start(List.of(), "--root", root.toString(), "--tftp=0", "--http=0",
                "--bind", "127.0.0.1")) {
            serve.awaitReady("tftp");
            int port = serve.awaitReady("http");
            Run get = Run.of(60, List.of("curl", "-sS", "--fail", "-o", got.toString(),
                    "http://127.0.0.1:" + port + "/spa71f6.bin"));
            assertTrue(get.ok(), get.toString());
            Run range = Run.of(60, List.of("curl", "-sS", "--fail", "-r", "1000-1999", "-o", part.toString(),
                    "http://127.0.0.1:" + port + "/spa71f6.bin"));
            assertTrue(range.ok(), range.toString());
            Run listing = Run.of(60, List.of("curl", "-sS", "-o", "/dev/null", "-w", "%{http_code}",
                    "http://127.0.0.1:" + port + "/"));
            assertEquals("404", listing.out());
            assertNotNull(serve.await(l -> l.matches("\\S+Z http 127\\.0\\.0\\.1:\\d+ \\[#1\\] done: \"spa71f6\\.bin\", 700001 bytes in .*"), 10),
                    serve.lines().toString());
            assertNotNull(serve.await(l -> l.contains(" http 127.0.0.1:") && l.contains(" read \"/spa71f6.bin\" -> \"spa71f6.bin\", 1000 bytes, options range=1000-1999 [#2]"), 10),
                    serve.lines().toString());
            assertNotNull(serve.await(l -> l.endsWith(" refused \"/\": folder listing is off"), 10),
                    serve.lines().toString());
        }
        assertEquals(TestFiles.sha256(root.resolve("spa71f6.bin")), TestFiles.sha256(got));
        byte[] all = Files.readAllBytes(root.resolve("spa71f6.bin"));
        org.junit.jupiter.api.Assertions.assertArrayEquals(java.util.Arrays.copyOfRange(all, 1000, 2000),
                Files.readAllBytes(part));
    }

    @Test
    void servesFtpReadOnlyWithAnAccountFromAPasswordFile() throws Exception {
        Requirements.commands("curl");
        Path root = root();
        Path secret = Files.writeString(dir.resolve("ftp-password"), "s3cret\n");
        Path got = dir.resolve("ftp.bin");
        try (ServeProcess serve = ServeProcess.start(List.of(), "--root", root.toString(), "--ftp=0", "--bind",
                "127.0.0.1", "--ftp-user", "engineer", "--ftp-password-file", secret.toString())) {
            int port = serve.awaitReady("ftp");
            assertTrue(serve.lines().get(0).endsWith(", read-only, passive only, user engineer"), serve.lines().get(0));
            Run get = Run.of(60, List.of("curl", "-sS", "--fail", "-u", "engineer:s3cret", "-o", got.toString(),
                    "ftp://127.0.0.1:" + port + "/spa71f6.bin"));
            assertTrue(get.ok(), get.toString());
            Run put = Run.of(60, List.of("curl", "-sS", "-u", "engineer:s3cret", "-T", secret.toString(),
                    "ftp://127.0.0.1:" + port + "/uploaded"));
            assertTrue(!put.ok() && Files.notExists(root.resolve("uploaded")), put.toString());
            assertNotNull(serve.await(l -> l.contains(" ftp 127.0.0.1:") && l.contains(" done: \"spa71f6.bin\", 700001 bytes"),
                    10), serve.lines().toString());
            assertNotNull(serve.await(l -> l.contains(" refused \"uploaded\": STOR refused: this server is read-only"), 10),
                    serve.lines().toString());
        }
        assertEquals(TestFiles.sha256(root.resolve("spa71f6.bin")), TestFiles.sha256(got));
    }

    @Test
    void aPortHeldByAnotherProgramIsNamedWithTheFix() throws Exception {
        Path root = root();
        try (DatagramSocket holder = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            int port = holder.getLocalPort();
            try (ServeProcess serve = ServeProcess.start(List.of(), "--root", root.toString(), "--tftp=" + port,
                    "--bind", "127.0.0.1")) {
                assertEquals(4, serve.awaitExit(30));
                assertEquals("phonerescue serve: TFTP cannot listen on UDP port " + port + " on 127.0.0.1: another"
                        + " program holds it. Find it with 'sudo ss -ulpn sport = :" + port + "' and stop it"
                        + " (e.g. 'sudo systemctl stop tftpd-hpa'), or choose another port.\n", serve.stderr());
            }
        }
    }

    @Test
    void dhcpOptionsShowsTheBytesOnTheWireAndReadsBackAReversedDword() throws Exception {
        List<String> jar = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", ServeProcess.JAR.toAbsolutePath().toString(), "dhcp-options");
        List<String> cmd = new java.util.ArrayList<>(jar);
        cmd.addAll(List.of("--tftp-server-address", "192.168.1.1", "--bootfile", "SEP001122334455.cnf.xml"));
        Run r = Run.of(30, cmd);
        assertEquals(0, r.exit(), r.toString());
        assertEquals("option  67 bootfile name          43 17 53 45 50 30 30 31 31 32 32 33 33 34 34 35 35 2e 63 6e 66 2e 78 6d 6c"
                + " -> \"SEP001122334455.cnf.xml\"\n"
                + "option 150 TFTP server address    96 04 c0 a8 01 01 -> 192.168.1.1\n", r.out());
        List<String> dword = new java.util.ArrayList<>(jar);
        dword.addAll(List.of("--dhcp-option150-dword", "0x0101A8C0"));
        Run reversed = Run.of(30, dword);
        assertEquals(0, reversed.exit(), reversed.toString());
        assertTrue(reversed.out().startsWith("option 150 TFTP server address    96 04 c0 a8 01 01 -> 192.168.1.1\n"
                + "warning: read as a reversed DWORD: 192.168.1.1"), reversed.out());
        List<String> dropped = new java.util.ArrayList<>(jar);
        dropped.addAll(List.of("--dhcp-option150-dword", "0x69AA8C0"));
        Run bad = Run.of(30, dropped);
        assertEquals(2, bad.exit(), bad.toString());
        assertTrue(bad.err().contains("has 7 hex digits, not 8"), bad.err());
    }

    @Test
    void wrongUsageAndAMissingRootAreRefusedClearly() throws Exception {
        try (ServeProcess noServer = ServeProcess.start(List.of(), "--root", dir.toString())) {
            assertEquals(2, noServer.awaitExit(30));
            assertTrue(noServer.stderr().startsWith("name at least one server, e.g. --tftp or --http\n"),
                    noServer.stderr());
        }
        try (ServeProcess missing = ServeProcess.start(List.of(), "--root", dir.resolve("nowhere").toString(), "--tftp=0")) {
            assertEquals(3, missing.awaitExit(30));
            assertEquals("phonerescue: " + dir.resolve("nowhere") + ": no such folder\n", missing.stderr());
        }
        try (ServeProcess badRollover = ServeProcess.start(List.of(), "--root", dir.toString(), "--tftp=0", "--rollover=2")) {
            assertEquals(2, badRollover.awaitExit(30));
        }
    }
}
