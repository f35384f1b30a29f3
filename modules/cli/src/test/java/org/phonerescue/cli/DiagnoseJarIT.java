package org.phonerescue.cli;

import static org.phonerescue.cli.PhoneRescueJar.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.phonerescue.cli.JsonReader.list;
import static org.phonerescue.cli.JsonReader.object;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.phonerescue.core.pcap.CapturedPacket;
import org.phonerescue.core.pcap.LinkType;
import org.phonerescue.core.pcap.PcapWriter;

/**
 * {@code phonerescue diagnose} run from the built jar: the verdict and JSON form on a capture laid
 * out here frame by frame, and transfers of the corpus against the files tshark exports.
 */
class DiagnoseJarIT {

    private static final Path SHARED = Paths.get(System.getProperty("shared.captures.dir", "../../../shared/captures"));

    @TempDir
    Path dir;

    /** Runs a Wireshark tool (tshark) with a throw-away configuration. */
    static void tshark(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("tshark"));
        cmd.addAll(List.of(args));
        Path home = Files.createTempDirectory("tshark-home");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        pb.environment().put("HOME", home.toString());
        pb.environment().put("XDG_CONFIG_HOME", home.toString());
        Process p = pb.start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), "tshark " + String.join(" ", args));
    }

    // ---- a capture laid out here: Ethernet II, IPv4 (RFC 791, checksummed), UDP (RFC 768, checksum 0) ----

    static final byte[] PHONE_MAC = {0x00, 0x0e, 0x08, (byte) 0xde, (byte) 0xad, 0x01};
    static final byte[] SERVER_MAC = {0x00, 0x1b, 0x21, (byte) 0xaa, (byte) 0xbb, (byte) 0xcc};
    static final byte[] PHONE_IP = {(byte) 192, (byte) 168, 1, 50};
    static final byte[] SERVER_IP = {(byte) 192, (byte) 168, 1, 10};

    static byte[] udp(byte[] srcMac, byte[] dstMac, byte[] srcIp, byte[] dstIp, int sport, int dport,
                              byte[] payload) {
        ByteBuffer f = ByteBuffer.allocate(14 + 20 + 8 + payload.length);
        f.put(dstMac).put(srcMac).putShort((short) 0x0800);
        f.put((byte) 0x45).put((byte) 0).putShort((short) (28 + payload.length)).putShort((short) 1).putShort((short) 0)
                .put((byte) 64).put((byte) 17).putShort((short) 0).put(srcIp).put(dstIp);
        int sum = 0;
        for (int i = 14; i < 34; i += 2) {
            sum += ((f.get(i) & 0xFF) << 8) | (f.get(i + 1) & 0xFF);
        }
        sum = (sum & 0xFFFF) + (sum >>> 16);
        f.putShort(24, (short) ~sum);
        f.putShort((short) sport).putShort((short) dport).putShort((short) (8 + payload.length)).putShort((short) 0)
                .put(payload);
        return f.array();
    }

    /** TFTP (RFC 1350 §5): a two-byte opcode, then NUL-terminated strings or a block number. */
    static byte[] tftp(int opcode, Object... parts) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(0);
        b.write(opcode);
        for (Object part : parts) {
            if (part instanceof String s) {
                b.writeBytes(s.getBytes(StandardCharsets.US_ASCII));
                b.write(0);
            } else {
                int n = (Integer) part;
                b.write(n >>> 8);
                b.write(n);
            }
        }
        return b.toByteArray();
    }

    private Path refusedAndUnanswered() throws IOException {
        Path file = dir.resolve("refused.pcap");
        byte[][] frames = {
            udp(PHONE_MAC, SERVER_MAC, PHONE_IP, SERVER_IP, 50000, 69, tftp(1, "/spa71f6.bin", "octet")),
            udp(SERVER_MAC, PHONE_MAC, SERVER_IP, PHONE_IP, 40000, 50000, tftp(5, 1, "File not found")),
        };
        try (PcapWriter w = PcapWriter.create(file, LinkType.ETHERNET)) {
            for (int i = 0; i < frames.length; i++) {
                w.write(new CapturedPacket(i + 1, 1_700_000_000L + i, 0, frames[i].length, LinkType.ETHERNET, 0, frames[i],
                        null, 0));
            }
        }
        return file;
    }

    @Test
    void aRefusedFileIsThePhonesVerdictInTextAndJson() throws Exception {
        Path capture = refusedAndUnanswered();
        PhoneRescueJar.Run text = run("diagnose", capture.toString());
        assertEquals(0, text.exit(), text.err());
        assertTrue(text.out().contains("Phone 00:0e:08:de:ad:01 (Cisco-Linksys, LLC)  192.168.1.50\n"), text.out());
        assertTrue(text.out().contains("  Verdict: tftp-file-not-found — TFTP server does not have the requested file\n"),
                text.out());
        assertTrue(text.out().contains("     Evidence: frames 1, 2\n"), text.out());
        assertTrue(text.out().contains("  Attempt 1: download 1-2 → failed\n"), text.out());

        PhoneRescueJar.Run json = run("diagnose", "--json", capture.toString());
        assertEquals(0, json.exit(), json.err());
        Map<String, Object> doc = object(JsonReader.parse(json.out()));
        assertEquals(1L, doc.get("format"));
        assertEquals(2L, doc.get("packets"));
        Map<String, Object> phone = list(doc.get("devices")).stream().map(JsonReader::object)
                .filter(d -> "00:0e:08:de:ad:01".equals(d.get("mac"))).findFirst().orElseThrow();
        assertEquals(List.of("192.168.1.50"), phone.get("ips"));
        assertEquals("Cisco-Linksys, LLC", phone.get("vendor"));
        assertEquals("phone", phone.get("role"));
        assertEquals("tftp-file-not-found", phone.get("verdict"));
        Map<String, Object> finding = object(list(phone.get("findings")).get(0));
        assertEquals("tftp-file-not-found", finding.get("rule"));
        assertEquals("error", finding.get("severity"));
        assertEquals(List.of(1L, 2L), finding.get("evidence"));
        assertTrue(((String) finding.get("explanation")).contains("'/spa71f6.bin'"));
        assertTrue(((String) finding.get("remedy")).contains("spa71f6.bin"));
        Map<String, Object> transfer = object(list(phone.get("transfers")).get(0));
        assertEquals("/spa71f6.bin", transfer.get("file"));
        assertEquals("error", transfer.get("outcome"));
        assertEquals(0L, transfer.get("bytes"));
        assertEquals(Map.of("first", 1L, "last", 2L), transfer.get("frames"));
        assertEquals(1L, object(transfer.get("error")).get("code"));
        Map<String, Object> attempt = object(list(phone.get("attempts")).get(0));
        assertEquals("failed", attempt.get("outcome"));
        Map<String, Object> download = object(list(attempt.get("phases")).get(0));
        assertEquals("download", download.get("kind"));
        assertEquals(List.of(1L, 2L), List.of(download.get("first_frame"), download.get("last_frame")));
        assertEquals(2L, phone.get("timeline_events"));
        assertEquals("tftp-request", object(list(phone.get("timeline")).get(0)).get("kind"));
        Map<String, Object> server = list(doc.get("devices")).stream().map(JsonReader::object)
                .filter(d -> "00:1b:21:aa:bb:cc".equals(d.get("mac"))).findFirst().orElseThrow();
        assertEquals("server", server.get("role"));
        assertEquals(null, server.get("verdict"));
        assertEquals(List.of(), server.get("findings"));
    }

    @Test
    void theMarkdownReportIsAnonymizedUnlessAskedNotTo() throws Exception {
        Path capture = refusedAndUnanswered();
        Path md = dir.resolve("report.md");
        PhoneRescueJar.Run r = run("diagnose", "--report", md.toString(), capture.toString());
        assertEquals(0, r.exit(), r.err());
        String report = Files.readString(md, StandardCharsets.UTF_8);
        assertTrue(report.startsWith("# Phone recovery report\n"), report);
        assertTrue(report.contains("tftp-file-not-found") && report.contains("**What to do:**"), report);
        assertTrue(report.contains("## Phone 00:0e:08:00:00:01 (Cisco-Linksys, LLC)"), report);
        for (String secret : List.of("de:ad:01", "aa:bb:cc", "192.168.1.", "refused.pcap")) {
            assertFalse(report.contains(secret), secret + " in\n" + report);
        }
        PhoneRescueJar.Run plain = run("diagnose", "--no-anonymize", "--report", md.toString(), capture.toString());
        assertEquals(0, plain.exit(), plain.err());
        String clear = Files.readString(md, StandardCharsets.UTF_8);
        assertTrue(clear.contains("## Phone 00:0e:08:de:ad:01") && clear.contains("192.168.1.50"), clear);
    }

    @Test
    void corpusTransfersMatchTheFilesTsharkExports() throws Exception {
        for (String name : List.of("tcpdump_tftp.pcap", "spicy-tftp_tftp_rrq.pcap", "spicy-tftp_tftp_wrq.pcap")) {
            Path capture = SHARED.resolve("tftp").resolve(name);
            Path theirs = Files.createDirectories(dir.resolve("tshark-" + name));
            tshark("-r", capture.toString(), "-q", "--export-objects", "tftp," + theirs);
            Path exported;
            try (Stream<Path> s = Files.list(theirs)) {
                exported = s.findFirst().orElseThrow();
            }
            byte[] expected = Files.readAllBytes(exported);
            Path ours = dir.resolve("ours-" + name);
            PhoneRescueJar.Run r = run("diagnose", "--json", "--extract", ours.toString(), capture.toString());
            assertEquals(0, r.exit(), r.err());
            Map<String, Object> transfer = object(list(object(JsonReader.parse(r.out())).get("transfers")).get(0));
            assertEquals("complete", transfer.get("outcome"), name);
            assertEquals((long) expected.length, transfer.get("bytes"), name);
            assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(expected)),
                    transfer.get("sha256"), name);
            Path saved = ours.resolve(transfer.get("request_frame") + "-" + exported.getFileName());
            assertArrayEquals(expected, Files.readAllBytes(saved), name);
        }
    }

    @Test
    void httpAndFtpTransfersAreListedAndSavedAsTsharkExportsThem() throws Exception {
        for (String[] c : List.of(new String[] {"http", "zeek_concurrent-range-requests-complete.pcap", "http"},
                new String[] {"ftp", "suricata_ftp-download-passive.pcap", "ftp-data"})) {
            Path capture = SHARED.resolve("other").resolve(c[0]).resolve(c[1]);
            Path theirs = Files.createDirectories(dir.resolve("tshark-" + c[1]));
            tshark("-r", capture.toString(), "-q", "--export-objects", c[2] + "," + theirs);
            List<String> expected = new ArrayList<>();
            try (Stream<Path> s = Files.list(theirs)) {
                for (Path f : s.toList()) {
                    expected.add(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(f))));
                }
            }
            Path ours = dir.resolve("ours-" + c[1]);
            PhoneRescueJar.Run r = run("diagnose", "--json", "--extract", ours.toString(), capture.toString());
            assertEquals(0, r.exit(), r.err());
            List<String> listed = new ArrayList<>();
            List<String> saved = new ArrayList<>();
            for (Object o : list(object(JsonReader.parse(r.out())).get("transfers"))) {
                Map<String, Object> transfer = object(o);
                assertEquals(c[0], transfer.get("protocol"), c[1]);
                assertEquals("complete", transfer.get("outcome"), c[1]);
                assertTrue(transfer.containsKey(c[0]), "the " + c[0] + " members");
                listed.add((String) transfer.get("sha256"));
            }
            try (Stream<Path> s = Files.list(ours)) {
                for (Path f : s.toList()) {
                    saved.add(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(f))));
                }
            }
            expected.sort(null);
            listed.sort(null);
            saved.sort(null);
            assertEquals(expected, listed, c[1]);
            assertEquals(expected, saved, c[1]);
        }
    }

    @Test
    void missingAndDamagedCapturesAndHelp() throws Exception {
        PhoneRescueJar.Run missing = run("diagnose", dir.resolve("nowhere.pcap").toString());
        assertEquals(3, missing.exit());
        assertEquals("phonerescue: " + dir.resolve("nowhere.pcap") + ": no such file\n", missing.err());

        Path damaged = SHARED.resolve("malformed/suricata_tls_DER-incomplete-header.pcap");
        PhoneRescueJar.Run partial = run("diagnose", "--json", damaged.toString());
        assertEquals(1, partial.exit(), partial.err());
        Map<String, Object> doc = object(JsonReader.parse(partial.out()));
        assertEquals(Boolean.TRUE, doc.get("damaged"));
        assertEquals(6L, doc.get("packets"), "tshark lists 6 frames before the damage");
        assertTrue(partial.err().contains("reading stopped at byte offset"), partial.err());
        assertFalse(partial.err().contains("Exception"), partial.err());

        PhoneRescueJar.Run help = run("--help");
        assertTrue(help.out().contains("diagnose"), help.out());
    }
}
