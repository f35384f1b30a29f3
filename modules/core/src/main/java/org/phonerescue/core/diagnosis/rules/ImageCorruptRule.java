package org.phonerescue.core.diagnosis.rules;

import java.util.ArrayList;
import java.util.List;
import org.phonerescue.core.diagnosis.Finding;
import org.phonerescue.core.diagnosis.Rule;
import org.phonerescue.core.diagnosis.Severity;
import org.phonerescue.core.firmware.SpaImageReport;
import org.phonerescue.core.session.CaptureAnalysis;
import org.phonerescue.core.session.PhoneSigns;
import org.phonerescue.core.transfer.FileTransfer;
import org.phonerescue.core.transfer.TransferOutcome;
import org.phonerescue.core.transfer.TransferProtocol;

/**
 * A download completed, but what it carried is a damaged SPA image: truncated or padded, a
 * header digest or a module MD5 that does not match, a module outside the file. The loader runs
 * the same checks after the download and on any failure silently returns to its loop
 * (spa-recovery-protocol.md, "What the phone does after an Upgrade"), so the phone will come back
 * in recovery whatever else is right. Needs the transfer's bytes (kept by the analysis for
 * contents that start like an SPA image).
 */
public final class ImageCorruptRule implements Rule {

    @Override
    public String id() {
        return "image-corrupt";
    }

    @Override
    public String title() {
        return "Downloaded image is damaged";
    }

    @Override
    public Severity severity() {
        return Severity.ERROR;
    }

    @Override
    public List<Finding> evaluate(CaptureAnalysis a) {
        List<Finding> out = new ArrayList<>();
        for (FileTransfer t : a.fileTransfers()) {
            if (!t.read() || t.outcome() != TransferOutcome.COMPLETE || !PhoneSigns.downloaded(t)) {
                continue; // an unfinished download is cut short by its own cause, found by the transfer rules
            }
            SpaImageReport r = TransferredImage.check(t, null);
            if (r == null || !r.broken()) {
                continue;
            }
            String explanation = "The phone downloaded '" + t.file() + "' completely"
                    + (t.protocol() != TransferProtocol.TFTP ? " by " + t.protocol().name() : "") + " ("
                    + FindingText.bytes(t.bytes())
                    + ", frames " + t.firstFrame() + "–" + t.lastFrame() + "), but it is not an intact SPA image"
                    + (r.image().version() != null && !r.image().version().isEmpty() ? " (version " + r.image().version()
                    + ")" : "") + ": " + TransferredImage.problems(r, false) + ". The loader makes the same checks "
                    + "before flashing and silently goes back to its recovery loop when one fails.";
            String remedy = "The server sends a damaged file: replace it with the image from the vendor's firmware "
                    + "package and check it first with 'phonerescue check-image FILE' (the file saved by "
                    + "'phonerescue diagnose --extract' shows the same problems). A copy cut short by an interrupted "
                    + "download, or a file edited or re-packed, is the usual cause.";
            List<Long> evidence = new ArrayList<>(List.of(t.requestFrame(), t.lastFrame()));
            if (t.firstDataFrame() > 0) {
                evidence.add(t.firstDataFrame());
            }
            out.add(finding(FindingText.clientKey(a, t), 95, explanation, remedy, evidence, t.requestFrame()));
        }
        return out;
    }
}
