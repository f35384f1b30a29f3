package org.phonerescue.core.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.phonerescue.core.device.Device;
import org.phonerescue.core.device.DeviceHint;
import org.phonerescue.core.diagnosis.Diagnosis;
import org.phonerescue.core.diagnosis.Finding;
import org.phonerescue.core.diagnosis.Verdict;
import org.phonerescue.core.session.CaptureAnalysis;
import org.phonerescue.core.session.RecoveryAttempt;
import org.phonerescue.core.session.RecoveryAttempts;
import org.phonerescue.core.session.RecoveryPhase;
import org.phonerescue.core.session.Timeline;
import org.phonerescue.core.session.TimelineEvent;
import org.phonerescue.core.transfer.FailedConnection;
import org.phonerescue.core.transfer.FileTransfer;
import org.phonerescue.core.transfer.TcpAnalysis;
import org.phonerescue.core.transfer.TftpTransfer;

/**
 * The diagnosis for a terminal: per phone (and per other device with findings) the verdict,
 * the findings with explanation, remedy and evidence frames, and the transfer table.
 */
public final class DiagnosisText {

    /** The timeline's kind column: as wide as the longest label, so that the texts line up. */
    private static final int KIND_WIDTH = java.util.Arrays.stream(TimelineEvent.Kind.values())
            .mapToInt(k -> k.label().length()).max().orElse(0);

    static final int WIDTH = 100;
    /** The widest the transfer table's file column gets; longer names keep their end. */
    static final int FILE_COLUMN_MAX = 40;

    private DiagnosisText() {
    }

    public static String render(String file, CaptureAnalysis a, Diagnosis d) {
        return render(file, a, d, false);
    }

    /** With {@code timeline}, each phone's timeline events follow its transfers. */
    public static String render(String file, CaptureAnalysis a, Diagnosis d, boolean timeline) {
        StringBuilder sb = new StringBuilder(4096);
        long phones = a.devices().stream().filter(x -> x.role() == org.phonerescue.core.device.Role.PHONE).count();
        sb.append(file).append(": ").append(a.packets()).append(" packets, ").append(a.devices().size())
                .append(a.devices().size() == 1 ? " device (" : " devices (").append(phones)
                .append(phones == 1 ? " phone), " : " phones), ").append(transferCounts(a)).append('\n');
        for (String w : a.warnings()) {
            sb.append("warning: ").append(w).append('\n');
        }
        if (d.verdicts().isEmpty()) {
            sb.append("\nNo phone and nothing to report: the capture shows no recovery traffic this tool knows.\n");
        }
        for (Verdict v : d.verdicts()) {
            device(sb, a, v, timeline);
        }
        if (!d.general().isEmpty()) {
            sb.append("\nAbout no single device\n");
            findings(sb, d.general());
        }
        return sb.toString();
    }

    private static void device(StringBuilder sb, CaptureAnalysis a, Verdict v, boolean timeline) {
        Device dev = v.device();
        sb.append('\n').append(capitalised(dev.role().label())).append(' ').append(dev.label());
        if (!dev.vendor().equals("unknown")) {
            sb.append(" (").append(dev.vendor()).append(')');
        }
        if (!dev.addresses().isEmpty()) {
            sb.append("  ").append(String.join(", ", dev.addresses()));
        }
        sb.append('\n');
        if (!dev.roleReason().isEmpty()) {
            wrap(sb, "  role: " + dev.role().label() + " — " + dev.roleReason(), "        ");
        }
        List<String> hints = new ArrayList<>();
        for (DeviceHint h : dev.hints()) {
            if (h.kind() != DeviceHint.Kind.REQUESTED_FILE) {
                hints.add(h.kind().description() + ": " + h.value());
            }
        }
        if (!hints.isEmpty()) {
            wrap(sb, "  seen: " + String.join("; ", hints), "        ");
        }
        if (v.findings().isEmpty()) {
            sb.append("  Verdict: nothing found\n");
        } else {
            Finding top = v.findings().get(0);
            sb.append("  Verdict: ").append(top.rule()).append(" — ").append(top.title()).append('\n');
            findings(sb, v.findings());
        }
        List<FileTransfer> transfers = a.fileTransfersOf(dev);
        if (!transfers.isEmpty()) {
            sb.append("  Transfers:\n");
            // a table: rows are not wrapped; the file column as wide as the longest name up to 40
            // characters (79xx images differ at their start: jar41sccp…, cvm41sccp…)
            int width = Math.min(FILE_COLUMN_MAX, Math.max(24, transfers.stream().mapToInt(f -> f.file().length())
                    .max().orElse(0)));
            String file = "%-" + width + "s";
            sb.append(String.format(Locale.ROOT, "    %-13s " + file + " %-12s %9s %6s %4s %6s  %s%n", "frames", "file",
                    "outcome", "bytes", "blocks", "retx", "dupack", "server"));
            for (FileTransfer f : transfers) {
                String outcome = f.outcome().label() + (f.errorCode() >= 0 ? " " + f.errorCode() : "");
                if (f instanceof TftpTransfer t) {
                    sb.append(String.format(Locale.ROOT, "    %-13s " + file + " %-12s %9d %6d %4d %6d  %s%n",
                            t.firstFrame() + "-" + t.lastFrame(), shorten(t.file(), width), outcome, t.bytes(), t.blocks(),
                            t.retransmissions(), t.duplicateAcks(),
                            t.serverText()));
                } else {
                    // no blocks; the repeats are the data direction's TCP retransmissions
                    TcpAnalysis tcp = f.tcp();
                    sb.append(String.format(Locale.ROOT, "    %-13s " + file + " %-12s %9d %6s %4d %6d  %s (%s)%n",
                            f.firstFrame() + "-" + f.lastFrame(), shorten(f.file(), width), outcome, f.bytes(), "-",
                            tcp.retransmissions(), tcp.duplicateAcks(), f.server(), f.protocol().label()));
                }
            }
        }
        List<FailedConnection> failed = a.failedConnectionsOf(dev);
        if (!failed.isEmpty()) {
            sb.append("  Connections that never came up:\n");
            for (FailedConnection c : failed) {
                // rows of a table: not wrapped
                sb.append(String.format(Locale.ROOT, "    %-13s %s%s%n", c.firstFrame() + "-" + c.lastFrame(),
                        c.describe(), c.connectedLater() >= 0 ? " (a later one came up, frame " + c.connectedLater() + ")"
                                : ""));
            }
        }
        List<TimelineEvent> events = Timeline.of(a, dev);
        for (RecoveryAttempt attempt : RecoveryAttempts.of(a, dev, events)) {
            List<String> phases = new ArrayList<>();
            for (RecoveryPhase p : attempt.phases()) {
                phases.add(p.kind() == RecoveryPhase.Kind.SILENCE
                        ? String.format(Locale.ROOT, "silence %.0f s", p.seconds())
                        : p.kind().label() + " " + p.firstFrame() + (p.lastFrame() > p.firstFrame() ? "-" + p.lastFrame() : ""));
            }
            wrap(sb, "  Attempt " + attempt.number() + ": " + String.join(", ", phases) + " → " + attempt.outcome().label(),
                    "     ");
        }
        if (timeline) {
            long start = events.stream().mapToLong(TimelineEvent::time).filter(t -> t != Long.MIN_VALUE).min()
                    .orElse(Long.MIN_VALUE);
            sb.append(events.isEmpty() ? "" : "  Timeline:\n");
            for (TimelineEvent e : events) {
                String at = e.time() == Long.MIN_VALUE || start == Long.MIN_VALUE ? ""
                        : String.format(Locale.ROOT, "%+.3f s", (e.time() - start) / 1e9);
                // rows of a table: not wrapped
                sb.append(String.format(Locale.ROOT, "    %8d %12s  %-" + KIND_WIDTH + "s %s%n", e.frame(), at,
                        e.kind().label(), e.text()));
            }
        }
    }

    private static void findings(StringBuilder sb, List<Finding> findings) {
        int n = 1;
        for (Finding f : findings) {
            sb.append(String.format(Locale.ROOT, "  %d. [%s] %s (%s, likelihood %d)%n", n++, f.severity().label(),
                    f.title(), f.rule(), f.likelihood()));
            wrap(sb, "     " + f.explanation(), "     ");
            wrap(sb, "     Remedy: " + f.remedy(), "     ");
            if (!f.evidence().isEmpty()) {
                wrap(sb, "     Evidence: frame" + (f.evidence().size() > 1 ? "s " : " ")
                        + String.join(", ", f.evidence().stream().map(String::valueOf).toList()), "     ");
            }
        }
    }

    /** Appends {@code text} (its first-line indentation kept) wrapped at {@link #WIDTH} columns. */
    static void wrap(StringBuilder sb, String text, String indent) {
        int lead = 0;
        while (lead < text.length() && text.charAt(lead) == ' ') {
            lead++;
        }
        StringBuilder line = new StringBuilder(text.substring(0, lead));
        boolean empty = true;
        for (String word : text.substring(lead).split(" +")) {
            if (!empty && line.length() + 1 + word.length() > WIDTH) {
                sb.append(line).append('\n');
                line = new StringBuilder(indent);
                empty = true;
            }
            if (!empty) {
                line.append(' ');
            }
            line.append(word);
            empty = false;
        }
        sb.append(line).append('\n');
    }

    /**
     * "1 TFTP transfer", and the HTTP and FTP ones when there are any: "2 TFTP transfers, 1 HTTP
     * transfer"; then the failed connections, when there are any.
     */
    public static String transferCounts(CaptureAnalysis a) {
        java.util.Map<org.phonerescue.core.transfer.TransferProtocol, Long> counts = new java.util.EnumMap<>(
                org.phonerescue.core.transfer.TransferProtocol.class);
        a.fileTransfers().forEach(t -> counts.merge(t.protocol(), 1L, Long::sum));
        StringBuilder sb = new StringBuilder();
        for (org.phonerescue.core.transfer.TransferProtocol p : org.phonerescue.core.transfer.TransferProtocol.values()) {
            long n = counts.getOrDefault(p, 0L);
            if (n > 0 || p == org.phonerescue.core.transfer.TransferProtocol.TFTP) {
                sb.append(sb.length() > 0 ? ", " : "").append(n).append(' ').append(p.name())
                        .append(n == 1 ? " transfer" : " transfers");
            }
        }
        int failed = a.failedConnections().size();
        if (failed > 0) {
            sb.append(", ").append(failed).append(failed == 1 ? " TCP connection" : " TCP connections")
                    .append(" to HTTP or FTP servers that never came up");
        }
        return sb.toString();
    }

    private static String shorten(String s, int n) {
        return s.length() <= n ? s : "…" + s.substring(s.length() - n + 1);
    }

    private static String capitalised(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
