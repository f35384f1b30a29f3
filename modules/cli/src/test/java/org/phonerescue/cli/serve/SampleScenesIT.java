package org.phonerescue.cli.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.phonerescue.cli.PhoneRescueJar;

/**
 * The recovery scenes of {@code sample-captures/}: each shipped capture gets the diagnosis that
 * {@code expected-diagnoses.tsv} gives it, and so does each scene recorded afresh by {@code
 * record-scenes.sh} with the programs of this machine. The expectations come from how each scene
 * is staged (which file is missing, which address was typed wrong); the frames a verdict must
 * cite are the ones tshark's display filter picks.
 */
class SampleScenesIT {

    static final Path SAMPLES = Paths.get(System.getProperty("sample.captures.dir", "../../sample-captures"));
    /** The engineer's server in every scene (record-scenes.sh). */
    static final String SERVER_MAC = "02:50:52:00:00:01";

    /** One row of expected-diagnoses.tsv. */
    record Expected(String capture, String phone, String vendor, String serverRole, String verdict, String evidence,
                    List<String> mentions, List<String> also, List<String> absent) {

        static Expected parse(String line) {
            String[] c = line.split("\t", -1);
            assertEquals(9, c.length, line);
            return new Expected(c[0], c[1], c[2], c[3], none(c[4]), none(c[5]), list(c[6], " ; "), list(c[7], ","),
                    list(c[8], ","));
        }

        private static String none(String s) {
            return s.equals("-") ? null : s;
        }

        private static List<String> list(String s, String separator) {
            return s.equals("-") ? List.of() : Arrays.asList(s.split(separator));
        }
    }

    static List<Expected> expected() throws IOException {
        List<Expected> out = new ArrayList<>();
        for (String line : Files.readAllLines(SAMPLES.resolve("expected-diagnoses.tsv"), StandardCharsets.UTF_8)) {
            if (!line.isBlank() && !line.startsWith("#") && !line.startsWith("capture\t")) {
                out.add(Expected.parse(line));
            }
        }
        assertFalse(out.isEmpty());
        return out;
    }

    @TestFactory
    Stream<DynamicTest> eachShippedSceneGetsItsDiagnosis() throws IOException {
        Requirements.commands("tshark");
        return expected().stream().map(e -> dynamicTest(e.capture(), () -> check(e, SAMPLES.resolve(e.capture() + ".pcap"))));
    }

    /** Every scene the folder ships is in the table, and every row has its capture. */
    @Test
    void theTableAndTheFolderAgree() throws IOException {
        TreeSet<String> shipped = new TreeSet<>();
        try (Stream<Path> files = Files.list(SAMPLES)) {
            files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".pcap"))
                    .map(n -> n.substring(0, n.length() - ".pcap".length())).forEach(shipped::add);
        }
        TreeSet<String> listed = new TreeSet<>(expected().stream().map(Expected::capture).toList());
        assertTrue(shipped.containsAll(listed), "listed without a capture: " + listed + " vs " + shipped);
        // the two public captures the folder also ships (README.md there) are not scenes
        shipped.removeAll(List.of("tftp-rrq", "dhcp-request-ack"));
        assertEquals(listed, shipped);
    }

    @Test
    void everySceneRecordedAgainGetsTheSameDiagnosis(@TempDir Path dir) throws Exception {
        Requirements.root();
        Requirements.commands("ip", "ss", "tcpdump", "tftp", "curl", "busybox", "nft", "openssl", "sipp", "tshark");
        Run r = Run.of(600, List.of("bash", SAMPLES.resolve("record-scenes.sh").toString(), dir.toString()),
                Map.of("PHONERESCUE", PhoneRescueJar.LAUNCHER.toAbsolutePath().toString()));
        assertEquals(0, r.exit(), r.toString());
        List<String> failures = new ArrayList<>();
        for (Expected e : expected()) {
            try {
                check(e, dir.resolve(e.capture() + ".pcap"));
            } catch (AssertionError | Exception x) {
                failures.add(e.capture() + ": " + x.getMessage());
            }
        }
        assertEquals(List.of(), failures);
    }

    private static void check(Expected e, Path capture) throws Exception {
        DiagnosedCapture d = DiagnosedCapture.of(capture);
        Map<String, Object> phone = d.device(e.phone());
        assertEquals("phone", phone.get("role"), phone.toString());
        assertEquals(e.vendor(), phone.get("vendor"));
        assertEquals(e.serverRole(), d.device(SERVER_MAC).get("role"), d.device(SERVER_MAC).toString());
        assertEquals(e.verdict(), phone.get("verdict"), phone.toString());
        List<Map<String, Object>> findings = DiagnosedCapture.findings(phone);
        List<Object> rules = findings.stream().map(f -> f.get("rule")).toList();
        if (e.verdict() != null) {
            Map<String, Object> top = findings.get(0);
            assertEquals(e.verdict(), top.get("rule"));
            List<Long> frames = Tshark.frames(capture, e.evidence());
            assertFalse(frames.isEmpty(), e.evidence() + Tshark.listing(capture));
            assertTrue(DiagnosedCapture.evidence(top).containsAll(frames),
                    "cited " + DiagnosedCapture.evidence(top) + ", tshark's " + frames + " for " + e.evidence());
            for (String text : e.mentions()) {
                assertTrue(((String) top.get("explanation")).contains(text), text + " in " + top.get("explanation"));
            }
        }
        assertTrue(rules.containsAll(e.also()), e.also() + " in " + rules);
        for (String rule : e.absent()) {
            assertFalse(rules.contains(rule), rule + " in " + rules);
        }
    }
}
