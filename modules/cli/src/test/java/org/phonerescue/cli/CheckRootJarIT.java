package org.phonerescue.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.phonerescue.core.pcap.CapturedPacket;
import org.phonerescue.core.pcap.LinkType;
import org.phonerescue.core.pcap.PcapWriter;

/** {@code phonerescue check-root} from the built jar on folders laid out here. */
class CheckRootJarIT {

    @TempDir
    Path root;

    void ciscoRoot() throws Exception {
        Files.writeString(root.resolve("term61.default.loads"),
                "#\r\n# RELEASE load version 9-4-2ES26\r\n#\r\n\r\njar41sccp.9-4-2ES26.sbn\r\ncnu41.9-4-2ES26.sbn \r\n");
        Files.writeString(root.resolve("SCCP41.9-4-2SR3-1S.loads"), "jar41sccp.9-4-2ES26.sbn\r\ncnu41.9-4-2ES26.sbn\r\n");
        Files.write(root.resolve("jar41sccp.9-4-2ES26.sbn"), new byte[10]);
        Files.writeString(root.resolve("XMLDefault.cnf.xml"), "<?xml version=\"1.0\"?>\n<Default>\n"
                + "  <loadInformation30018 model=\"Cisco IP Phone 7961\">SCCP41.9-4-2SR3-1S</loadInformation30018>\n</Default>\n");
    }

    @SuppressWarnings("unchecked")
    @Test
    void aMissingListedFileIsAProblemWithItsFixAndFillingItInClearsIt() throws Exception {
        ciscoRoot();
        PhoneRescueJar.Run r = PhoneRescueJar.run("check-root", root.toString());
        assertEquals(1, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("[problem]  term61.default.loads lists \"cnu41.9-4-2ES26.sbn\", not in the root"), r.out());
        assertTrue(r.out().contains("fix: copy every file of the firmware package"), r.out());
        assertTrue(r.out().endsWith("2 problems found\n"), r.out());

        PhoneRescueJar.Run json = PhoneRescueJar.run("check-root", "--json", "--file", "term61.default.loads", root.toString());
        Map<String, Object> doc = (Map<String, Object>) JsonReader.parse(json.out());
        assertEquals(2L, ((Number) doc.get("problems")).longValue());
        assertEquals(List.of("term61.default.loads"), doc.get("requested"));
        List<Object> findings = (List<Object>) doc.get("findings");
        assertTrue(findings.stream().map(f -> (Map<String, Object>) f).anyMatch(f -> "ok".equals(f.get("severity"))
                && "term61.default.loads".equals(f.get("check"))), json.out());

        Files.write(root.resolve("cnu41.9-4-2ES26.sbn"), new byte[10]);
        PhoneRescueJar.Run fixed = PhoneRescueJar.run("check-root", root.toString());
        assertEquals(0, fixed.exit(), fixed.out());
        assertTrue(fixed.out().endsWith("nothing in the way\n"), fixed.out());
    }

    @Test
    void aSnomNameThePhoneAsksForIsLookedUpAndAMissingFolderIsExitThree() throws Exception {
        Files.write(root.resolve("snomD785-10.1.33.33-r.bin"), new byte[100]);
        PhoneRescueJar.Run r = PhoneRescueJar.run("check-root", root.toString(), "--file", "snomD785-r.bin");
        assertEquals(1, r.exit(), r.out());
        assertTrue(r.out().contains("fix: Snom phones ask for a per-model name"), r.out());
        assertEquals(0, PhoneRescueJar.run("check-root", root.toString(), "--file", "snomD785-10.1.33.33-r.bin").exit());
        assertEquals(3, PhoneRescueJar.run("check-root", root.resolve("nothing").toString()).exit());
    }

    @Test
    void theNamesAPhoneAskedForInACaptureAreCheckedAgainstTheFolder() throws Exception {
        Files.write(root.resolve("snomD785-10.1.33.33-r.bin"), new byte[100]);
        Files.write(root.resolve("snom370-r.bin"), new byte[100]);
        Path capture = root.getParent().resolve("snom-" + ProcessHandle.current().pid() + ".pcap");
        byte[][] frames = {
            DiagnoseJarIT.udp(DiagnoseJarIT.PHONE_MAC, DiagnoseJarIT.SERVER_MAC, DiagnoseJarIT.PHONE_IP,
                    DiagnoseJarIT.SERVER_IP, 50000, 69, DiagnoseJarIT.tftp(1, "snomD785-r.bin", "octet")),
            DiagnoseJarIT.udp(DiagnoseJarIT.SERVER_MAC, DiagnoseJarIT.PHONE_MAC, DiagnoseJarIT.SERVER_IP,
                    DiagnoseJarIT.PHONE_IP, 40000, 50000, DiagnoseJarIT.tftp(5, 1, "File not found")),
            DiagnoseJarIT.udp(DiagnoseJarIT.PHONE_MAC, DiagnoseJarIT.SERVER_MAC, DiagnoseJarIT.PHONE_IP,
                    DiagnoseJarIT.SERVER_IP, 50001, 69, DiagnoseJarIT.tftp(1, "snom370-r.bin", "octet")),
        };
        try (PcapWriter w = PcapWriter.create(capture, LinkType.ETHERNET)) {
            for (int i = 0; i < frames.length; i++) {
                w.write(new CapturedPacket(i + 1, 1_700_000_000L + i, 0, frames[i].length, LinkType.ETHERNET, 0, frames[i],
                        null, 0));
            }
        }
        try {
            PhoneRescueJar.Run r = PhoneRescueJar.run("check-root", root.toString(), "--capture", capture.toString());
            assertEquals(1, r.exit(), r.out() + r.err());
            assertTrue(r.out().startsWith("asked for in " + capture + ": snomD785-r.bin, snom370-r.bin\n"), r.out());
            assertTrue(r.out().contains("[problem]  snomD785-r.bin \"snomD785-r.bin\" is not in the root; the Snom images "
                    + "there are \"snom370-r.bin\", \"snomD785-10.1.33.33-r.bin\""), r.out());
            assertTrue(r.out().contains("[ok]       snom370-r.bin present, 100 bytes"), r.out());
        } finally {
            Files.delete(capture);
        }
    }

    /**
     * The folder of sample-captures/cisco-7961-listed-image-missing.pcap: what tshark exports from
     * its TFTP transfers (the packing list, XMLDefault.cnf.xml, four images) and the refused fifth
     * image in upper case. check-root with the capture agrees with diagnose: the phone's refused
     * trust list and SEP file are information, the case difference a problem, and not also "all
     * listed files present".
     */
    @SuppressWarnings("unchecked")
    @Test
    void theSampleScenesFolderReadsAsDiagnoseReadsItsCapture() throws Exception {
        Path capture = java.nio.file.Paths.get(System.getProperty("sample.captures.dir", "../../sample-captures"))
                .resolve("cisco-7961-listed-image-missing.pcap");
        DiagnoseJarIT.tshark("-r", capture.toString(), "-n", "--export-objects", "tftp," + root);
        Files.write(root.resolve("CVM41SCCP.9-4-2SR3-1S.SBN"), new byte[100]);
        PhoneRescueJar.Run r = PhoneRescueJar.run("check-root", root.toString(), "--capture", capture.toString());
        assertEquals(1, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("[info]     CTLSEP6C5E3B617961.tlv \"CTLSEP6C5E3B617961.tlv\" is not in the root: a "
                + "Cisco trust list (CTL or ITL), which only a call manager makes"), r.out());
        assertTrue(r.out().contains("[info]     SEP6C5E3B617961.cnf.xml \"SEP6C5E3B617961.cnf.xml\" is not in the root: "
                + "the phone then asks for XMLDefault.cnf.xml, which is there"), r.out());
        assertTrue(r.out().contains("[problem]  term61.default.loads lists \"cvm41sccp.9-4-2SR3-1S.sbn\"; the root has "
                + "\"CVM41SCCP.9-4-2SR3-1S.SBN\""), r.out());
        assertFalse(r.out().contains("listed files present"), r.out());
        assertFalse(r.out().contains("copy the file into the root"), r.out());
        assertTrue(r.out().endsWith("2 problems found\n"), r.out());

        PhoneRescueJar.Run json = PhoneRescueJar.run("check-root", "--json", root.toString(), "--capture", capture.toString());
        Map<String, Object> doc = (Map<String, Object>) JsonReader.parse(json.out());
        assertEquals(2L, ((Number) doc.get("problems")).longValue());
        List<Map<String, Object>> findings = ((List<Object>) doc.get("findings")).stream()
                .map(f -> (Map<String, Object>) f).toList();
        assertEquals(List.of("info", "info"), findings.stream().filter(f -> String.valueOf(f.get("check")).contains("SEP"))
                .map(f -> f.get("severity")).toList(), json.out());
    }

    /** Ethernet II, IPv4 (checksummed) and a TCP segment (RFC 9293 §3.1, 20-byte header, checksum 0). */
    static byte[] tcp(byte[] srcMac, byte[] dstMac, byte[] srcIp, byte[] dstIp, int sport, int dport, long seq, long ack,
                      int flags, String payload) {
        byte[] data = payload.getBytes(StandardCharsets.ISO_8859_1);
        ByteBuffer f = ByteBuffer.allocate(14 + 20 + 20 + data.length);
        f.put(dstMac).put(srcMac).putShort((short) 0x0800);
        f.put((byte) 0x45).put((byte) 0).putShort((short) (40 + data.length)).putShort((short) 1).putShort((short) 0)
                .put((byte) 64).put((byte) 6).putShort((short) 0).put(srcIp).put(dstIp);
        int sum = 0;
        for (int i = 14; i < 34; i += 2) {
            sum += ((f.get(i) & 0xFF) << 8) | (f.get(i + 1) & 0xFF);
        }
        sum = (sum & 0xFFFF) + (sum >>> 16);
        f.putShort(24, (short) ~sum);
        f.putShort((short) sport).putShort((short) dport).putInt((int) seq).putInt((int) ack).put((byte) 0x50)
                .put((byte) flags).putShort((short) 65535).putShort((short) 0).putShort((short) 0).put(data);
        return f.array();
    }

    @Test
    void httpRequestTargetsInACaptureArePercentDecodedBeforeTheyAreCheckedAndOnesLeavingTheRootAreProblems()
            throws Exception {
        Files.write(root.resolve("snom D785.bin"), new byte[100]);
        byte[] phone = DiagnoseJarIT.PHONE_MAC;
        byte[] server = DiagnoseJarIT.SERVER_MAC;
        byte[] phoneIp = DiagnoseJarIT.PHONE_IP;
        byte[] serverIp = DiagnoseJarIT.SERVER_IP;
        String get1 = "GET /snom%20D785.bin HTTP/1.1\r\nHost: 192.168.1.10\r\n\r\n";
        String ok = "HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nabcd";
        String get2 = "GET /%2e%2e/etc/passwd HTTP/1.1\r\nHost: 192.168.1.10\r\n\r\n";
        String refused = "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n";
        long c = 1001;
        long s = 5001;
        byte[][] frames = {
            tcp(phone, server, phoneIp, serverIp, 40000, 80, 1000, 0, 0x02, ""),
            tcp(server, phone, serverIp, phoneIp, 80, 40000, 5000, 1001, 0x12, ""),
            tcp(phone, server, phoneIp, serverIp, 40000, 80, c, s, 0x10, ""),
            tcp(phone, server, phoneIp, serverIp, 40000, 80, c, s, 0x18, get1),
            tcp(server, phone, serverIp, phoneIp, 80, 40000, s, c + get1.length(), 0x18, ok),
            tcp(phone, server, phoneIp, serverIp, 40000, 80, c + get1.length(), s + ok.length(), 0x18, get2),
            tcp(server, phone, serverIp, phoneIp, 80, 40000, s + ok.length(), c + get1.length() + get2.length(), 0x18,
                    refused),
        };
        Path capture = root.getParent().resolve("snom-http-" + ProcessHandle.current().pid() + ".pcap");
        try (PcapWriter w = PcapWriter.create(capture, LinkType.ETHERNET)) {
            for (int i = 0; i < frames.length; i++) {
                w.write(new CapturedPacket(i + 1, 1_700_000_000L, i * 1000, frames[i].length, LinkType.ETHERNET, 0,
                        frames[i], null, 0));
            }
        }
        try {
            // tshark reads the two GETs with their targets as sent, percent-encoded
            assertEquals(List.of("4\t/snom%20D785.bin", "6\t/%2e%2e/etc/passwd"), tsharkRequests(capture));
            PhoneRescueJar.Run r = PhoneRescueJar.run("check-root", root.toString(), "--capture", capture.toString());
            assertEquals(1, r.exit(), r.out() + r.err());
            assertTrue(r.out().startsWith("asked for in " + capture + ": /snom%20D785.bin, /%2e%2e/etc/passwd\n"), r.out());
            assertTrue(r.out().contains("[ok]       /snom D785.bin present, 100 bytes (sent as \"/snom%20D785.bin\")"),
                    r.out());
            assertTrue(r.out().contains("[problem]  /%2e%2e/etc/passwd the HTTP request target \"/%2e%2e/etc/passwd\" "
                    + "decodes to \"/../etc/passwd\", whose \"..\" climbs out of the server's root"), r.out());
            assertTrue(r.out().endsWith("1 problem found\n"), r.out());
        } finally {
            Files.delete(capture);
        }
    }

    /** "frame\turi" of every HTTP request, as tshark reads them. */
    private static List<String> tsharkRequests(Path capture) throws Exception {
        Path home = Files.createTempDirectory("tshark-home");
        ProcessBuilder pb = new ProcessBuilder("tshark", "-r", capture.toString(), "-n", "-Y", "http.request",
                "-T", "fields", "-e", "frame.number", "-e", "http.request.uri").redirectError(ProcessBuilder.Redirect.DISCARD);
        pb.environment().put("HOME", home.toString());
        pb.environment().put("XDG_CONFIG_HOME", home.toString());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS));
        Files.deleteIfExists(home);
        return out.lines().toList();
    }
}
