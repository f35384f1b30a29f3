package org.phonerescue.ui.diagnosis;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.awt.Component;
import java.awt.Container;
import java.awt.EventQueue;
import java.awt.GraphicsEnvironment;
import java.awt.Toolkit;
import java.awt.datatransfer.DataFlavor;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import javax.swing.JButton;
import javax.swing.JEditorPane;
import javax.swing.JList;
import javax.swing.event.HyperlinkEvent;
import org.jfree.chart.ChartPanel;
import org.jfree.chart.plot.XYPlot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openide.util.Lookup;
import org.openide.windows.TopComponent;
import org.phonerescue.ui.packets.api.CaptureObserver;

/**
 * The diagnosis window itself, opened for real (an X display is needed: Xvfb in the build): a
 * capture's verdicts fill the device list, the first is shown, and an evidence link brings up the
 * packet list. The verdicts come from {@code sample-captures/expected-diagnoses.tsv}.
 */
class DiagnosisWindowTest {

    private static final long TIMEOUT_MILLIS = 60_000;

    @AfterEach
    void closeWindows() throws Exception {
        EventQueue.invokeAndWait(() -> TopComponent.getRegistry().getOpened().forEach(TopComponent::close));
    }

    @Test
    void theWorkbenchDiagnosesEveryOpenedCapture() {
        assertTrue(Lookup.getDefault().lookupAll(CaptureObserver.class).stream().anyMatch(o -> o instanceof CaptureDiagnosis),
                "the diagnosis is not registered as a CaptureObserver");
    }

    @Test
    void listsTheVerdictsAndFollowsEvidenceLinks() throws Exception {
        if (GraphicsEnvironment.isHeadless()) {
            fail("No display: this test opens the diagnosis window. Run the build under Xvfb: xvfb-run -a mvn -B verify");
        }
        DiagnosisPageTest.Scene scene = DiagnosisPageTest.scenes()
                .filter(s -> s.capture().equals("cisco-7961-listed-image-missing")).findFirst().orElseThrow();
        Path capture = DiagnosisPageTest.sampleCaptures().resolve(scene.capture() + ".pcap").toAbsolutePath();
        EventQueue.invokeAndWait(() -> {
            new TimelineTopComponent().open(); // the window system opens it at start-up
            new CaptureDiagnosis().captureOpened(capture);
        });

        long deadline = System.currentTimeMillis() + TIMEOUT_MILLIS;
        AtomicReference<String> firstEntry = new AtomicReference<>("");
        while (firstEntry.get().isEmpty() && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
            EventQueue.invokeAndWait(() -> {
                JList<?> list = find(window(), JList.class);
                if (list.getModel().getSize() > 0 && list.getSelectedIndex() == 0) {
                    firstEntry.set(String.valueOf(list.getSelectedValue()));
                }
            });
        }
        assertTrue(firstEntry.get().contains(scene.phone()), "first entry: " + firstEntry.get());
        EventQueue.invokeAndWait(() -> {
            JEditorPane page = find(window(), JEditorPane.class);
            String text = page.getText();
            assertTrue(text.contains("(" + scene.verdict() + ")"), text);
            page.fireHyperlinkUpdate(new HyperlinkEvent(page, HyperlinkEvent.EventType.ACTIVATED, null,
                    DiagnosisPage.FRAME_LINK + "25"));
            List<String> open = TopComponent.getRegistry().getOpened().stream().map(tc -> tc.getClass().getSimpleName()).toList();
            assertTrue(open.contains("PacketListTopComponent"), "the link did not open the packet list: " + open);

            // Copy Report puts the anonymized Markdown report on the clipboard: the verdict, not the MAC
            JButton copy = buttons(window()).stream().filter(b -> b.getText().equals("Copy Report")).findFirst()
                    .orElseThrow();
            copy.doClick();
            String copied;
            try {
                copied = (String) Toolkit.getDefaultToolkit().getSystemClipboard().getData(DataFlavor.stringFlavor);
            } catch (Exception e) {
                throw new AssertionError("nothing readable on the clipboard", e);
            }
            assertTrue(copied.startsWith("#") && copied.contains(scene.verdict()), copied);
            assertFalse(copied.contains(scene.phone()), "the copied report names the phone's MAC");

            // the timeline window draws the same diagnosis: a bar per phase, a dot per moment
            TimelineTopComponent timeline = TopComponent.getRegistry().getOpened().stream()
                    .filter(TimelineTopComponent.class::isInstance).map(TimelineTopComponent.class::cast).findFirst()
                    .orElseThrow();
            ChartPanel chart = find(timeline, ChartPanel.class);
            assertNotNull(chart, "no chart in the timeline window");
            XYPlot plot = chart.getChart().getXYPlot();
            int items = 0;
            for (int d = 0; d < plot.getDatasetCount(); d++) {
                for (int series = 0; series < plot.getDataset(d).getSeriesCount(); series++) {
                    items += plot.getDataset(d).getItemCount(series);
                }
            }
            assertTrue(items > 10, "only " + items + " items drawn");
        });
    }

    private static DiagnosisTopComponent window() {
        return TopComponent.getRegistry().getOpened().stream().filter(DiagnosisTopComponent.class::isInstance)
                .map(DiagnosisTopComponent.class::cast).findFirst().orElseThrow(() -> new AssertionError("no diagnosis window"));
    }

    private static List<JButton> buttons(Container c) {
        List<JButton> found = new java.util.ArrayList<>();
        for (Component child : c.getComponents()) {
            if (child instanceof JButton b) {
                found.add(b);
            } else if (child instanceof Container inner) {
                found.addAll(buttons(inner));
            }
        }
        return found;
    }

    private static <T> T find(Container c, Class<T> type) {
        for (Component child : c.getComponents()) {
            if (type.isInstance(child)) {
                return type.cast(child);
            }
            if (child instanceof Container inner) {
                T found = find(inner, type);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }
}
