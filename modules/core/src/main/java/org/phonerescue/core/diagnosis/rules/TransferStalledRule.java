package org.phonerescue.core.diagnosis.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.phonerescue.core.device.RequestedFile;
import org.phonerescue.core.diagnosis.Finding;
import org.phonerescue.core.diagnosis.Rule;
import org.phonerescue.core.diagnosis.Severity;
import org.phonerescue.core.session.CaptureAnalysis;
import org.phonerescue.core.session.PhoneSigns;
import org.phonerescue.core.transfer.FileTransfer;
import org.phonerescue.core.transfer.TcpAnalysis;
import org.phonerescue.core.transfer.TftpTransfer;
import org.phonerescue.core.transfer.TransferProtocol;
import org.phonerescue.core.transfer.TransferOutcome;

/**
 * A TFTP transfer that moved data, then stalled and timed out or was abandoned, or that crawled
 * with repeated blocks, duplicate ACKs and long pauses (field notes §4; RFC 1123 §4.2.3.1 on the
 * "Sorcerer's Apprentice" duplicate-ACK storm); an HTTP or FTP download that moved data, then was
 * cut short (connection reset or closed before the end) or went silent, or that needed repeated
 * TCP segments (retransmitted or out of order, as the decoder's sequence analysis flags them).
 */
public final class TransferStalledRule implements Rule {

    /** Repeats that make a transfer worth a warning. */
    static final int REPEATS = 3;
    /**
     * Repeated or out-of-order segments per 100 segments of the file, at least, for a warning: a
     * clean download across a veth pair showed 5 in 1 400 (0.4%). The file's segments are counted
     * as full Ethernet ones ({@value #FULL_SEGMENT} bytes of payload), the most a phone gets.
     */
    static final int TCP_REPEAT_PERCENT = 1;
    static final int FULL_SEGMENT = 1460;
    /**
     * Snom's note names 32 MB for FTP without saying how it counts: the lower reading, the TFTP
     * limit of 65 535 blocks of 512 bytes, as check-root takes it too.
     */
    static final long SNOM_FTP_LIMIT_BYTES = org.phonerescue.core.firmware.ServerRootCheck.TFTP_LIMIT_AT_512;
    /** A pause this long inside a transfer (ns) is a stall. */
    static final long PAUSE = 3_000_000_000L;

    @Override
    public String id() {
        return "transfer-stalled";
    }

    @Override
    public String title() {
        return "Transfer stalled or slowed by losses";
    }

    @Override
    public Severity severity() {
        return Severity.ERROR;
    }

    @Override
    public List<Finding> evaluate(CaptureAnalysis a) {
        List<Finding> out = new ArrayList<>();
        for (TftpTransfer t : a.transfers()) {
            if (t.blocks() == 0) {
                continue;
            }
            boolean died = t.outcome() == TransferOutcome.TIMED_OUT || t.outcome() == TransferOutcome.ABORTED
                    && t.errorCode() < 0;
            boolean repeats = t.retransmissions() >= REPEATS || t.duplicateAcks() >= REPEATS;
            boolean paused = t.longestSilence() >= PAUSE && t.outcome() != TransferOutcome.CAPTURE_ENDED;
            if (!died && !repeats && !paused) {
                continue;
            }
            StringBuilder why = new StringBuilder("The transfer of '" + t.file() + "' from " + t.server().ip());
            why.append(died ? " stopped after " + t.blocks() + " blocks (" + FindingText.bytes(t.bytes()) + ") and "
                    + (t.outcome() == TransferOutcome.TIMED_OUT ? "timed out" : "was started over by the phone")
                    : switch (t.outcome()) {
                        case COMPLETE -> " completed only with trouble";
                        case CAPTURE_ENDED -> " had trouble and had not finished when the capture ended, after "
                                + t.blocks() + " blocks (" + FindingText.bytes(t.bytes()) + ")";
                        default -> " had trouble before it ended with " + t.outcome().label() + " after " + t.blocks()
                                + " blocks (" + FindingText.bytes(t.bytes()) + ")";
                    }).append(':');
            List<Long> evidence = new ArrayList<>(List.of(t.requestFrame(), t.lastFrame()));
            if (t.retransmissions() > 0) {
                why.append(' ').append(t.retransmissions()).append(" DATA blocks sent again");
                if (t.retransmittedAfterAck() > 0) {
                    why.append(" (").append(t.retransmittedAfterAck()).append(" of them already ACKed: the sender "
                            + "did not get the ACKs)");
                }
                why.append(';');
                evidence.addAll(t.retransmittedFrames());
            }
            if (t.duplicateAcks() > 0) {
                why.append(' ').append(t.duplicateAcks()).append(" duplicate ACKs;");
                evidence.addAll(t.duplicateAckFrames());
            }
            if (t.longestSilence() >= PAUSE) {
                why.append(String.format(Locale.ROOT, " a pause of %.1f s before frame %d;", t.longestSilence() / 1e9,
                        t.silenceEndFrame()));
                evidence.add(t.silenceEndFrame());
            }
            if (t.throughput() > 0) {
                why.append(String.format(Locale.ROOT, " %.1f kB/s.", t.throughput() / 1000));
            } else {
                why.setCharAt(why.length() - 1, '.');
            }
            boolean apprentice = t.duplicateAcks() >= REPEATS && t.retransmissions() >= REPEATS;
            String remedy = (apprentice ? "Duplicate ACKs answered by duplicate DATA are the Sorcerer's Apprentice "
                    + "bug (RFC 1123 §4.2.3.1): use a server that does not resend on a duplicate ACK. " : "")
                    + "Packets are being lost or delayed between phone and server: connect them to the same switch "
                    + "(or directly), check for a duplex mismatch (forced full duplex on one side, auto on the "
                    + "other), and raise the server's retransmission timeout and retry count.";
            out.add(finding(died ? Severity.ERROR : Severity.WARNING, FindingText.clientKey(a, t), died ? 80 : 40,
                    why.toString(), remedy, evidence, t.requestFrame()));
        }
        for (FileTransfer t : a.tcpTransfers()) {
            boolean cut = t.outcome() == TransferOutcome.ABORTED && t.errorCode() < 0
                    || t.outcome() == TransferOutcome.TIMED_OUT;
            TcpAnalysis tcp = t.tcp();
            // TCP resends what is lost by itself; repeated segments tell of the same lossy path as repeated
            // blocks, once they are more than the odd one: a healthy path repeats a few per thousand too
            long repeated = tcp.retransmissions() + tcp.outOfOrder();
            boolean repeats = repeated >= REPEATS && repeated * 100 >= fullSegments(t) * TCP_REPEAT_PERCENT;
            if (!cut && !repeats || t.bytes() == 0) {
                continue;
            }
            String trouble = tcpTrouble(tcp);
            List<Long> evidence = new ArrayList<>(List.of(t.requestFrame(), t.lastFrame()));
            if (cut) {
                evidence.add(Math.max(t.errorFrame(), 0));
            }
            evidence.addAll(tcp.frames());
            String why = "The " + t.protocol().name() + " transfer of '" + t.file() + "' from " + t.server().ip()
                    + (cut ? " stopped after " + FindingText.bytes(t.bytes())
                    + (t.expectedSize() > 0 ? " of " + FindingText.bytes(t.expectedSize()) : "") + ": "
                    + (t.outcome() == TransferOutcome.TIMED_OUT ? "nothing more came while the capture went on"
                    : t.errorMessage() + (t.errorFrame() >= 0 ? " (frame " + t.errorFrame() + ")" : ""))
                    + (trouble.isEmpty() ? "" : "; before that, " + trouble)
                    : " completed only with trouble: " + trouble)
                    + (t.throughput() > 0 ? String.format(Locale.ROOT, "; %.1f kB/s%s", t.throughput() / 1000,
                    cut ? " until then" : "") : "") + ".";
            boolean snomOverFtpLimit = cut && snomImageOverFtpLimit(t);
            if (snomOverFtpLimit) {
                why += " The image is " + FindingText.bytes(Math.max(t.expectedSize(), t.bytes())) + ": Snom's own note "
                        + "says firmware over 32 MB fails over FTP, as over TFTP (field notes §2).";
            }
            String remedy = snomOverFtpLimit ? "Serve the image over HTTP, which Snom rescue mode offers and which has no "
                    + "32 MB limit: pick HTTP on the phone and put the file in the HTTP server's folder under the same name."
                    : cut ? "The connection broke off in the middle of the file: a firewall, proxy or NAT between "
                    + "phone and server that cuts long or idle connections, the server restarting or limiting its "
                    + "transfers, or packet loss. Connect phone and server to the same switch, look at the server's "
                    + "log for that time, and let the phone fetch the file again."
                    : "Packets are being lost or delayed between phone and server: connect them to the same switch "
                    + "(or directly) and check for a duplex mismatch (forced full duplex on one side, auto on the "
                    + "other).";
            out.add(finding(cut ? Severity.ERROR : Severity.WARNING, FindingText.clientKey(a, t), cut ? 80 : 40, why,
                    remedy, evidence, t.requestFrame()));
        }
        return out;
    }

    /**
     * A Snom firmware image over 32 MB fetched by FTP (its size from the 150 reply or SIZE, or the
     * bytes that came): Snom's note says such images fail over FTP as they do over TFTP, where
     * 65 535 blocks of 512 bytes end the transfer (field notes §2).
     */
    private static boolean snomImageOverFtpLimit(FileTransfer t) {
        return t.protocol() == TransferProtocol.FTP
                && RequestedFile.of(PhoneSigns.fileName(t.file())).kind() == RequestedFile.Kind.SNOM_IMAGE
                && Math.max(t.expectedSize(), t.bytes()) > SNOM_FTP_LIMIT_BYTES;
    }

    /** The file's bytes in full-size TCP segments, rounded up. */
    private static long fullSegments(FileTransfer t) {
        return (t.bytes() + FULL_SEGMENT - 1) / FULL_SEGMENT;
    }

    /** The TCP repeats in words ("4 segments sent again, 1 out of order, 2 duplicate ACKs"), or "". */
    private static String tcpTrouble(TcpAnalysis tcp) {
        List<String> parts = new ArrayList<>();
        if (tcp.retransmissions() > 0) {
            parts.add(tcp.retransmissions() + (tcp.retransmissions() == 1 ? " segment" : " segments") + " sent again");
        }
        if (tcp.outOfOrder() > 0) {
            parts.add(tcp.outOfOrder() + " out of order");
        }
        if (tcp.duplicateAcks() > 0) {
            parts.add(tcp.duplicateAcks() + (tcp.duplicateAcks() == 1 ? " duplicate ACK" : " duplicate ACKs"));
        }
        return String.join(", ", parts);
    }
}
