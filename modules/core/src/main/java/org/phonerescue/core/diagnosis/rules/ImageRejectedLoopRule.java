package org.phonerescue.core.diagnosis.rules;

import java.util.ArrayList;
import java.util.List;
import org.phonerescue.core.device.Device;
import org.phonerescue.core.device.RequestedFile;
import org.phonerescue.core.diagnosis.Finding;
import org.phonerescue.core.diagnosis.Rule;
import org.phonerescue.core.diagnosis.Severity;
import org.phonerescue.core.firmware.SpaImageReport;
import org.phonerescue.core.session.CaptureAnalysis;
import org.phonerescue.core.session.PhoneSigns;
import org.phonerescue.core.session.Sign;
import org.phonerescue.core.session.SpaMessage;
import org.phonerescue.core.transfer.FileTransfer;
import org.phonerescue.core.transfer.TransferProtocol;

/**
 * An image download completed, then the same phone starts recovery again without having run
 * its firmware. Field notes §1, "Signature of a mismatch (or of broken flash)", and the version
 * rule; spa-recovery-protocol.md "Failure modes": image rejected (digest/sector check, wrong
 * model family), loader/tool version mismatch, or flash failure.
 */
public final class ImageRejectedLoopRule implements Rule {

    @Override
    public String id() {
        return "image-rejected-loop";
    }

    @Override
    public String title() {
        return "Image downloaded, phone back in recovery";
    }

    @Override
    public Severity severity() {
        return Severity.ERROR;
    }

    @Override
    public List<Finding> evaluate(CaptureAnalysis a) {
        List<Finding> out = new ArrayList<>();
        for (Device d : a.devices()) {
            List<Sign> running = PhoneSigns.application(a, d);
            List<Sign> loader = PhoneSigns.recovery(a, d);
            List<Long> evidence = new ArrayList<>();
            FileTransfer first = null;
            Sign firstRestart = null;
            int loops = 0;
            for (FileTransfer image : PhoneSigns.completedImages(a, d)) {
                Sign restart = PhoneSigns.firstAfter(
                        PhoneSigns.merged(loader, PhoneSigns.requestedAgain(a, d, image)), image.lastFrame());
                if (restart == null) {
                    continue;
                }
                Sign booted = PhoneSigns.firstAfter(running, image.lastFrame());
                if (booted != null && booted.frame() < restart.frame()) {
                    continue; // it ran its firmware first: a later, separate event
                }
                loops++;
                evidence.add(image.requestFrame());
                evidence.add(image.lastFrame());
                evidence.add(restart.frame());
                if (first == null) {
                    first = image;
                    firstRestart = restart;
                }
            }
            if (first == null) {
                continue;
            }
            SpaMessage reply = TransferredImage.loaderReply(a, d);
            if (reply != null) {
                evidence.add(reply.frame());
            }
            SpaImageReport check = TransferredImage.check(first, reply != null ? reply.loaderVersion() : null);
            String explanation = "The phone downloaded " + first.file() + " completely"
                    + (first.protocol() != TransferProtocol.TFTP ? " by " + first.protocol().name() : "") + " ("
                    + FindingText.bytes(first.bytes()) + ", SHA-256 " + sha(first) + ", frames " + first.firstFrame()
                    + "–" + first.lastFrame() + "), then " + firstRestart.what() + " (frame " + firstRestart.frame()
                    + "): it is back in its recovery loop instead of running the new firmware"
                    + (loops > 1 ? " — " + loops + " times in this capture" : "") + ". The loader rejected the image "
                    + "(wrong model family, failed digest or sector check), the recovery tool does not match the "
                    + "loader's version, or writing the flash failed." + checked(check, reply);
            out.add(finding(d.key(), 90, explanation, remedy(first, reply, check), evidence, first.requestFrame()));
        }
        return out;
    }

    private static String sha(FileTransfer t) {
        return t.content() != null ? t.content().sha256() : "unknown";
    }

    /** What checking the downloaded image says (spa-recovery-protocol.md, "Firmware image container"). */
    private static String checked(SpaImageReport check, SpaMessage reply) {
        if (check == null) {
            return "";
        }
        if (check.broken()) {
            return " Checked as the loader checks it, the downloaded image is damaged: "
                    + TransferredImage.problems(check, false) + ".";
        }
        if (check.loaderMismatch()) {
            return " The downloaded image is intact, but " + TransferredImage.loaderProblem(check)
                    + " (loader version from frame " + reply.frame() + ").";
        }
        String version = check.image().version();
        return " The downloaded image is intact by the loader's checks (header digest, every module's MD5)"
                + (reply != null && reply.loaderVersion() != null && version != null && !version.isEmpty()
                ? " and its version " + version + " suits loader " + reply.loaderVersion() + " (frame " + reply.frame() + ")"
                : "") + ".";
    }

    private static String remedy(FileTransfer image, SpaMessage reply, SpaImageReport check) {
        if (check != null && check.broken()) {
            return "Replace the image on the server with an intact copy from the vendor's firmware package and check it "
                    + "with 'phonerescue check-image FILE' before serving it.";
        }
        if (check != null && !check.loaderMismatch() && reply != null && reply.loaderVersion() != null) {
            return "Image and loader fit, and the image arrived intact: leave the phone several minutes to write its "
                    + "flash before power-cycling, and try once more. If the same good image keeps failing on this "
                    + "loader, the phone's internal flash is probably broken (field notes §1).";
        }
        RequestedFile file = RequestedFile.of(image.file());
        if (file.kind() == RequestedFile.Kind.SPA_IMAGE || reply != null) {
            String loader = reply != null && reply.loaderVersion() != null
                    ? " (the phone reports loader " + reply.loaderVersion() + " in frame " + reply.frame() + ")" : "";
            return "Use the recovery tool whose version matches the loader's" + loader + ": a loader of 7.5.2b or older "
                    + "needs a tool of 7.5.2b or older, newer loaders need newer tools (a 7.4.4 loader has no 7.4.4 "
                    + "tool: use 7.4.9c). Make sure the image is for this model family (SPA30x/50x, SPA51x and "
                    + "SPA525G images differ). Leave the phone a few minutes to write its flash before power-cycling. "
                    + "If a matching tool and image still fail, the phone's internal flash is probably broken.";
        }
        return "Check that the image is the one for this model and intact (compare its SHA-256 with the vendor's "
                + "file), and leave the phone several minutes to write its flash before power-cycling. If the same "
                + "good image keeps failing, suspect the phone's flash.";
    }
}
