package org.phonerescue.core.diagnosis.rules;

import java.util.List;
import java.util.Locale;
import org.phonerescue.core.device.Device;
import org.phonerescue.core.session.CaptureAnalysis;
import org.phonerescue.core.transfer.FileTransfer;

/** Wording shared by the rules: byte counts, frame lists, the device behind a transfer. */
final class FindingText {

    private FindingText() {
    }

    /** "1 234 567 bytes". */
    static String bytes(long n) {
        return String.format(Locale.ROOT, "%,d", n).replace(',', ' ') + " bytes";
    }

    /** "frames 3, 5 and 9". */
    static String frames(List<Long> frames) {
        if (frames.size() == 1) {
            return "frame " + frames.get(0);
        }
        StringBuilder sb = new StringBuilder("frames ");
        int shown = Math.min(frames.size(), 8);
        for (int i = 0; i < shown; i++) {
            sb.append(i == 0 ? "" : i == frames.size() - 1 ? " and " : ", ").append(frames.get(i));
        }
        if (frames.size() > shown) {
            sb.append(" … (").append(frames.size()).append(" in all)");
        }
        return sb.toString();
    }

    /** The key of the device that requested a transfer, or null. */
    static String clientKey(CaptureAnalysis a, FileTransfer t) {
        Device d = a.client(t);
        return d == null ? null : d.key();
    }
}
