package org.phonerescue.core.diagnosis.rules;

import java.util.ArrayList;
import java.util.List;
import org.phonerescue.core.device.Device;
import org.phonerescue.core.diagnosis.Finding;
import org.phonerescue.core.diagnosis.Rule;
import org.phonerescue.core.diagnosis.Severity;
import org.phonerescue.core.diagnosis.rules.AwaitedImage.Family;
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

    @Override
    public String id() {
        return "silent-after-download";
    }

    @Override
    public String title() {
        return "No sign of the phone's recovery long after its download";
    }

    @Override
    public Severity severity() {
        return Severity.WARNING;
    }

    @Override
    public List<Finding> evaluate(CaptureAnalysis a) {
        List<Finding> out = new ArrayList<>();
        for (Device d : a.devices()) {
            FileTransfer image = AwaitedImage.of(a, d);
            if (image == null || !AwaitedImage.overdue(a, image)) {
                continue;
            }
            Family family = AwaitedImage.family(image);
            List<Long> evidence = new ArrayList<>(List.of(image.requestFrame(), image.lastFrame()));
            StringBuilder why = new StringBuilder("The phone downloaded ").append(AwaitedImage.described(image))
                    .append(". The capture runs on for ").append(minutes(PhoneSigns.captureAfter(a, image)))
                    .append(" after it, and nothing shows how the recovery went: the phone neither comes back asking "
                            + "for its firmware nor registers (SIP or SCCP)");
            if (PhoneSigns.silentAfter(d, image)) {
                why.append("; it sent nothing after the download");
            } else {
                // still sending (ARP, link housekeeping), but nothing that tells its loader from its firmware
                boolean toTheEnd = d.lastTime() != Long.MIN_VALUE && a.lastTime() - d.lastTime() < 60_000_000_000L;
                if (toTheEnd || d.lastTime() == Long.MIN_VALUE) {
                    why.append("; it goes on sending, up to frame ").append(d.lastFrame())
                            .append(toTheEnd ? " near the end of the capture" : "")
                            .append(", but nothing that shows whether it runs its loader or its firmware");
                } else {
                    why.append("; its last frame, frame ").append(d.lastFrame()).append(", came ")
                            .append(duration(d.lastTime() - image.endTime()))
                            .append(" after the download and shows nothing of whether it runs its loader or its firmware");
                }
                evidence.add(d.lastFrame());
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

    /** "3 s", "25 minutes". */
    private static String duration(long nanos) {
        return nanos < 60_000_000_000L ? Math.round(nanos / 1e9) + " s" : minutes(nanos);
    }

    /** "25 minutes", "1 h 5 min". */
    private static String minutes(long nanos) {
        long minutes = Math.round(nanos / 60e9);
        return minutes == 1 ? "1 minute" : minutes < 60 ? minutes + " minutes" : minutes / 60 + " h " + minutes % 60 + " min";
    }
}
