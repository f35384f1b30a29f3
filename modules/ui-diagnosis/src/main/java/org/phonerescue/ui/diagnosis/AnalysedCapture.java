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
import org.phonerescue.core.session.CaptureAnalysis;
import org.phonerescue.core.session.CaptureAnalyzer;
import org.phonerescue.core.transfer.ContentStore;

/**
 * A capture read by the analysis, and its diagnosis: what the diagnosis window shows. It owns the
 * analysis's content store, which keeps every transferred file (in temporary files beyond a memory
 * budget) so that the window can save them; {@link #close()} deletes those files.
 *
 * @param file      the capture (absolute)
 * @param analysis  the one pass over it
 * @param diagnosis the verdicts of the standard rules
 * @param timeline  the recovery timeline of the devices with a verdict (the first {@value #TIMELINE_ROWS})
 */
record AnalysedCapture(Path file, CaptureAnalysis analysis, Diagnosis diagnosis, RecoveryTimeline timeline)
        implements AutoCloseable {

    /** Rows of the timeline chart: phones come first, and more rows than this would not be readable. */
    static final int TIMELINE_ROWS = 64;

    /** The same pass and rules as {@code phonerescue diagnose --extract}. */
    static AnalysedCapture of(Path file, OuiRegistry registry) throws IOException {
        CaptureAnalysis analysis = CaptureAnalyzer.analyze(file, registry, ContentStore.keeping());
        try {
            Diagnosis diagnosis = new DiagnosisEngine(StandardRules.all()).diagnose(analysis);
            List<Device> devices = diagnosis.verdicts().stream().map(Verdict::device).limit(TIMELINE_ROWS).toList();
            return new AnalysedCapture(file, analysis, diagnosis, RecoveryTimeline.of(analysis, devices));
        } catch (RuntimeException e) {
            analysis.close();
            throw e;
        }
    }

    @Override
    public void close() {
        analysis.close();
    }
}
