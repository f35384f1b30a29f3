package org.phonerescue.core.diagnosis.rules;

import java.util.List;
import java.util.Locale;
import org.phonerescue.core.device.Device;
import org.phonerescue.core.session.ArpMessage;
import org.phonerescue.core.session.CaptureAnalysis;
import org.phonerescue.core.transfer.FileTransfer;
import org.phonerescue.core.transfer.TftpTransfer;

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
        return frames(frames, frames.size());
    }

    /**
     * "frames 3, 5, 7, 9, 11, 13, 15, 17 … (120 in all)": the first of {@code frames}, some of
     * {@code total} frames in all (a transfer keeps the first and the last of a request's repeats);
     * a negative total tells there are more, how many not known: "frames 3, 5 …".
     */
    static String frames(List<Long> frames, long total) {
        int shown = Math.min(frames.size(), 8);
        boolean more = total < 0 || total > shown;
        if (shown == 1 && !more) {
            return "frame " + frames.get(0);
        }
        StringBuilder sb = new StringBuilder("frames ");
        for (int i = 0; i < shown; i++) {
            sb.append(i == 0 ? "" : i == shown - 1 && !more ? " and " : ", ").append(frames.get(i));
        }
        if (more) {
            sb.append(" …");
            if (total >= 0) {
                sb.append(" (").append(total).append(" in all)");
            }
        }
        return sb.toString();
    }

    /** The key of the device that requested a transfer, or null. */
    static String clientKey(CaptureAnalysis a, FileTransfer t) {
        Device d = a.client(t);
        return d == null ? null : d.key();
    }

    /**
     * The first ARP message in which a host claims this address as its own (RFC 826: every request
     * or reply that is not a probe does), or null: proof that the host is up and on the link even
     * when it sends nothing else.
     */
    static ArpMessage arpClaim(CaptureAnalysis a, String ip) {
        for (ArpMessage m : a.arp()) {
            if (m.claims() && ip.equals(m.senderIp())) {
                return m;
            }
        }
        return null;
    }

    /**
     * What the capture shows of a server that does not answer the phone's requests: " Nothing in
     * the capture comes from 10.1.1.10 at all.", or, when it answered ARP and sent nothing else,
     * that it is up and on the phone's link; its frame goes into {@code evidence}. Empty when the
     * server sends other traffic.
     */
    static String serverPresence(CaptureAnalysis a, String server, String service, List<Long> evidence) {
        if (a.sentFrom(server)) {
            return "";
        }
        ArpMessage claim = arpClaim(a, server);
        if (claim == null) {
            return " Nothing in the capture comes from " + server + " at all.";
        }
        evidence.add(claim.frame());
        return " Yet " + server + " is up and on the phone's network: it answers ARP as " + claim.senderMac()
                + " (frame " + claim.frame() + "). The address is right; its " + service + " does not answer.";
    }

    /** How a TFTP transfer ended, said of the transfer: "stalled until it timed out". */
    static String ending(TftpTransfer t) {
        return switch (t.outcome()) {
            case COMPLETE -> "completed";
            case ERROR -> "ended with the server's ERROR " + t.errorCode()
                    + (t.errorMessage() != null ? " \"" + t.errorMessage() + "\"" : "");
            case ABORTED -> "was given up by the phone";
            case TIMED_OUT -> "stalled until it timed out";
            case CAPTURE_ENDED -> "stopped where the capture ends";
        };
    }
}
