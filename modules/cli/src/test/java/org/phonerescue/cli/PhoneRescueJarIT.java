package org.phonerescue.cli;

import static org.phonerescue.cli.PhoneRescueJar.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the built command line ({@code target/phonerescue}) as a user would, and checks its output against tshark's oracles. */
class PhoneRescueJarIT {

    private static final Path SHARED = Paths.get(System.getProperty("shared.captures.dir", "../../../shared/captures"));
    private static final Path SAMPLES = Paths.get(System.getProperty("sample.captures.dir", "../../sample-captures"));

    @TempDir
    Path dir;

    @Test
    void listTsvPrintsTsharksFrameColumnsForEveryCaptureOfTheCorpus() throws Exception {
        List<Path> captures;
        try (Stream<Path> files = Files.walk(SHARED)) {
            captures = files.filter(f -> f.toString().endsWith(".tshark.tsv"))
                    .map(f -> f.resolveSibling(f.getFileName().toString().replace(".tshark.tsv", "")))
                    .filter(f -> f.toString().contains("/pcapng/") || f.toString().contains("/tftp/"))
                    .sorted().toList();
        }
        assertTrue(captures.size() >= 20, "captures: " + captures.size());
        for (Path capture : captures) {
            PhoneRescueJar.Run r = run("list", "--tsv", capture.toString());
            assertEquals(0, r.exit(), capture + ": " + r.err());
            List<String> expected = Files.readAllLines(capture.resolveSibling(capture.getFileName() + ".tshark.tsv"));
            String[] ours = r.out().split("\n");
            assertEquals("frame.number\tframe.time_epoch\tframe.len\tframe.cap_len", firstColumns(ours[0], 4));
            assertEquals(expected.size(), ours.length, capture + " line count");
            for (int i = 1; i < ours.length; i++) {
                // frame.number … tcp.dstport: the first fourteen columns share tshark's names and order.
                String theirs = firstColumns(expected.get(i), 14);
                assertEquals(theirs, firstColumns(ours[i], 14), capture + " line " + i);
            }
        }
    }

    @Test
    void fieldsPrintsExactlyWhatTsharkPrintsForTheTftpCaptures() throws Exception {
        // Each oracle is tshark -T fields -E header=y -E separator=/t -E occurrence=a -E aggregator=,
        // with the field names of its header line; every packet of these captures is TFTP, so
        // tshark's -Y tftp kept them all. The longer ones span many of the batches that the
        // command hands from its decoding thread to its writing thread.
        List<Path> oracles;
        try (Stream<Path> files = Files.walk(SHARED.resolve("tftp"))) {
            oracles = files.filter(f -> f.toString().endsWith(".tsv")).sorted().toList();
        }
        assertTrue(oracles.size() >= 8, "oracles: " + oracles.size());
        for (Path oracle : oracles) {
            String expected = Files.readString(oracle, StandardCharsets.UTF_8);
            String name = oracle.getFileName().toString();
            Path capture = oracle.resolveSibling(name.substring(0, name.lastIndexOf('.', name.length() - 5)));
            List<String> args = new ArrayList<>(List.of("fields", capture.toString()));
            for (String field : expected.substring(0, expected.indexOf('\n')).split("\t")) {
                args.add("-e");
                args.add(field);
            }
            PhoneRescueJar.Run r = run(args.toArray(String[]::new));
            assertEquals(0, r.exit(), oracle + ": " + r.err());
            assertEquals(expected, r.out(), oracle.toString());
        }
    }

    @Test
    void listPrintsOneReadableLinePerPacket() throws Exception {
        PhoneRescueJar.Run r = run("list", SAMPLES.resolve("tftp-rrq.pcap").toString());
        assertEquals(0, r.exit(), r.err());
        String[] lines = r.out().split("\n");
        assertEquals(99, lines.length);
        // tshark: frame 1 is 192.168.0.253:50618 -> 192.168.0.10:69, 62 bytes, protocol TFTP,
        // info "Read Request, File: rfc1350.txt, Transfer type: octet"
        assertTrue(lines[0].matches("\\s*1\\s+0\\.000000\\s+62\\s+192\\.168\\.0\\.253:50618\\s+->\\s+192\\.168\\.0\\.10:69"
                + "\\s+TFTP\\s+Read Request, File: rfc1350\\.txt, Transfer type: octet"), lines[0]);
        // tshark: frame 98 "Data Packet, Block: 49 (last)"
        assertTrue(lines[97].endsWith("TFTP      Data Packet, Block: 49 (last)"), lines[97]);
        assertTrue(lines[98].trim().startsWith("99 "), lines[98]);
        assertEquals("", r.err());
    }

    @Test
    void missingAndNonCaptureFilesGetOneClearLineAndExitThree() throws Exception {
        PhoneRescueJar.Run missing = run("list", dir.resolve("nowhere.pcap").toString());
        assertEquals(3, missing.exit());
        assertEquals("phonerescue: " + dir.resolve("nowhere.pcap") + ": no such file\n", missing.err());
        assertEquals("", missing.out());

        Path text = Files.writeString(dir.resolve("readme.txt"), "hello, not a capture\n");
        PhoneRescueJar.Run notCapture = run("list", text.toString());
        assertEquals(3, notCapture.exit());
        assertEquals(1, notCapture.err().lines().count(), notCapture.err());
        assertTrue(notCapture.err().contains("not a pcap or pcapng capture file"), notCapture.err());
        assertFalse(notCapture.err().contains("Exception"), notCapture.err());
    }

    /** One form for every command: "phonerescue: PATH: what is wrong", the path once, no JVM wording. */
    @Test
    void aFolderWhereAFileBelongsAndAFileWhereAFolderBelongReadTheSameInEveryCommand() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("adir"));
        for (String[] args : List.of(new String[] {"list", folder.toString()}, new String[] {"show", folder.toString()},
                new String[] {"fields", folder.toString(), "-e", "frame.number"}, new String[] {"stats", folder.toString()},
                new String[] {"diagnose", folder.toString()}, new String[] {"check-image", folder.toString()},
                new String[] {"spa-recover", "-i", "lo", "--image", folder.toString()})) {
            PhoneRescueJar.Run r = run(args);
            assertEquals(3, r.exit(), args[0] + ": " + r.err());
            assertEquals("phonerescue: " + folder + ": a folder, not a file\n", r.err(), args[0]);
        }
        Path file = Files.writeString(dir.resolve("afile"), "x");
        PhoneRescueJar.Run notFolder = run("check-root", file.toString());
        assertEquals(3, notFolder.exit(), notFolder.err());
        assertEquals("phonerescue: " + file + ": not a folder\n", notFolder.err());
        PhoneRescueJar.Run noFolder = run("check-root", dir.resolve("nowhere").toString());
        assertEquals(3, noFolder.exit(), noFolder.err());
        assertEquals("phonerescue: " + dir.resolve("nowhere") + ": no such folder\n", noFolder.err());
    }

    /**
     * The command list of --help shows each command's first description line: a whole sentence,
     * never one cut off where a longer description went on.
     */
    @Test
    void everyCommandsSummaryInTheHelpIsAWholeSentence() throws Exception {
        PhoneRescueJar.Run help = run("--help");
        assertEquals(0, help.exit(), help.err());
        String commands = help.out().substring(help.out().indexOf("Commands:\n") + 10, help.out().indexOf("\nExit codes:"));
        List<String> summaries = new java.util.ArrayList<>();
        for (String line : commands.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            if (line.startsWith("   ")) { // a wrapped summary goes on
                int last = summaries.size() - 1;
                summaries.set(last, summaries.get(last) + " " + line.trim());
            } else {
                summaries.add(line.trim());
            }
        }
        assertEquals(12, summaries.size(), summaries.toString());
        for (String summary : summaries) {
            assertTrue(summary.endsWith("."), "cut off: " + summary);
        }
        assertTrue(summaries.contains("check-root    Checks a folder before it is served to recovering phones."),
                summaries.toString());
        // and a command's own help wraps its description where the terminal needs, not mid-sentence at fixed places
        PhoneRescueJar.Run image = run("check-image", "--help");
        assertTrue(image.out().contains("\nChecks an SPA firmware image as the recovery loader checks it before "
                + "flashing.\n"), image.out());
        String details = image.out().substring(image.out().indexOf("flashing.\n") + 10, image.out().indexOf("      FILE"));
        assertEquals("In the \"SkOsMo5 fIrMwArE\" container: the magic, the lengths, the header digest, each module in "
                + "bounds with its MD5, the version string against the loader's (the 7.5.2b rule), and the sectors that "
                + "would be written.", details.replace('\n', ' ').trim(), image.out());
    }

    @Test
    void aDamagedCaptureListsWhatItCanThenWarnsAndExitsOne() throws Exception {
        Path capture = SHARED.resolve("malformed/suricata_tls_DER-incomplete-header.pcap");
        PhoneRescueJar.Run r = run("list", "--tsv", capture.toString());
        assertEquals(1, r.exit(), r.err());
        // tshark lists 6 frames before calling the file damaged.
        assertEquals(1 + 6, r.out().split("\n").length);
        assertTrue(r.err().startsWith("phonerescue: " + capture + ": reading stopped at byte offset "), r.err());
        assertFalse(r.err().contains("Exception"), r.err());
    }

    @Test
    void theLauncherRunsTheJarWithTheSerialCollectorAndThroughASymbolicLink() throws Exception {
        Path link = Files.createSymbolicLink(dir.resolve("phonerescue"), PhoneRescueJar.LAUNCHER.toAbsolutePath());
        // JAVA_TOOL_OPTIONS is read by the JVM on top of the launcher's options: it tells the collector
        PhoneRescueJar.Run r = PhoneRescueJar.run(link, Map.of("JAVA_TOOL_OPTIONS", "-Xlog:gc:stderr"), "--version");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().startsWith("phonerescue "), r.out());
        assertTrue(r.out().contains("Using Serial") || r.err().contains("Using Serial"), r.out() + r.err());
        // PHONERESCUE_JAVA_OPTS replaces the launcher's options
        PhoneRescueJar.Run g1 = PhoneRescueJar.run(link,
                Map.of("JAVA_TOOL_OPTIONS", "-Xlog:gc:stderr", "PHONERESCUE_JAVA_OPTS", "-XX:+UseG1GC"), "--version");
        assertEquals(0, g1.exit(), g1.err());
        assertTrue(g1.out().contains("Using G1") || g1.err().contains("Using G1"), g1.out() + g1.err());
    }

    @Test
    void theLauncherRaisesTheOptimisingCompilersThresholdsForCommandsButNotForServers() throws Exception {
        // -XX:+PrintFlagsFinal (read by the JVM on top of the launcher's options) prints the flags in effect
        Map<String, String> flags = Map.of("JAVA_TOOL_OPTIONS", "-XX:+PrintFlagsFinal");
        PhoneRescueJar.Run command = PhoneRescueJar.run(PhoneRescueJar.LAUNCHER, flags, "--version");
        assertEquals(0, command.exit(), command.err());
        assertEquals(150_000, flag(command.out(), "Tier4InvocationThreshold"));
        assertEquals(1_200_000, flag(command.out(), "Tier4BackEdgeThreshold"));
        PhoneRescueJar.Run server = PhoneRescueJar.run(PhoneRescueJar.LAUNCHER, flags, "serve", "--help");
        assertEquals(0, server.exit(), server.err());
        assertEquals(5000, flag(server.out(), "Tier4InvocationThreshold"), "the JVM's default");
        assertTrue(java.util.regex.Pattern.compile("\\bUseSerialGC\\s+=\\s+true").matcher(server.out()).find(),
                server.out());
    }

    /**
     * The build archives the classes a diagnosis loads (class data sharing) and the launcher starts
     * the JVM with that archive: the JVM's class-loading log says where each class came from.
     */
    @Test
    void theLauncherLoadsTheCommandsClassesFromTheBuildsSharedArchive() throws Exception {
        assertTrue(Files.isRegularFile(PhoneRescueJar.LAUNCHER.resolveSibling("phonerescue.jsa")));
        PhoneRescueJar.Run r = PhoneRescueJar.run(PhoneRescueJar.LAUNCHER,
                Map.of("JAVA_TOOL_OPTIONS", "-Xlog:class+load=info"), "--version");
        assertEquals(0, r.exit(), r.err());
        assertTrue(java.util.regex.Pattern.compile("org\\.phonerescue\\.cli\\.PhoneRescue source: shared objects file")
                .matcher(r.out()).find(), r.out().lines().filter(l -> l.contains("phonerescue")).limit(5).toList().toString());
        // without the archive the same class comes from the jar: the check above can tell the two apart
        PhoneRescueJar.Run off = PhoneRescueJar.run(PhoneRescueJar.LAUNCHER,
                Map.of("JAVA_TOOL_OPTIONS", "-Xlog:class+load=info -Xshare:off"), "--version");
        assertEquals(0, off.exit(), off.err());
        assertTrue(off.out().contains("org.phonerescue.cli.PhoneRescue source: file:"), off.out().lines()
                .filter(l -> l.contains("phonerescue")).limit(5).toList().toString());
    }

    /** The value of a numeric flag in -XX:+PrintFlagsFinal output ("intx Name = 5000 {product} {default}"). */
    private static long flag(String flagsFinal, String name) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\b" + name + "\\s+=\\s+(\\d+)").matcher(flagsFinal);
        assertTrue(m.find(), name + " not in " + flagsFinal);
        return Long.parseLong(m.group(1));
    }

    @Test
    void helpAndUsageErrors() throws Exception {
        PhoneRescueJar.Run help = run("--help");
        assertEquals(0, help.exit());
        assertTrue(help.out().contains("list") && help.out().contains("stats") && help.out().contains("Exit codes"),
                help.out());
        PhoneRescueJar.Run listHelp = run("list", "--help");
        assertEquals(0, listHelp.exit());
        assertTrue(listHelp.out().contains("--tsv"), listHelp.out());
        PhoneRescueJar.Run bad = run("list");
        assertEquals(2, bad.exit());
        assertTrue(bad.err().contains("Missing required parameter"), bad.err());
        PhoneRescueJar.Run unknown = run("frobnicate");
        assertEquals(2, unknown.exit());
        PhoneRescueJar.Run version = run("--version");
        assertEquals(0, version.exit());
        assertTrue(version.out().startsWith("phonerescue "), version.out());
    }

    @Test
    void statsCountsWhatTsharkCounts() throws Exception {
        PhoneRescueJar.Run r = run("stats", SAMPLES.resolve("tftp-rrq.pcap").toString());
        assertEquals(0, r.exit(), r.err());
        // tshark -r tftp-rrq.pcap: 99 frames, all IPv4/UDP; 49 DATA to the client's port 50618, 49 ACKs
        // to the server's transfer port 3445 and one read request to port 69.
        assertTrue(r.out().contains("packets:           99\n"), r.out());
        assertTrue(r.out().contains("UDP / TCP:         99 / 0\n"), r.out());
        assertTrue(r.out().contains("top UDP dst ports: 3445 (49), 50618 (49), 69 (1)\n"), r.out());
    }

    private static String firstColumns(String line, int n) {
        String[] cols = line.split("\t", -1);
        return String.join("\t", java.util.Arrays.copyOf(cols, n));
    }
}
