package org.phonerescue.ui.diagnosis;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.phonerescue.core.device.OuiRegistry;
import org.phonerescue.core.diagnosis.Verdict;
import org.phonerescue.core.pcap.CaptureFormatException;

/**
 * Every capture of the shared corpus (damaged and fuzzed ones included) and every sample capture,
 * as the diagnosis window shows it: each device's page, the general page and the timeline chart
 * are made without an exception, and each page is HTML that Swing reads back with the device's
 * verdict on it.
 */
class CorpusPagesTest {

    static Stream<Path> captures() throws IOException {
        Path shared = Path.of(System.getProperty("shared.captures.dir", "../../../shared/captures"));
        List<Path> all;
        try (Stream<Path> s = Stream.concat(Files.walk(shared), Files.list(DiagnosisPageTest.sampleCaptures()))) {
            all = s.filter(p -> p.toString().matches(".*\\.(pcap|pcapng|cap)$")).sorted().toList();
        }
        assertFalse(all.size() < 50, "the corpus is missing: " + shared);
        return all.stream();
    }

    @ParameterizedTest
    @MethodSource("captures")
    void everyPageAndTheChartAreMade(Path capture) throws Exception {
        AnalysedCapture result;
        try {
            result = AnalysedCapture.of(capture, OuiRegistry.system());
        } catch (CaptureFormatException notACapture) {
            return; // the packet list says so; nothing to diagnose
        }
        try (result) {
            for (Verdict v : result.diagnosis().verdicts()) {
                DiagnosisPageTest.Rendered page = DiagnosisPageTest.Rendered.of(DiagnosisPage.of(result.analysis(), v));
                assertTrue(page.text().contains(v.findings().isEmpty() ? "Verdict: nothing found"
                        : "(" + v.verdict() + ")"), page.text());
                assertTrue(page.frameLinks().isEmpty() || page.frameLinks().last() <= result.analysis().packets(),
                        "a link past the last frame");
            }
            if (!result.diagnosis().general().isEmpty()) {
                DiagnosisPageTest.Rendered.of(DiagnosisPage.general(result.analysis(), result.diagnosis().general()));
            }
            TimelineChart.build(result.timeline()).chart().createBufferedImage(800, 300);
        }
    }
}
