package org.phonerescue.core.diagnosis.rules;

import java.util.ArrayList;
import java.util.List;
import org.phonerescue.core.device.Device;
import org.phonerescue.core.diagnosis.Finding;
import org.phonerescue.core.diagnosis.Rule;
import org.phonerescue.core.diagnosis.Severity;
import org.phonerescue.core.firmware.SpaImageReport;
import org.phonerescue.core.firmware.SpaVersions;
import org.phonerescue.core.session.CaptureAnalysis;
import org.phonerescue.core.session.PhoneSigns;
import org.phonerescue.core.session.SpaMessage;
import org.phonerescue.core.transfer.FileTransfer;

/**
 * An SPA phone downloaded an intact image whose version sits on the other side of the 7.5.2b
 * rule from the loader version its Reply reports (field notes §1, version rule), and the capture
 * ends before the phone shows what it made of it: it will most likely come back in S.O.S. mode.
 * When the capture shows the phone back in recovery, {@code image-rejected-loop} says the same
 * with the proof; when it shows the phone running its firmware, the versions did not matter.
 */
public final class ImageLoaderMismatchRule implements Rule {

    @Override
    public String id() {
        return "image-loader-mismatch";
    }

    @Override
    public String title() {
        return "Image version does not suit the phone's loader";
    }

    @Override
    public Severity severity() {
        return Severity.WARNING;
    }

    @Override
    public List<Finding> evaluate(CaptureAnalysis a) {
        List<Finding> out = new ArrayList<>();
        for (Device d : a.devices()) {
            SpaMessage reply = TransferredImage.loaderReply(a, d);
            if (reply == null || reply.loaderVersion() == null) {
                continue;
            }
            for (FileTransfer image : PhoneSigns.completedImages(a, d)) {
                SpaImageReport r = TransferredImage.unsuitedForLoader(image, reply);
                if (r == null) {
                    continue;
                }
                if (PhoneSigns.resultShown(a, d, image)) {
                    continue; // image-rejected-loop or recovered tells what happened
                }
                String mismatch = SpaVersions.mismatch(reply.loaderVersion(), r.image().version());
                out.add(finding(d.key(), 80, "The phone downloaded '" + image.file() + "' completely (frames "
                                + image.firstFrame() + "–" + image.lastFrame() + "); the image is intact, but "
                                + mismatch + " (loader version from the Reply in frame " + reply.frame()
                                + "). The capture ends before the phone shows the result.",
                        "Expect the phone back in S.O.S. mode. Use a recovery tool and image on the loader's side of "
                                + "the rule: " + (SpaVersions.oldSide(reply.loaderVersion()) ? SpaVersions.BOUNDARY
                                + " or older (a 7.4.4 loader takes the 7.4.9c tool)" : "newer than " + SpaVersions.BOUNDARY)
                                + "; 'phonerescue check-image FILE --loader " + reply.loaderVersion()
                                + "' checks an image before it is served.",
                        List.of(reply.frame(), image.requestFrame(), image.lastFrame()), image.requestFrame()));
                break;
            }
        }
        return out;
    }
}
