package org.phonerescue.core.diagnosis.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.phonerescue.core.device.Device;
import org.phonerescue.core.diagnosis.Finding;
import org.phonerescue.core.diagnosis.Rule;
import org.phonerescue.core.diagnosis.Severity;
import org.phonerescue.core.session.CaptureAnalysis;
import org.phonerescue.core.session.PhoneSigns;
import org.phonerescue.core.transfer.FileTransfer;

/**
 * The phone downloaded its image completely and the capture ends before anything shows what
 * came of it: the phone neither comes back in recovery ({@code image-rejected-loop}) nor runs its
 * firmware ({@code recovered}). The download itself was fine, so no other rule speaks; without
 * this one the engineer would read "nothing found" and not know the capture was simply too short
 * (field notes: a phone flashes for minutes after its download, a 79xx recovery takes up to 20).
 * An SPA image whose version does not suit the loader is left to {@code image-loader-mismatch},
 * and a download that failed after the image to the rules about that download.
 */
public final class CaptureEndedAfterDownloadRule implements Rule {

    @Override
    public String id() {
        return "capture-ended-after-download";
    }

    @Override
    public String title() {
        return "Image downloaded; the capture ends before the result";
    }

    @Override
    public Severity severity() {
        return Severity.INFO;
    }

    @Override
    public List<Finding> evaluate(CaptureAnalysis a) {
        List<Finding> out = new ArrayList<>();
        for (Device d : a.devices()) {
            FileTransfer image = AwaitedImage.of(a, d);
            if (image == null || AwaitedImage.overdue(a, image)) {
                continue;
            }
            long gap = PhoneSigns.captureAfter(a, image);
            String after = gap < 0 ? "" : gap < 1_000_000_000L ? " right after it"
                    : String.format(Locale.ROOT, " %.0f s later", gap / 1e9);
            String why = "The phone downloaded " + AwaitedImage.described(image) + ". The capture ends" + after
                    + ", and nothing after the download shows how the recovery went: the phone neither comes back "
                    + "asking for its firmware nor registers (SIP or SCCP).";
            out.add(finding(d.key(), 30, why, "Nothing is wrong so far. Let the phone finish and capture for longer: it "
                    + "writes the image to its flash for a minute or more after the download (a Cisco 79xx recovery "
                    + "takes up to 15–20 minutes in all), then either registers, which means it recovered, or comes "
                    + "back in recovery, which the diagnosis then explains.",
                    List.of(image.requestFrame(), image.lastFrame()), image.requestFrame()));
        }
        return out;
    }
}
