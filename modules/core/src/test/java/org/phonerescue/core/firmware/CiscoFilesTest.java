package org.phonerescue.core.firmware;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Packing lists and configuration files; the XML checked against xmllint (libxml2) as the independent parser. */
class CiscoFilesTest {

    @TempDir
    Path dir;

    record Xmllint(int exit, String out) {
    }

    Xmllint xmllint(Path file, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("xmllint", "--nonet"));
        cmd.addAll(Arrays.asList(args));
        cmd.add(file.toString());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(20, TimeUnit.SECONDS));
        return new Xmllint(p.exitValue(), out);
    }

    @Test
    void aSignedPackingListGivesItsImagesInOrder() {
        String[] images = CiscoFiles.images41("9-4-2ES26");
        CiscoLoads l = CiscoLoads.parse(CiscoFiles.loads("SCCP41.9-4-2SR3-1S.loads", "9-4-2ES26", images));
        assertTrue(l.signed());
        assertEquals("SCCP41.9-4-2SR3-1S.loads", l.signedName());
        assertEquals("9-4-2ES26", l.version());
        assertEquals(List.of(images), l.files());
        assertEquals(List.of(), l.problems());
    }

    @Test
    void anUnsignedListWorksAndGarbageIsFlaggedNotGuessed() {
        CiscoLoads plain = CiscoLoads.parse("# my list\nJar41sccp.9-4-2ES26.sbn\n\ncnu41.9-4-2ES26.sbn\n"
                .getBytes(StandardCharsets.US_ASCII));
        assertFalse(plain.signed());
        assertNull(plain.signedName());
        assertEquals(List.of("Jar41sccp.9-4-2ES26.sbn", "cnu41.9-4-2ES26.sbn"), plain.files(), "case kept");

        CiscoLoads odd = CiscoLoads.parse("cnu41.sbn\nthis is not a name\n".getBytes(StandardCharsets.US_ASCII));
        assertEquals(List.of("cnu41.sbn"), odd.files());
        assertEquals(1, odd.problems().size());
        assertTrue(odd.problems().get(0).contains("line 2"), odd.problems().toString());

        java.util.Random random = new java.util.Random(3);
        for (int i = 0; i < 500; i++) {
            byte[] b = new byte[random.nextInt(2000)];
            random.nextBytes(b);
            CiscoLoads.parse(b);
        }
    }

    @Test
    void configurationsNameTheSameLoadsXmllintReads() throws Exception {
        Path def = Files.writeString(dir.resolve("XMLDefault.cnf.xml"), CiscoFiles.xmlDefault("SCCP41.9-4-2SR3-1S",
                "SCCP41.9-3-1SR1-1S"));
        Path sep = Files.writeString(dir.resolve("SEP001122334455.cnf.xml"), CiscoFiles.sep("SCCP41.9-4-2SR3-1S"));
        for (Path p : List.of(def, sep)) {
            Xmllint lint = xmllint(p, "--xpath", "//*[starts-with(local-name(),'loadInformation')]/text()");
            assertEquals(0, lint.exit(), lint.out());
            CiscoConfig c = CiscoConfig.parse(Files.readAllBytes(p));
            assertTrue(c.wellFormed(), c.error());
            assertEquals(lint.out().strip().replace("\n", "|"),
                    String.join("|", c.loads().stream().map(CiscoConfig.Load::loadId).toList()));
        }
        CiscoConfig d = CiscoConfig.parse(Files.readAllBytes(def));
        assertEquals("Default", d.root());
        assertEquals("Cisco IP Phone 7961", d.loads().get(1).model());
        assertEquals("SCCP41.9-3-1SR1-1S.loads", d.loads().get(1).loadsFile());
        Xmllint models = xmllint(def, "--xpath", "string(//loadInformation30018/@model)");
        assertEquals(models.out().strip(), d.loads().get(1).model());
        assertEquals("device", CiscoConfig.parse(Files.readAllBytes(sep)).root());
    }

    @Test
    void malformedXmlIsRefusedWhereXmllintRefusesIt() throws Exception {
        String broken = CiscoFiles.sep("SCCP41.9-4-2SR3-1S").replace("</devicePool>", "</devicepool>");
        Path p = Files.writeString(dir.resolve("SEP001122334455.cnf.xml"), broken);
        Xmllint lint = xmllint(p, "--noout");
        assertTrue(lint.exit() != 0, lint.out());
        CiscoConfig c = CiscoConfig.parse(broken.getBytes(StandardCharsets.UTF_8));
        assertFalse(c.wellFormed());
        // both name the line of the mismatched end tag
        String line = lint.out().split(":")[1];
        assertTrue(c.error().startsWith("line " + line + ","), c.error() + " / xmllint: " + lint.out());
    }

    @Test
    void externalEntitiesAreNeverRead() throws Exception {
        Path secret = Files.writeString(dir.resolve("secret.txt"), "TOPSECRET");
        String xml = "<?xml version=\"1.0\"?>\n<!DOCTYPE device [<!ENTITY x SYSTEM \"" + secret.toUri() + "\">]>\n"
                + "<device><loadInformation>&x;</loadInformation></device>\n";
        CiscoConfig c = CiscoConfig.parse(xml.getBytes(StandardCharsets.UTF_8));
        assertFalse(c.wellFormed());
        assertTrue(c.error().contains("DOCTYPE"), c.error());
        assertTrue(c.loads().isEmpty());
        // xmllint, told not to substitute entities, reads it as well-formed: the refusal is ours, on purpose
        Path p = Files.writeString(dir.resolve("x.cnf.xml"), xml);
        assertEquals(0, xmllint(p, "--noout").exit());
    }
}
