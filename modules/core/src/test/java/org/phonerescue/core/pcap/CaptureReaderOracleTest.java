package org.phonerescue.core.pcap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.phonerescue.core.testing.SharedCaptures;

/**
 * Every capture of the shared corpus is read exactly as tshark read it: same frame count, and for
 * every frame the same frame.time_epoch (to the nanosecond), frame.len and frame.cap_len.
 * Files tshark rejects or calls damaged must end, quickly, in our clear error or warning.
 */
class CaptureReaderOracleTest {

    private static Map<String, String> knownDifferences() {
        Map<String, String> known = new HashMap<>();
        try (InputStream in = CaptureReaderOracleTest.class.getResourceAsStream("known-differences.tsv")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    String[] cols = line.split("\t");
                    known.put(cols[0], cols[2]);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return known;
    }

    /** How tshark prints a well-formed timestamp; damaged ones come out with a sign or ten digits. */
    private static final Pattern CANONICAL_EPOCH = Pattern.compile("\\d+\\.\\d{9}");

    /** Listed deliberate differences: capture → reason. */
    private static final Map<String, String> KNOWN = knownDifferences();

    @TestFactory
    Stream<DynamicTest> everyCaptureMatchesTshark() {
        List<Path> captures = SharedCaptures.withSummaryOracle();
        assertTrue(captures.size() >= 80, "expected the whole corpus, found " + captures.size() + " captures");
        return captures.stream().map(c -> DynamicTest.dynamicTest(SharedCaptures.relative(c),
                () -> assertTimeoutPreemptively(Duration.ofSeconds(20), () -> compare(c))));
    }

    @Test
    void everyKnownDifferenceNamesACaptureOfTheCorpus() {
        for (String capture : KNOWN.keySet()) {
            assertTrue(Files.isRegularFile(SharedCaptures.dir().resolve(capture)), capture + " is not in the corpus");
        }
    }

    private static void compare(Path capture) throws Exception {
        List<String[]> oracle = SharedCaptures.readTsv(SharedCaptures.oracle(capture, ".tshark.tsv"));
        int tsharkExit = SharedCaptures.tsharkExit(capture);
        List<String[]> expected = oracle.isEmpty() ? List.of() : oracle.subList(1, oracle.size());

        List<CapturedPacket> ours = new ArrayList<>();
        List<CaptureWarning> warnings;
        try (CaptureReader reader = CaptureReader.open(capture)) {
            CapturedPacket p;
            while ((p = reader.next()) != null) {
                ours.add(p);
            }
            warnings = reader.warnings();
        } catch (CaptureFormatException e) {
            if (tsharkExit == 0) {
                fail("tshark reads this file, we refused it: " + e.getMessage());
            }
            assertTrue(expected.isEmpty(), "tshark listed frames before failing, we listed none: " + e.getMessage());
            assertFalse(e.getMessage().isBlank());
            return;
        }

        if (tsharkExit != 0) {
            assertTrue(warnings.stream().anyMatch(CaptureWarning::fatal),
                    "tshark reports this file damaged; we must end with a fatal warning, got " + warnings);
        }
        if (KNOWN.containsKey(SharedCaptures.relative(capture))) {
            // Allowed only to stop earlier than tshark, with a fatal warning, agreeing on what both read.
            assertTrue(ours.size() < expected.size() && warnings.stream().anyMatch(CaptureWarning::fatal),
                    "listed as a known difference but we read " + ours.size() + " of tshark's " + expected.size());
            expected = expected.subList(0, ours.size());
        }
        assertEquals(expected.size(), ours.size(), "frame count");
        for (int i = 0; i < expected.size(); i++) {
            String[] row = expected.get(i);
            CapturedPacket p = ours.get(i);
            String where = "frame " + row[0];
            assertEquals(Long.parseLong(row[0]), p.number(), where + " number");
            assertEquals(Integer.parseInt(row[2]), p.originalLength(), where + " frame.len");
            assertEquals(Integer.parseInt(row[3]), p.capturedLength(), where + " frame.cap_len");
            String epoch = row[1];
            if (epoch.isEmpty() || CANONICAL_EPOCH.matcher(epoch).matches()) {
                assertEquals(epoch, p.epochText(), where + " frame.time_epoch");
            } else {
                // tshark prints the raw out-of-range fraction; we carry it into the seconds and say so.
                long number = p.number();
                assertTrue(warnings.stream().anyMatch(w -> w.packetNumber() == number && w.message().contains("timestamp")),
                        where + ": tshark printed a damaged timestamp " + epoch + "; we must warn about it");
            }
        }
    }
}
