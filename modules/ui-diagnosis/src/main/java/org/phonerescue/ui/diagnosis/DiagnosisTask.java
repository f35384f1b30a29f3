package org.phonerescue.ui.diagnosis;

import java.awt.EventQueue;
import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.netbeans.api.progress.ProgressHandle;
import org.openide.util.NbBundle.Messages;
import org.openide.util.RequestProcessor;
import org.phonerescue.core.device.OuiRegistry;
import org.phonerescue.core.diagnosis.Verdict;

/**
 * Diagnoses one capture off the event thread, with a progress bar, and hands the result to the
 * window on the event thread. The packet list reports an unreadable file in a dialog already, so a
 * failure here is only a line in the window and the log.
 */
@Messages({
    "# {0} - file name",
    "MSG_Diagnosing=Diagnosing {0}",
    "# {0} - file name",
    "# {1} - what the reader found",
    "ERR_NotDiagnosed=Cannot diagnose {0}: {1}"
})
final class DiagnosisTask implements Runnable {

    private static final Logger LOG = Logger.getLogger(DiagnosisTask.class.getName());
    /** One analysis at a time; a newer capture's waits for the older one, which is then dropped. */
    private static final RequestProcessor ANALYSIS = new RequestProcessor("Capture diagnosis", 1);
    /** The IEEE listings take a moment to read: once per session. */
    private static volatile OuiRegistry registry;

    private final Path file;
    private final Consumer<AnalysedCapture> done;
    private final Consumer<String> failed;

    private DiagnosisTask(Path file, Consumer<AnalysedCapture> done, Consumer<String> failed) {
        this.file = file;
        this.done = done;
        this.failed = failed;
    }

    /** Starts the diagnosis of {@code file}; exactly one of the callbacks runs later, on the event thread. */
    static void start(Path file, Consumer<AnalysedCapture> done, Consumer<String> failed) {
        ANALYSIS.post(new DiagnosisTask(file, done, failed));
    }

    @Override
    public void run() {
        ProgressHandle progress = ProgressHandle.createHandle(Bundle.MSG_Diagnosing(file.getFileName()));
        progress.start();
        progress.switchToIndeterminate();
        try {
            long started = System.nanoTime();
            AnalysedCapture result = AnalysedCapture.of(file, registry());
            log(result, (System.nanoTime() - started) / 1_000_000);
            EventQueue.invokeLater(() -> done.accept(result));
        } catch (IOException e) {
            String reason = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
            fail(Bundle.ERR_NotDiagnosed(file.getFileName(), reason), null);
        } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
            // an analysis bug (or a capture beyond its bounds) must not leave the window saying
            // "Diagnosing…" forever, nor reach the platform's exception dialog: the log keeps the trace
            fail(Bundle.ERR_NotDiagnosed(file.getFileName(), e), e);
        } finally {
            progress.finish();
        }
    }

    private void fail(String message, Throwable cause) {
        LOG.log(cause != null ? Level.INFO : Level.WARNING, message, cause);
        EventQueue.invokeLater(() -> failed.accept(message));
    }

    private static OuiRegistry registry() {
        OuiRegistry r = registry;
        if (r == null) {
            r = OuiRegistry.system();
            registry = r;
            if (!r.available()) {
                LOG.warning("No IEEE vendor listing in " + OuiRegistry.DEBIAN_DIRECTORY
                            + " (Debian package ieee-data): vendors are 'unknown'");
            }
        }
        return r;
    }

    /**
     * The line the launcher test and support engineers look for: every device's verdict, plain
     * text, e.g. "Diagnosed capture /x/y.pcap in 120 ms: 6c:5e:3b:61:79:61 phone loads-file-missing".
     */
    private static void log(AnalysedCapture result, long millis) {
        StringBuilder line = new StringBuilder("Diagnosed capture ").append(result.file()).append(" in ").append(millis)
                .append(" ms:");
        if (result.diagnosis().verdicts().isEmpty()) {
            line.append(" no phone, nothing found");
        }
        for (Verdict v : result.diagnosis().verdicts()) {
            line.append(' ').append(v.device().label()).append(' ').append(v.device().role().label()).append(' ')
                    .append(v.verdict() != null ? v.verdict() : "-").append(';');
        }
        LOG.info(line.toString());
        result.analysis().warnings().stream().limit(20)
              .forEach(w -> LOG.info("Diagnosis of " + result.file().getFileName() + ": " + w));
    }
}
