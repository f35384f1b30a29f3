package org.phonerescue.core.diagnosis.rules;

import java.util.ArrayList;
import java.util.List;
import org.phonerescue.core.device.Device;
import org.phonerescue.core.device.Role;
import org.phonerescue.core.diagnosis.Finding;
import org.phonerescue.core.diagnosis.Rule;
import org.phonerescue.core.diagnosis.Severity;
import org.phonerescue.core.session.CaptureAnalysis;
import org.phonerescue.core.session.PhoneSigns;
import org.phonerescue.core.session.Sign;
import org.phonerescue.core.transfer.FileTransfer;
import org.phonerescue.core.transfer.TransferProtocol;

/**
 * The phone runs its application firmware after its last image download, and nothing later
 * shows it back in its loader. Field notes §1: "the reliable sign of success is the phone
 * booting to its normal screen (on the wire: normal firmware behaviour such as DHCP, SIP
 * registration, provisioning requests)".
 */
public final class RecoveredRule implements Rule {

    @Override
    public String id() {
        return "recovered";
    }

    @Override
    public String title() {
        return "Phone recovered";
    }

    @Override
    public Severity severity() {
        return Severity.INFO;
    }

    @Override
    public List<Finding> evaluate(CaptureAnalysis a) {
        List<Finding> out = new ArrayList<>();
        for (Device d : a.devices()) {
            if (d.role() != Role.PHONE) {
                continue;
            }
            List<FileTransfer> images = PhoneSigns.completedImages(a, d);
            FileTransfer last = images.isEmpty() ? null : images.get(images.size() - 1);
            // without a download seen, only SIP or SCCP proves the firmware works (field notes §1, §3)
            List<Sign> signs = PhoneSigns.application(a, d).stream()
                    .filter(s -> last != null || s.kind() == Sign.Kind.REGISTRATION).toList();
            Sign running = PhoneSigns.firstAfter(signs, last == null ? 0 : last.lastFrame());
            if (running == null) {
                continue;
            }
            List<Sign> restarts = PhoneSigns.merged(PhoneSigns.recovery(a, d),
                    last == null ? List.of() : PhoneSigns.requestedAgain(a, d, last));
            if (PhoneSigns.firstAfter(restarts, running.frame()) != null) {
                continue; // back in its loader afterwards: not recovered
            }
            String explanation;
            List<Long> evidence = new ArrayList<>(List.of(running.frame()));
            if (last != null) {
                explanation = "The phone downloaded " + last.file() + " completely"
                        + (last.protocol() != TransferProtocol.TFTP ? " by " + last.protocol().name() : "") + " ("
                        + FindingText.bytes(last.bytes())
                        + ", frames " + last.firstFrame() + "–" + last.lastFrame() + "), then " + running.what()
                        + " (frame " + running.frame() + "): it booted its firmware. Nothing later shows it back in "
                        + "recovery mode.";
                evidence.add(last.requestFrame());
                evidence.add(last.lastFrame());
            } else {
                explanation = "The phone runs its application firmware: it " + running.what() + " (frame "
                        + running.frame() + "), and nothing shows it in recovery mode afterwards.";
            }
            out.add(finding(d.key(), last != null ? 95 : 60, explanation,
                    "Nothing to recover. If the phone still misbehaves, look at its provisioning (configuration "
                            + "server, SIP account) rather than at the firmware.", evidence,
                    last != null ? last.requestFrame() : -1));
        }
        return out;
    }
}
