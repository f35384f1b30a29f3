package org.phonerescue.core.diagnosis.rules;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.phonerescue.core.device.RequestedFile;
import org.phonerescue.core.diagnosis.Finding;
import org.phonerescue.core.diagnosis.Rule;
import org.phonerescue.core.diagnosis.Severity;
import org.phonerescue.core.session.CaptureAnalysis;
import org.phonerescue.core.transfer.TftpTransfer;
import org.phonerescue.core.transfer.TransferOutcome;

/**
 * A TFTP server answered a request with an ERROR of one kind (RFC 1350 §5): one finding per
 * phone and file, citing every refused request.
 */
abstract class TftpErrorRule implements Rule {

    @Override
    public Severity severity() {
        return Severity.ERROR;
    }

    /** Whether this rule covers the error. */
    abstract boolean matches(int code, String message);

    /** Whether a refusal of this file belongs to another rule (e.g. configuration files). */
    boolean skips(RequestedFile file) {
        return false;
    }

    /**
     * Request frames of refusals another rule's finding already names and cites, so this rule
     * leaves them out; none by default.
     */
    Set<Long> coveredElsewhere(CaptureAnalysis a) {
        return Set.of();
    }

    /** What the error means for this file. */
    abstract String explain(TftpTransfer t, RequestedFile file, int times);

    abstract String remedy(TftpTransfer t, RequestedFile file);

    /**
     * What else the capture tells about this refusal: a sentence for the explanation, one for the
     * remedy and the frames that show it; null when nothing.
     */
    Context context(CaptureAnalysis a, TftpTransfer t, RequestedFile file) {
        return null;
    }

    /** More about a refusal, from elsewhere in the capture. */
    record Context(String explanation, String remedy, List<Long> evidence) {
    }

    @Override
    public List<Finding> evaluate(CaptureAnalysis a) {
        Map<String, List<TftpTransfer>> refused = new LinkedHashMap<>();
        Set<Long> covered = null;
        for (TftpTransfer t : a.transfers()) {
            if (t.outcome() == TransferOutcome.ERROR && !t.errorFromClient() && matches(t.errorCode(), message(t))
                    && !skips(RequestedFile.of(t.file()))) {
                if (covered == null) {
                    covered = coveredElsewhere(a);
                }
                if (covered.contains(t.requestFrame())) {
                    continue;
                }
                refused.computeIfAbsent(FindingText.clientKey(a, t) + "|" + t.file(), k -> new ArrayList<>()).add(t);
            }
        }
        List<Finding> out = new ArrayList<>();
        for (List<TftpTransfer> group : refused.values()) {
            TftpTransfer t = group.get(0);
            TftpTransfer last = group.get(group.size() - 1);
            List<Long> evidence = new ArrayList<>();
            for (TftpTransfer g : group) {
                evidence.add(g.requestFrame());
                evidence.add(g.errorFrame());
            }
            // fixed during the capture: the same client got the file later
            boolean laterServed = a.transfers().stream().anyMatch(o -> o.requestFrame() > last.requestFrame()
                    && o.outcome() == TransferOutcome.COMPLETE && o.file().equals(t.file())
                    && o.client().ip().equals(t.client().ip()));
            RequestedFile file = RequestedFile.of(t.file());
            Context context = context(a, t, file);
            String explanation = explain(t, file, group.size()) + (context == null ? "" : " " + context.explanation())
                    + (laterServed ? " A later request for the same file succeeded, so this was fixed during the capture." : "");
            if (context != null) {
                evidence.addAll(context.evidence());
            }
            out.add(finding(FindingText.clientKey(a, t), laterServed ? 30 : 90, explanation,
                    context == null ? remedy(t, file) : context.remedy() + " " + remedy(t, file), evidence,
                    t.requestFrame()));
        }
        return out;
    }

    static String message(TftpTransfer t) {
        return t.errorMessage() == null ? "" : t.errorMessage().toLowerCase(Locale.ROOT);
    }

    /** "The server 10.1.1.10 refused 3 requests for 'x' (frames …): ERROR 1 'File not found'." */
    static String refused(TftpTransfer t, int times, String what) {
        return "The TFTP server " + (t.server() != null ? t.server().ip() : t.requestedServer().ip()) + " answered "
                + (times > 1 ? times + " requests" : "the request") + " for '" + t.file() + "' with ERROR "
                + t.errorCode()
                + (t.errorMessage() != null && !t.errorMessage().isEmpty() ? " \"" + t.errorMessage() + "\"" : "")
                + " (frame " + t.errorFrame() + "): " + what + ".";
    }
}
