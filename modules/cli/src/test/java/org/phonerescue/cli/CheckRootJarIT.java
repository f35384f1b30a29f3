package org.phonerescue.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
        CheckImageJarIT.Run r = CheckImageJarIT.run("check-root", root.toString());
        assertEquals(1, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("[problem]  term61.default.loads lists \"cnu41.9-4-2ES26.sbn\", not in the root"), r.out());
        assertTrue(r.out().contains("fix: copy every file of the firmware package"), r.out());
        assertTrue(r.out().endsWith("2 problems found\n"), r.out());

        CheckImageJarIT.Run json = CheckImageJarIT.run("check-root", "--json", "--file", "term61.default.loads", root.toString());
        Map<String, Object> doc = (Map<String, Object>) JsonReader.parse(json.out());
        assertEquals(2L, ((Number) doc.get("problems")).longValue());
        assertEquals(List.of("term61.default.loads"), doc.get("requested"));
        List<Object> findings = (List<Object>) doc.get("findings");
        assertTrue(findings.stream().map(f -> (Map<String, Object>) f).anyMatch(f -> "ok".equals(f.get("severity"))
                && "term61.default.loads".equals(f.get("check"))), json.out());

        Files.write(root.resolve("cnu41.9-4-2ES26.sbn"), new byte[10]);
        CheckImageJarIT.Run fixed = CheckImageJarIT.run("check-root", root.toString());
        assertEquals(0, fixed.exit(), fixed.out());
        assertTrue(fixed.out().endsWith("nothing in the way\n"), fixed.out());
    }

    @Test
    void aSnomNameThePhoneAsksForIsLookedUpAndAMissingFolderIsExitThree() throws Exception {
        Files.write(root.resolve("snomD785-10.1.33.33-r.bin"), new byte[100]);
        CheckImageJarIT.Run r = CheckImageJarIT.run("check-root", root.toString(), "--file", "snomD785-r.bin");
        assertEquals(1, r.exit(), r.out());
        assertTrue(r.out().contains("fix: Snom phones ask for a per-model name"), r.out());
        assertEquals(0, CheckImageJarIT.run("check-root", root.toString(), "--file", "snomD785-10.1.33.33-r.bin").exit());
        assertEquals(3, CheckImageJarIT.run("check-root", root.resolve("nothing").toString()).exit());
    }
}
