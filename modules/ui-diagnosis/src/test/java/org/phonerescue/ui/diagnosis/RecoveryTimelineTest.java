package org.phonerescue.ui.diagnosis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jfree.chart.ChartRenderingInfo;
import org.jfree.chart.entity.ChartEntity;
import org.jfree.chart.entity.XYItemEntity;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.phonerescue.core.device.Device;
import org.phonerescue.core.device.OuiRegistry;
import org.phonerescue.core.diagnosis.Verdict;
import org.phonerescue.core.session.RecoveryPhase;

/**
 * The timeline chart of recorded sample scenes: every bar and dot sits at the time tshark gives its
 * frame ({@code frame.time_relative}), and a click on any item the rendered chart draws leads to
 * that item's frame.
 */
class RecoveryTimelineTest {

    @ParameterizedTest
    @ValueSource(strings = {"cisco-7961-listed-image-missing", "snom-rescue-http-recovered", "tftp-lossy-cable"})
    void barsAndDotsSitAtTheirFramesTimes(String scene) throws Exception {
        Path capture = DiagnosisPageTest.sampleCaptures().resolve(scene + ".pcap");
        try (AnalysedCapture result = AnalysedCapture.of(capture, OuiRegistry.system())) {
            List<Device> devices = result.diagnosis().verdicts().stream().map(Verdict::device).toList();
            RecoveryTimeline timeline = result.timeline();
            assertEquals(devices.stream().map(d -> d.role().label() + " " + d.label()).toList(), timeline.rows());
            assertFalse(timeline.bars().isEmpty(), "no phases");
            assertFalse(timeline.marks().isEmpty(), "no moments");
            assertTrue(timeline.bars().stream().anyMatch(b -> b.kind() == RecoveryPhase.Kind.DOWNLOAD), "no download");
            Map<Long, Double> tshark = relativeTimes(capture);
            for (RecoveryTimeline.Bar b : timeline.bars()) {
                assertEquals(tshark.get(b.frame()), b.start(), 1e-6, "bar " + b);
                assertTrue(b.end() >= b.start(), "bar " + b);
            }
            for (RecoveryTimeline.Mark m : timeline.marks()) {
                assertEquals(tshark.get(m.frame()), m.time(), 1e-6, "dot " + m);
            }

            TimelineChart.Built built = TimelineChart.build(timeline);
            ChartRenderingInfo info = new ChartRenderingInfo();
            BufferedImage image = built.chart().createBufferedImage(1200, 400, info);
            assertEquals(1200, image.getWidth());
            // kept for a look: target/timeline-<scene>.png
            javax.imageio.ImageIO.write(image, "png", Path.of("target", "timeline-" + scene + ".png").toFile());
            int items = 0;
            for (Object o : info.getEntityCollection().getEntities()) {
                if (o instanceof XYItemEntity item) {
                    long frame = TimelineChart.frameOf(built, item);
                    double x = item.getDataset().getXValue(item.getSeriesIndex(), item.getItem());
                    assertEquals(tshark.get(frame), x, 1e-6, "item " + ((ChartEntity) item).getToolTipText());
                    assertTrue(item.getToolTipText() != null && !item.getToolTipText().isEmpty());
                    items++;
                }
            }
            assertEquals(timeline.bars().size() + timeline.marks().size(), items, "items drawn");
        }
    }

    /** frame.number → frame.time_relative, by tshark. */
    private static Map<Long, Double> relativeTimes(Path capture) throws Exception {
        Process p = new ProcessBuilder("tshark", "-n", "-r", capture.toString(), "-T", "fields", "-e", "frame.number",
                "-e", "frame.time_relative").redirectError(ProcessBuilder.Redirect.DISCARD).start();
        Map<Long, Double> times = new HashMap<>();
        for (String line : new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).split("\n")) {
            String[] f = line.split("\t");
            if (f.length == 2) {
                times.put(Long.parseLong(f[0]), Double.parseDouble(f[1]));
            }
        }
        assertEquals(0, p.waitFor());
        return times;
    }
}
