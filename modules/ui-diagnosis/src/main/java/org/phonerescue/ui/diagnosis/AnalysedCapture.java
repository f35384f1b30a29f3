package org.phonerescue.ui.diagnosis;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.phonerescue.core.device.Device;
import org.phonerescue.core.device.OuiRegistry;
import org.phonerescue.core.diagnosis.Diagnosis;
import org.phonerescue.core.diagnosis.DiagnosisEngine;
import org.phonerescue.core.diagnosis.Verdict;
import org.phonerescue.core.diagnosis.rules.StandardRules;
import org.phonerescue.core.report.SavedFiles;
import org.phonerescue.core.session.CaptureAnalysis;
import org.phonerescue.core.session.CaptureAnalyzer;
import org.phonerescue.core.transfer.ContentStore;
import org.phonerescue.core.transfer.FileTransfer;

/**
 * A capture read by the analysis, and its diagnosis: what the diagnosis window shows. Like
 * {@code phonerescue diagnose}, the analysis keeps only the contents its file checks read (SPA
 * images, packing lists, configurations): a capture of firmware downloads would otherwise fill the
 * disk with temporary copies each time it is opened. Saving a file reads the capture again, keeping
 * contents, and checks that it is the same file by its SHA-256. {@link #close()} releases the
 * analysis's content store.
 *
 * @param file      the capture (absolute)
 * @param registry  the vendor listings the analysis used (for a second pass)
 * @param analysis  the one pass over it
 * @param diagnosis the verdicts of the standard rules
 * @param timeline  the recovery timeline of the devices with a verdict (the first {@value #TIMELINE_ROWS})
 */
record AnalysedCapture(Path file, OuiRegistry registry, CaptureAnalysis analysis, Diagnosis diagnosis,
                       RecoveryTimeline timeline) implements AutoCloseable {

    /** Rows of the timeline chart: phones come first, and more rows than this would not be readable. */
    static final int TIMELINE_ROWS = 64;

    /** The same pass and rules as {@code phonerescue diagnose}. */
    static AnalysedCapture of(Path file, OuiRegistry registry) throws IOException {
        CaptureAnalysis analysis = CaptureAnalyzer.analyze(file, registry, ContentStore.forChecks());
        try {
            Diagnosis diagnosis = new DiagnosisEngine(StandardRules.all()).diagnose(analysis);
            List<Device> devices = diagnosis.verdicts().stream().map(Verdict::device).limit(TIMELINE_ROWS).toList();
            return new AnalysedCapture(file, registry, analysis, diagnosis, RecoveryTimeline.of(analysis, devices));
        } catch (RuntimeException e) {
            analysis.close();
            throw e;
        }
    }

    /** The transfers with bytes to save, in the analysis's order. */
    List<FileTransfer> saveable() {
        return analysis.fileTransfers().stream().filter(SavedFiles::hasBytes).toList();
    }

    /** Saves every transferred file into {@code directory}, named as {@code diagnose --extract} names them. */
    List<Path> saveAll(Path directory) throws IOException {
        try (CaptureAnalysis again = againKeepingContents()) {
            for (FileTransfer t : saveable()) {
                sameFile(t, transfer(again, t.requestFrame()));
            }
            return SavedFiles.saveAll(again, directory);
        }
    }

    /** Saves the content of the transfer requested in frame {@code requestFrame} as {@code target}. */
    void save(long requestFrame, Path target) throws IOException {
        FileTransfer shown = transfer(analysis, requestFrame);
        if (shown != null && SavedFiles.saveable(shown)) {
            shown.content().saveTo(target);
            return;
        }
        try (CaptureAnalysis again = againKeepingContents()) {
            FileTransfer t = transfer(again, requestFrame);
            sameFile(shown, t);
            t.content().saveTo(target);
        }
    }

    private CaptureAnalysis againKeepingContents() throws IOException {
        return CaptureAnalyzer.analyze(file, registry, ContentStore.keeping());
    }

    private static FileTransfer transfer(CaptureAnalysis a, long requestFrame) {
        return a.fileTransfers().stream().filter(t -> t.requestFrame() == requestFrame).findFirst().orElse(null);
    }

    /** Refuses to save when the capture file changed since it was diagnosed: another file would be saved. */
    private void sameFile(FileTransfer shown, FileTransfer again) throws IOException {
        if (shown == null || again == null || !SavedFiles.saveable(again)
            || !again.content().sha256().equals(shown.content().sha256())) {
            throw new IOException(file.getFileName() + " changed since it was diagnosed: open it again to save its files");
        }
    }

    @Override
    public void close() {
        analysis.close();
    }
}
