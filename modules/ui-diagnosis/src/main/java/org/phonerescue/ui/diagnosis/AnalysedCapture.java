package org.phonerescue.ui.diagnosis;

import java.io.IOException;
import java.nio.file.Path;
import org.phonerescue.core.device.OuiRegistry;
import org.phonerescue.core.diagnosis.Diagnosis;
import org.phonerescue.core.diagnosis.DiagnosisEngine;
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
 */
record AnalysedCapture(Path file, CaptureAnalysis analysis, Diagnosis diagnosis) implements AutoCloseable {

    /** The same pass and rules as {@code phonerescue diagnose --extract}. */
    static AnalysedCapture of(Path file, OuiRegistry registry) throws IOException {
        CaptureAnalysis analysis = CaptureAnalyzer.analyze(file, registry, ContentStore.keeping());
        try {
            return new AnalysedCapture(file, analysis, new DiagnosisEngine(StandardRules.all()).diagnose(analysis));
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
