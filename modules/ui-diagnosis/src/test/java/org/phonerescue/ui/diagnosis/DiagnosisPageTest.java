package org.phonerescue.ui.diagnosis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import javax.swing.text.AttributeSet;
import javax.swing.text.BadLocationException;
import javax.swing.text.html.HTML;
import javax.swing.text.html.HTMLDocument;
import javax.swing.text.html.HTMLEditorKit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.phonerescue.core.device.OuiRegistry;
import org.phonerescue.core.diagnosis.Finding;
import org.phonerescue.core.diagnosis.Severity;
import org.phonerescue.core.diagnosis.Verdict;
import org.phonerescue.core.pcap.LinkType;
import org.phonerescue.core.pcap.PcapWriter;

/**
 * The diagnosis window's page of every recorded sample scene, read back through Swing's own HTML
 * parser, against {@code sample-captures/expected-diagnoses.tsv}: the verdict the scene must get,
 * and the evidence frames, which come from a tshark display filter run here on the same file.
 */
class DiagnosisPageTest {

    /** One row of expected-diagnoses.tsv. */
    record Scene(String capture, String phone, String verdict, String evidence, List<String> mentions) {
        @Override
        public String toString() {
            return capture;
        }
    }

    static Path sampleCaptures() {
        return Path.of(System.getProperty("sample.captures.dir", "../../sample-captures"));
    }

    static Stream<Scene> scenes() throws IOException {
        List<Scene> scenes = new ArrayList<>();
        for (String line : Files.readAllLines(sampleCaptures().resolve("expected-diagnoses.tsv"), StandardCharsets.UTF_8)) {
            if (line.startsWith("#") || line.startsWith("capture\t") || line.isBlank()) {
                continue;
            }
            String[] c = line.split("\t", -1);
            scenes.add(new Scene(c[0], c[1], c[4], c[5], c[6].equals("-") ? List.of() : List.of(c[6].split(" ; "))));
        }
        assertFalse(scenes.isEmpty(), "no scenes in expected-diagnoses.tsv");
        return scenes.stream();
    }

    @ParameterizedTest
    @MethodSource("scenes")
    void showsTheVerdictAndLinksEveryEvidenceFrame(Scene scene) throws Exception {
        Path capture = sampleCaptures().resolve(scene.capture() + ".pcap");
        try (AnalysedCapture result = AnalysedCapture.of(capture, OuiRegistry.system())) {
            Verdict verdict = result.diagnosis().verdict(scene.phone());
            if (scene.verdict().equals("-")) {
                if (verdict != null) {
                    Rendered page = Rendered.of(DiagnosisPage.of(result.analysis(), verdict));
                    assertTrue(page.text().contains("Verdict: nothing found"), page.text());
                }
                return;
            }
            assertNotNull(verdict, "no verdict for " + scene.phone());
            Rendered page = Rendered.of(DiagnosisPage.of(result.analysis(), verdict));
            Finding top = verdict.findings().get(0);
            assertEquals(scene.verdict(), top.rule());
            assertTrue(page.text().contains("Verdict: " + top.title() + " (" + scene.verdict() + ")"), page.text());
            for (String mention : scene.mentions()) {
                assertTrue(page.text().contains(mention), "'" + mention + "' not on the page:\n" + page.text());
            }
            if (!scene.evidence().equals("-")) {
                Set<Long> proof = Tshark.frames(capture, scene.evidence());
                assertFalse(proof.isEmpty(), "the filter matches nothing: " + scene.evidence());
                assertTrue(page.firstEvidence().containsAll(proof), "frames " + proof + " (tshark: " + scene.evidence()
                        + ") not all linked in the verdict's evidence: " + page.firstEvidence());
                assertEquals(new TreeSet<>(top.evidence()), page.firstEvidence());
            }
            // every frame the page links to exists in the capture
            assertTrue(page.frameLinks().last() <= result.analysis().packets(), page.frameLinks().toString());
        }
    }

    /** A request nothing answered moved no file: no digest is shown for it. */
    @Test
    void noDigestForATransferThatMovedNothing() throws Exception {
        Path capture = sampleCaptures().resolve("tftp-firewall-drops-requests.pcap");
        assertFalse(Tshark.frames(capture, "tftp.opcode == 1").isEmpty(), "the scene's requests");
        assertTrue(Tshark.frames(capture, "tftp.opcode == 3").isEmpty(), "no DATA in the scene");
        try (AnalysedCapture result = AnalysedCapture.of(capture, OuiRegistry.empty())) {
            Verdict verdict = result.diagnosis().verdicts().get(0);
            Rendered page = Rendered.of(DiagnosisPage.of(result.analysis(), verdict));
            assertTrue(page.text().contains("spa525g2.bin by TFTP"), page.text());
            assertFalse(page.text().contains("SHA-256"), page.text());
        }
    }

    @Test
    void textFromTheCaptureIsNeverMarkup() throws Exception {
        Finding hostile = new Finding("tftp-file-not-found", Severity.ERROR, "Title <b>bold</b>",
                "The phone asked for '<script>x</script>&amp;' (frame 7), then frame 9.", "Put \"it\" there\u0007.",
                List.of(7L, 9L), null, 90, -1);
        Rendered page;
        try (AnalysedCapture result = AnalysedCapture.of(sampleCaptures().resolve("tftp-rrq.pcap"), OuiRegistry.empty())) {
            page = Rendered.of(DiagnosisPage.general(result.analysis(), List.of(hostile)));
        }
        assertTrue(page.text().contains("The phone asked for '<script>x</script>&amp;' (frame 7), then frame 9."),
                page.text());
        assertTrue(page.text().contains("Put \"it\" there\uFFFD."), page.text());
        assertTrue(page.text().contains("Title <b>bold</b>"), page.text());
        assertEquals(Set.of(7L, 9L), page.frameLinks());
        assertEquals(Set.of(7L, 9L), page.firstEvidence());
    }

    /** A phone flooding 2,000 requests: the page lists the first {@value DiagnosisPage#SHOWN_ROWS} and counts the rest. */
    @Test
    void aFloodOfRequestsIsListedInPart(@TempDir Path dir) throws Exception {
        Path capture = dir.resolve("flood.pcap");
        int requests = 2000;
        try (PcapWriter w = PcapWriter.create(capture, LinkType.ETHERNET)) {
            for (int i = 0; i < requests; i++) {
                byte[] frame = tftpReadRequest(10_000 + i, "spa71f6.bin");
                w.write(1_700_000_000L + i, 0, frame.length, LinkType.ETHERNET, frame, 0, frame.length, null);
            }
        }
        assertEquals(requests, Tshark.frames(capture, "tftp.opcode == 1").size(), "tshark reads the requests");
        try (AnalysedCapture result = AnalysedCapture.of(capture, OuiRegistry.system())) {
            Verdict v = result.diagnosis().verdict("00:0e:08:c3:52:5a");
            assertNotNull(v, "no verdict for the phone");
            assertEquals(requests, result.analysis().fileTransfersOf(v.device()).size());
            Rendered page = Rendered.of(DiagnosisPage.of(result.analysis(), v));
            int hidden = requests - DiagnosisPage.SHOWN_ROWS;
            assertTrue(page.text().contains("\u2026 and " + hidden + " more transfers"), page.text());
            int events = org.phonerescue.core.session.Timeline.of(result.analysis(), v.device()).size();
            assertTrue(events > requests, "a request and an end per transfer: " + events);
            assertTrue(page.text().contains("\u2026 and " + (events - DiagnosisPage.SHOWN_ROWS) + " more events"),
                    page.text());
            // the chart draws each end of the flood, and its row says so
            RecoveryTimeline timeline = result.timeline();
            assertEquals(2 * RecoveryTimeline.ENDS_SHOWN, timeline.marks().size());
            assertTrue(timeline.rows().get(0).endsWith("(first and last " + RecoveryTimeline.ENDS_SHOWN + " of " + events
                                                       + " moments)"), timeline.rows().get(0));
        }
    }

    /** An Ethernet/IPv4/UDP frame with a TFTP RRQ (RFC 1350 §5) from a Linksys phone at 10.0.0.5 to 10.0.0.1:69. */
    private static byte[] tftpReadRequest(int sourcePort, String file) {
        byte[] tftp = ("\0\1" + file + "\0octet\0").getBytes(StandardCharsets.US_ASCII);
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(14 + 20 + 8 + tftp.length);
        b.put(new byte[] {0x02, 0x50, 0x52, 0, 0, 1}).put(new byte[] {0x00, 0x0e, 0x08, (byte) 0xc3, 0x52, 0x5a})
                .putShort((short) 0x0800);
        int ipStart = b.position();
        b.put((byte) 0x45).put((byte) 0).putShort((short) (20 + 8 + tftp.length)).putShort((short) 0).putShort((short) 0)
                .put((byte) 64).put((byte) 17).putShort((short) 0).put(new byte[] {10, 0, 0, 5}).put(new byte[] {10, 0, 0, 1});
        int sum = 0;
        for (int i = ipStart; i < ipStart + 20; i += 2) {
            sum += ((b.get(i) & 0xff) << 8) | (b.get(i + 1) & 0xff);
        }
        sum = (sum & 0xffff) + (sum >>> 16);
        b.putShort(ipStart + 10, (short) ~((sum & 0xffff) + (sum >>> 16)));
        b.putShort((short) sourcePort).putShort((short) 69).putShort((short) (8 + tftp.length)).putShort((short) 0)
                .put(tftp);
        return b.array();
    }

    /** A capture tshark calls damaged: the page says where reading stopped, before anything else. */
    @Test
    void aDamagedCaptureSaysWhereReadingStopped() throws Exception {
        Path capture = Path.of(System.getProperty("shared.captures.dir", "../../../shared/captures"),
                "malformed", "suricata_bug-6875-fuzz.pcap");
        String tshark = Files.readString(Path.of(capture + ".tshark.err"), StandardCharsets.UTF_8);
        assertTrue(tshark.contains("appears to be damaged or corrupt"), tshark);
        try (AnalysedCapture result = AnalysedCapture.of(capture, OuiRegistry.system())) {
            assertTrue(result.diagnosis().verdicts().isEmpty());
            Rendered page = Rendered.of(DiagnosisPage.message("nothing", result.analysis().warnings()));
            String warning = "The capture has a problem (what follows is from what could be read): "
                             + "reading stopped at byte offset 228: ";
            assertTrue(page.text().strip().startsWith(warning), page.text());
        }
    }

    /**
     * A page as Swing's HTML kit reads it: its text, the frames it links to, and those linked on
     * the first finding's "Evidence:" line.
     */
    record Rendered(String text, TreeSet<Long> frameLinks, TreeSet<Long> firstEvidence) {
        static Rendered of(String html) throws IOException, BadLocationException {
            HTMLEditorKit kit = new HTMLEditorKit();
            HTMLDocument doc = (HTMLDocument) kit.createDefaultDocument();
            kit.read(new StringReader(html), doc, 0);
            TreeSet<Long> frames = new TreeSet<>();
            TreeSet<Long> evidence = new TreeSet<>();
            String text = doc.getText(0, doc.getLength());
            int evidenceStart = text.indexOf("Evidence:");
            int lineEnd = evidenceStart < 0 ? -1 : text.indexOf('\n', evidenceStart);
            int evidenceEnd = evidenceStart < 0 ? -1 : lineEnd < 0 ? text.length() : lineEnd;
            for (HTMLDocument.Iterator it = doc.getIterator(HTML.Tag.A); it.isValid(); it.next()) {
                AttributeSet a = it.getAttributes();
                String href = (String) a.getAttribute(HTML.Attribute.HREF);
                if (href != null && href.startsWith(DiagnosisPage.FRAME_LINK)) {
                    long frame = Long.parseLong(href.substring(DiagnosisPage.FRAME_LINK.length()));
                    assertEquals(Long.toString(frame), doc.getText(it.getStartOffset(),
                            it.getEndOffset() - it.getStartOffset()), "a frame link shows another number");
                    frames.add(frame);
                    if (it.getStartOffset() > evidenceStart && it.getStartOffset() < evidenceEnd) {
                        evidence.add(frame);
                    }
                }
            }
            return new Rendered(text.replace('\u00a0', ' '), frames, evidence);
        }
    }

    /** Frame numbers a display filter matches, by tshark. */
    static final class Tshark {
        static Set<Long> frames(Path capture, String filter) throws IOException, InterruptedException {
            Process p = new ProcessBuilder("tshark", "-n", "-r", capture.toString(), "-Y", filter, "-T", "fields",
                    "-e", "frame.number").redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            assertEquals(0, p.waitFor(), "tshark failed on " + capture + " with " + filter);
            Set<Long> frames = new TreeSet<>();
            out.lines().filter(l -> !l.isBlank()).forEach(l -> frames.add(Long.parseLong(l.trim())));
            return frames;
        }
    }
}
