package org.phonerescue.core.diagnosis.rules;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.stream.Collectors;
import org.phonerescue.core.device.Device;
import org.phonerescue.core.firmware.CheckFinding;
import org.phonerescue.core.firmware.SpaImage;
import org.phonerescue.core.firmware.SpaImageCheck;
import org.phonerescue.core.firmware.SpaImageReport;
import org.phonerescue.core.session.CaptureAnalysis;
import org.phonerescue.core.session.PhoneSigns;
import org.phonerescue.core.session.SpaMessage;
import org.phonerescue.core.transfer.FileContent;
import org.phonerescue.core.transfer.FileTransfer;

/** The SPA image a transfer carried, checked as the loader checks it (spa-recovery-protocol.md, "Firmware image container"). */
final class TransferredImage {

    private TransferredImage() {
    }

    /**
     * The check of what {@code t} carried when it is an SPA image whose bytes the analysis kept;
     * null otherwise. {@code loader} (may be null) is the version the phone reported.
     */
    static SpaImageReport check(FileTransfer t, String loader) {
        FileContent c = t.content();
        if (c == null || !c.kept() || c.size() < SpaImage.MAGIC.length) {
            return null;
        }
        try {
            if (!SpaImage.hasMagic(c.head(SpaImage.MAGIC.length))) {
                return null;
            }
            try (InputStream in = c.open()) {
                return SpaImageCheck.check(in, c.size(), loader);
            }
        } catch (IOException e) {
            return null; // a content whose temporary file is gone cannot be checked
        }
    }

    /**
     * The check of an intact SPA image whose version is on the other side of the loader rule from
     * the version the phone's Reply reported (field notes §1); null for any other download, or
     * when the phone reported no loader version.
     */
    static SpaImageReport unsuitedForLoader(FileTransfer image, SpaMessage reply) {
        if (reply == null || reply.loaderVersion() == null) {
            return null;
        }
        SpaImageReport r = check(image, reply.loaderVersion());
        return r != null && !r.broken() && r.loaderMismatch() ? r : null;
    }

    /** The phone's last SPA Reply, which carries its loader version; null when it sent none. */
    static SpaMessage loaderReply(CaptureAnalysis a, Device d) {
        SpaMessage last = null;
        for (SpaMessage m : a.spa()) {
            if (m.kind() == SpaMessage.Kind.REPLY && PhoneSigns.sentBy(d, m.senderMac(), m.senderIp())) {
                last = m;
            }
        }
        return last;
    }

    /** "length: …; module 3: …" — the problems of a check, the loader comparison left out unless asked. */
    static String problems(SpaImageReport r, boolean withLoader) {
        List<CheckFinding> p = r.problems().stream()
                .filter(f -> withLoader || !f.subject().equals(SpaImageCheck.LOADER)).toList();
        String text = p.stream().limit(4).map(f -> f.subject() + ": " + f.text()).collect(Collectors.joining("; "));
        return p.size() > 4 ? text + "; and " + (p.size() - 4) + " more" : text;
    }

    /** What the check says of the loader: "the loader is 7.4.4rec and the image 7.6.2f: …", without its label. */
    static String loaderProblem(SpaImageReport r) {
        return r.problems().stream().filter(f -> f.subject().equals(SpaImageCheck.LOADER)).map(CheckFinding::text)
                .collect(Collectors.joining("; "));
    }
}
