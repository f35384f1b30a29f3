package org.phonerescue.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
}
