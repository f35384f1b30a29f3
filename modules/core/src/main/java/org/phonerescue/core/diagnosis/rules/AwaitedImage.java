package org.phonerescue.core.diagnosis.rules;

import java.util.List;
import org.phonerescue.core.device.Device;
import org.phonerescue.core.device.RequestedFile;
import org.phonerescue.core.device.Role;
import org.phonerescue.core.session.CaptureAnalysis;
import org.phonerescue.core.session.PhoneSigns;
import org.phonerescue.core.transfer.FileTransfer;
import org.phonerescue.core.transfer.TransferOutcome;

/**
 * A phone's complete image download whose result the capture does not show: after it the phone
 * neither comes back in recovery nor runs its firmware, no download failed and no rule about the
 * image's fit to the loader speaks. Within the time writing the image and rebooting take, the
 * capture is merely too short ({@code capture-ended-after-download}); past it
 * ({@link #overdue}), the phone is stuck or came back out of the capture's sight
 * ({@code silent-after-download}).
 */
final class AwaitedImage {

    /** Field notes §3: a 79xx recovery takes up to 15 minutes; "after 20 minutes consider it stuck". */
    static final long CISCO_STUCK_NANOS = 20 * 60 * 1_000_000_000L;
    /**
     * An SPA writes its flash for "a few minutes" (§1) and a Snom restarts "a few minutes" after
     * its download (§2): 10 minutes leaves a slow phone time and a stuck one no doubt.
     */
    static final long OTHER_STUCK_NANOS = 10 * 60 * 1_000_000_000L;

    /** What kind of phone the image is for, by its name: what the field notes say of it differs. */
    enum Family { SPA, SNOM, CISCO, OTHER }

    private AwaitedImage() {
    }

    /** The phone's last complete image download when the capture does not show what came of it; else null. */
    static FileTransfer of(CaptureAnalysis a, Device d) {
        if (d.role() != Role.PHONE) {
            return null;
        }
        List<FileTransfer> images = PhoneSigns.completedImages(a, d);
        if (images.isEmpty()) {
            return null;
        }
        FileTransfer image = images.get(images.size() - 1);
        boolean failedAfter = a.fileTransfersOf(d).stream().anyMatch(t -> t.requestFrame() > image.requestFrame()
                && t.outcome() != TransferOutcome.COMPLETE && t.outcome() != TransferOutcome.CAPTURE_ENDED);
        if (PhoneSigns.resultShown(a, d, image) || failedAfter
                || TransferredImage.unsuitedForLoader(image, TransferredImage.loaderReply(a, d)) != null) {
            return null;
        }
        return image;
    }

    static Family family(FileTransfer image) {
        return switch (RequestedFile.of(PhoneSigns.fileName(image.file())).kind()) {
            case SPA_IMAGE -> Family.SPA;
            case SNOM_IMAGE -> Family.SNOM;
            case CISCO_IMAGE, CISCO_LOADS -> Family.CISCO;
            default -> Family.OTHER;
        };
    }

    /** Whether the capture runs on after the download longer than the phone needs to write and reboot. */
    static boolean overdue(CaptureAnalysis a, FileTransfer image) {
        long after = PhoneSigns.captureAfter(a, image);
        return after >= 0 && after >= (family(image) == Family.CISCO ? CISCO_STUCK_NANOS : OTHER_STUCK_NANOS);
    }

    /** "'/snomD785-r.bin' completely by HTTP (300 000 bytes, frames 7–35, SHA-256 …)". */
    static String described(FileTransfer image) {
        String content = image.content() != null ? ", SHA-256 " + image.content().sha256() : "";
        return "'" + image.file() + "' completely by " + image.protocol().name() + " (" + FindingText.bytes(image.bytes())
                + ", frames " + image.firstFrame() + "–" + image.lastFrame() + content + ")";
    }
}
