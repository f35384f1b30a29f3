package org.phonerescue.core.firmware;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.phonerescue.core.firmware.CheckFinding.Severity;

/** A served folder checked file by file: packing lists, configurations, requested names, sizes, SPA images. */
class ServerRootCheckTest {

    @TempDir
    Path root;

    static final String LOAD = "SCCP41.9-4-2SR3-1S";
    static final String[] IMAGES = CiscoFiles.images41("9-4-2ES26");

    void ciscoPackage() throws Exception {
        Files.write(root.resolve(LOAD + ".loads"), CiscoFiles.loads(LOAD + ".loads", "9-4-2ES26", IMAGES));
        Files.write(root.resolve("term41.default.loads"), CiscoFiles.loads("term41.default.loads", "9-4-2ES26", IMAGES));
        Files.write(root.resolve("term61.default.loads"), CiscoFiles.loads("term61.default.loads", "9-4-2ES26", IMAGES));
        for (String image : IMAGES) {
            Files.write(root.resolve(image), new byte[100]);
        }
    }

    static List<CheckFinding> problems(List<CheckFinding> all) {
        return all.stream().filter(f -> f.severity() != Severity.OK).toList();
    }

    @Test
    void aCompleteCiscoRootHasNoProblem() throws Exception {
        ciscoPackage();
        Files.writeString(root.resolve("XMLDefault.cnf.xml"), CiscoFiles.xmlDefault(LOAD, LOAD));
        Files.writeString(root.resolve("SEP001122334455.cnf.xml"), CiscoFiles.sep(LOAD));
        List<CheckFinding> f = ServerRootCheck.run(root, List.of("term61.default.loads", "SEP001122334455.cnf.xml"));
        assertEquals(List.of(), problems(f));
        assertTrue(f.stream().anyMatch(x -> x.subject().equals("term61.default.loads")
                && x.text().equals("all 5 listed files present (load version 9-4-2ES26)")), f.toString());
        assertTrue(f.stream().anyMatch(x -> x.subject().equals("XMLDefault.cnf.xml")
                && x.text().startsWith("2 loads name packing lists present")), f.toString());
    }

    /**
     * The root of sample-captures/cisco-7961-listed-image-missing.pcap as an engineer would lay it
     * out: what tshark exports from the capture (the phone's term61.default.loads and the
     * XMLDefault.cnf.xml it was served, four of the listed images), and the fifth listed image,
     * which the phone was refused, put there in upper case. The names it asked for, as tshark reads
     * them from its requests.
     */
    List<String> sampleSceneRoot() throws Exception {
        Path capture = Path.of("../../sample-captures/cisco-7961-listed-image-missing.pcap");
        Path exported = Files.createTempDirectory(root.getParent(), "exported");
        org.phonerescue.core.testing.Tshark.run(List.of("tshark", "-r", capture.toString(), "-n", "--export-objects",
                "tftp," + exported));
        try (var files = Files.list(exported)) {
            for (Path f : files.toList()) {
                Files.copy(f, root.resolve(f.getFileName()));
            }
        }
        Files.write(root.resolve("CVM41SCCP.9-4-2SR3-1S.SBN"), new byte[100]);
        return org.phonerescue.core.testing.Tshark.fields(capture, "tftp.source_file").stream()
                .filter(f -> !f[0].isEmpty()).map(f -> f[0]).distinct().toList();
    }

    @Test
    void aListedFileInAnotherCaseIsAProblemAndNeverAlsoPresent() throws Exception {
        sampleSceneRoot();
        List<CheckFinding> f = ServerRootCheck.run(root, List.of());
        List<CheckFinding> loads = f.stream().filter(x -> x.subject().equals("term61.default.loads")).toList();
        assertEquals(1, loads.size(), loads.toString());
        assertEquals(Severity.PROBLEM, loads.get(0).severity());
        assertTrue(loads.get(0).text().startsWith("lists \"cvm41sccp.9-4-2SR3-1S.sbn\"; the root has "
                + "\"CVM41SCCP.9-4-2SR3-1S.SBN\""), loads.get(0).text());

        // named in its exact case, the list is complete again
        Files.move(root.resolve("CVM41SCCP.9-4-2SR3-1S.SBN"), root.resolve("cvm41sccp.9-4-2SR3-1S.sbn"));
        List<CheckFinding> fixed = ServerRootCheck.run(root, List.of()).stream()
                .filter(x -> x.subject().equals("term61.default.loads")).toList();
        assertEquals(1, fixed.size(), fixed.toString());
        assertEquals(Severity.OK, fixed.get(0).severity());
        assertEquals("all 5 listed files present (load version 9-4-2SR3-1S)", fixed.get(0).text());
    }

    @Test
    void filesAPhoneAsksForAndGoesOnWithoutAreInformationNotProblems() throws Exception {
        List<String> asked = sampleSceneRoot();
        assertTrue(asked.containsAll(List.of("CTLSEP6C5E3B617961.tlv", "SEP6C5E3B617961.cnf.xml")), asked.toString());
        List<CheckFinding> f = ServerRootCheck.run(root, asked);
        CheckFinding ctl = f.stream().filter(x -> x.subject().equals("CTLSEP6C5E3B617961.tlv")).findFirst().orElseThrow();
        assertEquals(Severity.INFO, ctl.severity(), ctl.toString());
        assertTrue(ctl.text().contains("only a call manager makes"), ctl.text());
        assertEquals(null, ctl.fix());
        CheckFinding sep = f.stream().filter(x -> x.subject().equals("SEP6C5E3B617961.cnf.xml")).findFirst().orElseThrow();
        assertEquals(Severity.INFO, sep.severity(), sep.toString());
        assertTrue(sep.text().contains("the phone then asks for XMLDefault.cnf.xml, which is there"), sep.text());
        // what stays a problem: the listed image in another case, in the packing list and as asked for
        List<CheckFinding> problems = f.stream().filter(CheckFinding::problem).toList();
        assertEquals(List.of("cvm41sccp.9-4-2SR3-1S.sbn", "term61.default.loads"),
                problems.stream().map(CheckFinding::subject).sorted().toList(), problems.toString());

        // without XMLDefault.cnf.xml the phone gets no configuration at all: a warning with its fix
        Files.delete(root.resolve("XMLDefault.cnf.xml"));
        CheckFinding alone = ServerRootCheck.run(root, asked).stream()
                .filter(x -> x.subject().equals("SEP6C5E3B617961.cnf.xml")).findFirst().orElseThrow();
        assertEquals(Severity.WARNING, alone.severity(), alone.toString());
        assertTrue(alone.text().contains("nor is XMLDefault.cnf.xml"), alone.text());
        assertTrue(alone.fix().startsWith("create XMLDefault.cnf.xml"), alone.fix());
        // a firmware image the phone asks for stays a problem when it is missing
        Files.delete(root.resolve("apps41.9-4-2SR3-1S.sbn"));
        CheckFinding image = ServerRootCheck.run(root, asked).stream()
                .filter(x -> x.subject().equals("apps41.9-4-2SR3-1S.sbn")).findFirst().orElseThrow();
        assertEquals(Severity.PROBLEM, image.severity(), image.toString());
    }

    @Test
    void aMissingImageACaseDifferenceAndAWrongLoadAreProblemsWithFixes() throws Exception {
        ciscoPackage();
        Files.delete(root.resolve(IMAGES[1]));                                   // cnu41 missing
        Files.move(root.resolve(IMAGES[3]), root.resolve(IMAGES[3].toUpperCase())); // DSP41… in upper case
        Files.writeString(root.resolve("XMLDefault.cnf.xml"), CiscoFiles.xmlDefault("SCCP41.9-4-2SR3-1s", "SCCP41.9-3-1SR1-1S"));
        List<CheckFinding> f = problems(ServerRootCheck.run(root, List.of()));
        CheckFinding missing = f.stream().filter(x -> x.subject().equals("term61.default.loads")
                && x.text().startsWith("lists \"" + IMAGES[1] + "\", not in the root")).findFirst().orElseThrow();
        assertEquals(Severity.PROBLEM, missing.severity());
        assertTrue(missing.fix().contains("copy every file of the firmware package"));
        assertTrue(f.stream().anyMatch(x -> x.subject().equals("term41.default.loads") && x.text().contains("the root has \""
                + IMAGES[3].toUpperCase() + "\" (the case differs)")), f.toString());
        // 7941's load differs in case from the packing list's name, 7961's load has no packing list at all
        assertTrue(f.stream().anyMatch(x -> x.subject().equals("XMLDefault.cnf.xml") && x.text().contains(
                "asks for \"SCCP41.9-4-2SR3-1s.loads\", the root has \"SCCP41.9-4-2SR3-1S.loads\"")), f.toString());
        assertTrue(f.stream().anyMatch(x -> x.subject().equals("XMLDefault.cnf.xml") && x.text().contains(
                "\"SCCP41.9-3-1SR1-1S.loads\" is not in the root; the closest name there is \"SCCP41.9-4-2SR3-1S.loads\"")),
                f.toString());
    }

    @Test
    void ciscoFirmwareWithoutXmlDefaultIsAWarningAndABrokenConfigurationAProblem() throws Exception {
        ciscoPackage();
        List<CheckFinding> f = problems(ServerRootCheck.run(root, List.of()));
        assertEquals(1, f.size(), f.toString());
        assertEquals(Severity.WARNING, f.get(0).severity());
        assertTrue(f.get(0).text().contains("there is no XMLDefault.cnf.xml"));

        Files.writeString(root.resolve("xmldefault.CNF.xml"), "<Default><loadInformation>x</Default>");
        List<CheckFinding> g = problems(ServerRootCheck.run(root, List.of()));
        assertTrue(g.stream().anyMatch(x -> x.subject().equals("XMLDefault.cnf.xml") && x.text().contains("the root has \"xmldefault.CNF.xml\"")));
        assertTrue(g.stream().anyMatch(x -> x.subject().equals("xmldefault.CNF.xml") && x.text().startsWith("not readable XML (line 1")),
                g.toString());
    }

    @Test
    void aFolderWithNothingToCheckSaysSo() throws Exception {
        Files.writeString(root.resolve("readme.txt"), "hello");
        List<CheckFinding> f = ServerRootCheck.run(root, List.of());
        assertEquals(1, f.size());
        assertEquals(Severity.OK, f.get(0).severity());
    }

    @Test
    void snomNamesAreLookedUpByTheNameThePhoneAsksForAndLargeImagesWarnOfTftp() throws Exception {
        Files.write(root.resolve("snomD785-10.1.33.33-r.bin"), new byte[1000]);
        try (RandomAccessFile big = new RandomAccessFile(root.resolve("snomD785-10.1.54.13-r.bin").toFile(), "rw")) {
            big.setLength(ServerRootCheck.TFTP_LIMIT_AT_512 + 1); // sparse: 32 MB without writing them
        }
        List<CheckFinding> f = ServerRootCheck.run(root, List.of("snomD785-r.bin", "snomD785-10.1.33.33-r.bin",
                "SNOMD785-10.1.33.33-R.BIN"));
        CheckFinding asked = f.stream().filter(x -> x.subject().equals("snomD785-r.bin")).findFirst().orElseThrow();
        assertEquals(Severity.PROBLEM, asked.severity());
        assertTrue(asked.text().contains("the Snom images there are \"snomD785-10.1.33.33-r.bin\", \"snomD785-10.1.54.13-r.bin\""),
                asked.text());
        assertTrue(asked.fix().contains("--alias snomD785-r.bin=snomD785-10.1.33.33-r.bin"), asked.fix());
        assertTrue(f.stream().anyMatch(x -> x.subject().equals("snomD785-10.1.33.33-r.bin") && x.severity() == Severity.OK));
        assertTrue(f.stream().anyMatch(x -> x.subject().equals("SNOMD785-10.1.33.33-R.BIN") && x.text().contains("the case differs")));
        CheckFinding large = f.stream().filter(x -> x.subject().equals("snomD785-10.1.54.13-r.bin")).findFirst().orElseThrow();
        assertEquals(Severity.WARNING, large.severity());
        assertTrue(large.text().startsWith((65_535L * 512 + 1) + " bytes: over the 33553920 bytes") && large.fix().contains("HTTP"),
                large.toString());

        // exactly 65 535 blocks of 512 bytes still fits
        try (RandomAccessFile edge = new RandomAccessFile(root.resolve("snomD785-10.1.54.13-r.bin").toFile(), "rw")) {
            edge.setLength(ServerRootCheck.TFTP_LIMIT_AT_512);
        }
        assertTrue(ServerRootCheck.run(root, List.of()).stream().allMatch(x -> x.severity() == Severity.OK));
    }

    /**
     * Field notes §2: a server keeps a folder per protocol (http, ftp, tftp) and serves each as its
     * protocol's root. An image over 32 MB is judged by its folder: fine for HTTP, Snom's note for
     * FTP, the block limit for TFTP; a name asked for and found only in those folders is served by
     * serving the folder.
     */
    @Test
    void aRootWithAFolderPerProtocolJudgesEachImageByItsFolder(@TempDir Path other) throws Exception {
        for (String folder : List.of("http", "ftp", "tftp")) {
            Files.createDirectories(root.resolve(folder));
            try (RandomAccessFile big = new RandomAccessFile(root.resolve(folder + "/snomD785-r.bin").toFile(), "rw")) {
                big.setLength(40_000_000); // sparse
            }
        }
        Files.write(root.resolve("http/snom370-r.bin"), new byte[1000]);
        List<CheckFinding> f = ServerRootCheck.run(root, List.of("snomD785-r.bin"));
        CheckFinding http = one(f, "http/snomD785-r.bin");
        assertEquals(Severity.OK, http.severity(), http.toString());
        assertEquals("present, 40000000 bytes, in the HTTP folder: over 32 MB, which only HTTP carries", http.text());
        CheckFinding ftp = one(f, "ftp/snomD785-r.bin");
        assertEquals(Severity.WARNING, ftp.severity());
        assertTrue(ftp.text().contains("Snom's note says a phone fails to fetch firmware over 32 MB by FTP")
                && ftp.fix().startsWith("put it in the HTTP folder"), ftp.toString());
        CheckFinding tftp = one(f, "tftp/snomD785-r.bin");
        assertEquals(Severity.WARNING, tftp.severity());
        assertTrue(tftp.text().startsWith("40000000 bytes: over the 33553920 bytes")
                && tftp.fix().startsWith("put it in the HTTP folder"), tftp.toString());
        assertEquals(Severity.OK, one(f, "http/snom370-r.bin").severity(), "an image under the limit is listed");
        CheckFinding asked = one(f, "snomD785-r.bin");
        assertEquals(Severity.PROBLEM, asked.severity());
        assertTrue(asked.fix().startsWith("the root keeps a folder per protocol (http, ftp, tftp): serve the folder of the "
                + "protocol picked on the phone as the root, e.g. phonerescue serve --root " + root.resolve("http") + " --http"), asked.fix());

        // the same names in folders that name no protocol: the usual per-model fix, and the TFTP warning
        Files.createDirectories(other.resolve("firmware"));
        try (RandomAccessFile big = new RandomAccessFile(other.resolve("firmware/snomD785-r.bin").toFile(), "rw")) {
            big.setLength(40_000_000);
        }
        List<CheckFinding> g = ServerRootCheck.run(other, List.of("snomD785-r.bin"));
        assertEquals(Severity.WARNING, one(g, "firmware/snomD785-r.bin").severity());
        assertTrue(one(g, "snomD785-r.bin").fix().startsWith("Snom phones ask for a per-model name"), g.toString());
    }

    @Test
    void aRootWithOnlyAFirmwareImageListsIt() throws Exception {
        Files.write(root.resolve("snom370-r.bin"), new byte[1000]);
        List<CheckFinding> f = ServerRootCheck.run(root, List.of());
        assertEquals(1, f.size(), f.toString());
        assertEquals("present, 1000 bytes", one(f, "snom370-r.bin").text());
    }

    private static CheckFinding one(List<CheckFinding> findings, String subject) {
        return findings.stream().filter(x -> x.subject().equals(subject)).findFirst()
                .orElseThrow(() -> new AssertionError(subject + " not in " + findings));
    }

    @Test
    void spaImagesInTheRootAreChecked() throws Exception {
        byte[] good = SpaImageCheckTest.typical("7.4.9c").build();
        Files.write(root.resolve("spa50x-30x-7-4-9c.bin"), good);
        Files.write(root.resolve("spa50x-30x-cut.bin"), java.util.Arrays.copyOf(good, good.length - 10));
        List<CheckFinding> f = ServerRootCheck.run(root, List.of("/spa50x-30x-7-4-9c.bin"));
        assertTrue(f.stream().anyMatch(x -> x.subject().equals("spa50x-30x-7-4-9c.bin") && x.text().equals("an intact SPA image, version 7.4.9c")));
        assertTrue(f.stream().anyMatch(x -> x.subject().equals("/spa50x-30x-7-4-9c.bin") && x.severity() == Severity.OK),
                "a leading slash is ignored as the servers ignore it: " + f);
        CheckFinding cut = f.stream().filter(x -> x.subject().equals("spa50x-30x-cut.bin")).findFirst().orElseThrow();
        assertTrue(cut.problem() && cut.text().contains("truncated, 10 bytes missing"), cut.toString());
    }

    @Test
    void httpTargetsAreDecodedBeforeTheyAreLookedUpAndOnesThatNameNoFileAreProblems() throws Exception {
        Files.write(root.resolve("snom D785.bin"), new byte[100]);
        Files.write(root.resolve("snom370-r.bin"), new byte[100]);
        Files.write(root.getParent().resolve("outside-" + ProcessHandle.current().pid() + ".bin"), new byte[1]);
        try {
            List<CheckFinding> found = ServerRootCheck.run(root, List.of(),
                    List.of("/snom%20D785.bin", "/snom370-r.bin?mac=000413243546", "http://192.168.1.10/%73nom370-r.bin"));
            assertEquals(List.of(), problems(found), "each names a file that is there");
            assertTrue(found.contains(CheckFinding.ok("/snom D785.bin", "present, 100 bytes (sent as \"/snom%20D785.bin\")")),
                    found.toString());

            String outside = "/%2E%2E/outside-" + ProcessHandle.current().pid() + ".bin";
            List<CheckFinding> bad = problems(ServerRootCheck.run(root, List.of(),
                    List.of(outside, "/snom%zzD785.bin", "/snom%20D786.bin", "/./snom370-r.bin")));
            assertEquals(Severity.PROBLEM, bad.get(0).severity());
            assertEquals(outside, bad.get(0).subject());
            assertTrue(bad.get(0).text().endsWith("decodes to \"/../outside-" + ProcessHandle.current().pid()
                    + ".bin\", whose \"..\" climbs out of the server's root"), bad.get(0).text());
            assertTrue(bad.get(1).text().contains("invalid percent-encoding"), bad.get(1).text());
            assertEquals(CheckFinding.problem("/snom D786.bin", "\"/snom D786.bin\" (sent as \"/snom%20D786.bin\") is "
                    + "not in the root; the closest name there is \"snom D785.bin\"", "copy the file into the root under "
                    + "exactly that name (or serve \"snom D785.bin\" under that name with phonerescue serve --alias "
                    + "snom D786.bin=snom D785.bin)"), bad.get(2));
            assertEquals(Severity.WARNING, bad.get(3).severity(), "a dot segment inside the root: served by some, refused by ours");
            assertEquals("/snom370-r.bin", bad.get(3).subject());
            assertEquals(4, bad.size(), bad.toString());
        } finally {
            Files.delete(root.getParent().resolve("outside-" + ProcessHandle.current().pid() + ".bin"));
        }
    }
}
