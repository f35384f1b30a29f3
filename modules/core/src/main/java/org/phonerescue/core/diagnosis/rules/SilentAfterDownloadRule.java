package org.phonerescue.core.diagnosis.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.phonerescue.core.device.Device;
import org.phonerescue.core.device.RequestedFile;
import org.phonerescue.core.diagnosis.Finding;
import org.phonerescue.core.diagnosis.Rule;
import org.phonerescue.core.diagnosis.Severity;
import org.phonerescue.core.session.CaptureAnalysis;
import org.phonerescue.core.session.PhoneSigns;
import org.phonerescue.core.transfer.FileTransfer;

/**
 * The phone downloaded its image completely, the capture runs on for longer than writing the
 * image and rebooting take, and the phone never shows what came of it: it neither comes back in
 * recovery nor runs its firmware. Writing the flash takes a few minutes on an SPA (field notes
 * §1) and a Snom restarts a few minutes after its download (§2); a Cisco 79xx recovery takes up
 * to 15 minutes and one idle after 20 is stuck (§3). Within those times the capture is merely
 * too short ({@code capture-ended-after-download}); past them the phone is stuck, or came back
 * where this capture cannot see it.
 */
public final class SilentAfterDownloadRule implements Rule {

    /** Field notes §3: "after 20 minutes consider it stuck". */
    static final long CISCO_STUCK_NANOS = 20 * 60 * 1_000_000_000L;
    /** "A few minutes" to write the flash (SPA) or to restart (Snom), three times over. */
    static final long OTHER_STUCK_NANOS = 10 * 60 * 1_000_000_000L;

    @Override
    public String id() {
        return "silent-after-download";
    }

    @Override
    public String title() {
        return "Phone silent long after its download";
    }

    @Override
    public Severity severity() {
        return Severity.WARNING;
    }

    /** Whether the capture runs on after the download for longer than the phone needs to write and reboot. */
    static boolean silentTooLong(CaptureAnalysis a, FileTransfer image) {
        return CaptureEndedAfterDownloadRule.quietAfter(a, image) >= stuckAfter(family(image));
    }

    private enum Family { SPA, SNOM, CISCO, OTHER }

    private static Family family(FileTransfer image) {
        return switch (RequestedFile.of(PhoneSigns.fileName(image.file())).kind()) {
            case SPA_IMAGE -> Family.SPA;
            case SNOM_IMAGE -> Family.SNOM;
            case CISCO_IMAGE, CISCO_LOADS -> Family.CISCO;
            default -> Family.OTHER;
        };
    }

    private static long stuckAfter(Family family) {
        return family == Family.CISCO ? CISCO_STUCK_NANOS : OTHER_STUCK_NANOS;
    }

    @Override
    public List<Finding> evaluate(CaptureAnalysis a) {
        List<Finding> out = new ArrayList<>();
        for (Device d : a.devices()) {
            FileTransfer image = CaptureEndedAfterDownloadRule.awaitingResult(a, d);
            if (image == null || !silentTooLong(a, image)) {
                continue;
            }
            Family family = family(image);
            List<Long> evidence = new ArrayList<>(List.of(image.requestFrame(), image.lastFrame()));
            StringBuilder why = new StringBuilder("The phone downloaded ")
                    .append(CaptureEndedAfterDownloadRule.downloaded(image))
                    .append(String.format(Locale.ROOT, ". The capture runs on for %s after it, and nothing shows how the "
                            + "recovery went: the phone neither comes back asking for its firmware nor registers (SIP "
                            + "or SCCP)", minutes(CaptureEndedAfterDownloadRule.quietAfter(a, image))));
            if (d.lastFrame() > image.lastFrame()) {
                why.append("; the last frame it sent is frame ").append(d.lastFrame());
                if (d.lastTime() != Long.MIN_VALUE && image.endTime() != Long.MIN_VALUE) {
                    long after = d.lastTime() - image.endTime();
                    why.append(after < 60_000_000_000L ? String.format(Locale.ROOT, ", %.0f s after the download", after / 1e9)
                            : ", " + minutes(after) + " after the download");
                }
                evidence.add(d.lastFrame());
            } else {
                why.append("; it sent nothing more");
            }
            why.append(". ").append(switch (family) {
                case SPA -> "An SPA phone writes its flash for a few minutes after the download, then boots "
                        + "(field notes §1): it has had far longer than that.";
                case SNOM -> "A Snom phone restarts a few minutes after its download (field notes §2): it has had "
                        + "far longer than that.";
                case CISCO -> "A Cisco 79xx recovery takes up to 15 minutes, and one idle after 20 is stuck (field "
                        + "notes §3).";
                case OTHER -> "Writing an image and rebooting take minutes, not this long.";
            });
            out.add(finding(d.key(), 50, why.toString(), remedy(family), evidence, image.requestFrame()));
        }
        return out;
    }

    private static String remedy(Family family) {
        String elsewhere = "If it shows its normal screen, it recovered where this capture cannot see it: a booted "
                + "phone asks DHCP on its port and may move to its voice VLAN, so capture there to see it register.";
        return switch (family) {
            case SPA -> "Look at the phone. If it shows S.O.S. (PhoneInRecoveryMode) again, the loader refused the image: "
                    + "use the recovery tool whose version suits the loader (a loader of 7.5.2b or older needs a tool of "
                    + "7.5.2b or older, a newer loader a newer tool; the tool shows the loader version); a right image "
                    + "that still fails on a known-good tool and loader points to broken flash. " + elsewhere
                    + " If it is dark or frozen, power-cycle it (it has had time enough to write its flash) and capture "
                    + "again from power-on.";
            case SNOM -> "Look at the phone. " + elsewhere + " Its settings are erased by the recovery: provision it "
                    + "again. If it is back in rescue mode or frozen, check that the image is the one for this model, "
                    + "power-cycle it and recover it again, over HTTP if it was not.";
            case CISCO -> "Consider it stuck (field notes §3): look at the phone's display, check the network (every "
                    + "file of the packing list on the TFTP server, option 150), then factory-reset it and repeat. "
                    + elsewhere;
            case OTHER -> "Look at the phone. " + elsewhere + " If it is frozen or back in its recovery mode, "
                    + "power-cycle it and repeat the recovery with a capture from power-on.";
        };
    }

    /** "25 minutes", "1 h 5 min". */
    private static String minutes(long nanos) {
        long minutes = Math.round(nanos / 60e9);
        return minutes < 60 ? minutes + " minutes" : minutes / 60 + " h " + minutes % 60 + " min";
    }
}
