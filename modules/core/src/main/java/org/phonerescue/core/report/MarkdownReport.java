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
 * The diagnosis as Markdown for a forum post: readable without the capture (every finding says
 * what happened, why it matters and what to do, with its frame numbers), and, anonymized, free
 * of MACs, IP addresses, serials, host names and the credentials of quoted request targets (see
 * {@link Anonymizer}). The report never quotes packet payloads, so SIP credentials cannot leak
 * into it.
 */
public final class MarkdownReport {

    /** Timeline events shown per phone. */
    static final int MAX_EVENTS = 60;

    private MarkdownReport() {
    }

    /**
     * @param anonymizer null to keep the real addresses
     */
    public static String render(String fileName, CaptureAnalysis a, Diagnosis d, Anonymizer anonymizer) {
        Anonymizer an = anonymizer;
        StringBuilder md = new StringBuilder(8192);
        md.append("# Phone recovery report\n\n");
        md.append("Capture `").append(an != null ? "capture" : fileName).append("`: ").append(a.packets())
                .append(" packets");
        if (a.firstTime() != Long.MIN_VALUE && a.lastTime() != Long.MIN_VALUE) {
            md.append(String.format(Locale.ROOT, " over %.1f s", (a.lastTime() - a.firstTime()) / 1e9));
        }
        md.append(", ").append(DiagnosisText.transferCounts(a)).append('.');
        if (a.damaged()) {
            md.append(" The file is damaged part-way; this report covers the packets before the damage.");
        }
        md.append("\n\n");
        if (!a.warnings().isEmpty()) {
            // what reading the file met, and what the analysis left out to keep its memory bounded
            md.append("Warnings:\n\n");
            for (String w : a.warnings()) {
                md.append("- ").append(cell(w)).append('\n');
            }
            md.append('\n');
        }
        if (an != null) {
            md.append("> Anonymized: MAC addresses keep their vendor part, IP addresses are replaced by documentation "
                    + "addresses (RFC 5737, RFC 3849) that keep their networks and host parts, serial numbers and "
                    + "host names by aliases — the same device always has the same alias — and credentials in URLs "
                    + "by ***. Frame numbers are those of the original capture.\n\n");
        }
        if (d.verdicts().isEmpty()) {
            md.append("No phone and nothing to report: the capture shows no recovery traffic this tool knows.\n");
        } else {
            md.append("| device | role | vendor | verdict |\n|---|---|---|---|\n");
            for (Verdict v : d.verdicts()) {
                md.append("| ").append(code(t(an, v.device().label()))).append(" | ").append(v.device().role().label())
                        .append(" | ").append(cell(v.device().vendor())).append(" | ")
                        .append(v.verdict() == null ? "nothing found" : "**" + v.verdict() + "**").append(" |\n");
            }
        }
        for (Verdict v : d.verdicts()) {
            device(md, a, v, an);
        }
        if (!d.general().isEmpty()) {
            md.append("\n## About no single device\n\n");
            findings(md, d.general(), an);
        }
        md.append("\n---\nMade with PhoneRescue Workbench (`phonerescue diagnose --report`).\n");
        return md.toString();
    }

    private static void device(StringBuilder md, CaptureAnalysis a, Verdict v, Anonymizer an) {
        Device dev = v.device();
        md.append("\n## ").append(cap(dev.role().label())).append(' ').append(t(an, dev.label()));
        if (!dev.vendor().equals("unknown")) {
            md.append(" (").append(dev.vendor()).append(')');
        }
        md.append("\n\n");
        if (!dev.addresses().isEmpty()) {
            List<String> ips = dev.addresses().stream().map(ip -> code(t(an, ip))).toList();
            md.append("- Addresses: ").append(String.join(", ", ips)).append('\n');
        }
        if (!dev.roleReason().isEmpty()) {
            md.append("- Role: ").append(dev.role().label()).append(" — ").append(t(an, dev.roleReason())).append('\n');
        }
        for (DeviceHint h : dev.hints()) {
            md.append("- ").append(cap(h.kind().description())).append(": ").append(t(an, h.value())).append(" (frame ")
                    .append(h.frame()).append(")\n");
        }
        md.append("\n**Verdict: ").append(v.verdict() == null ? "nothing found" : v.verdict() + "** — "
                + v.findings().get(0).title()).append(v.verdict() == null ? "**" : "").append("\n\n");
        findings(md, v.findings(), an);
        List<FileTransfer> transfers = a.fileTransfersOf(dev);
        if (!transfers.isEmpty()) {
            md.append("\n### Transfers\n\n| frames | file | server | outcome | bytes | blocks | repeats | SHA-256 |\n"
                    + "|---|---|---|---|---:|---:|---:|---|\n");
            for (FileTransfer tr : transfers) {
                TftpTransfer tftp = tr instanceof TftpTransfer x ? x : null;
                String error = tftp != null ? "ERROR " : tr.protocol().name() + " ";
                String outcome = tr.outcome().label() + (tr.errorCode() >= 0 ? " (" + error + tr.errorCode()
                        + (tr.errorMessage() != null ? " " + tr.errorMessage() : "") + ")"
                        : tr.errorMessage() != null ? " (" + tr.errorMessage() + ")" : "");
                String server = tr.serverText();
                md.append("| ").append(tr.firstFrame()).append('–').append(tr.lastFrame()).append(" | ")
                        .append(code(t(an, tr.file()))).append(" | ")
                        .append(code(t(an, server))).append(tftp == null ? " " + tr.protocol().name() : "")
                        .append(" | ").append(cell(outcome)).append(" | ").append(tr.bytes()).append(" | ")
                        .append(tftp != null ? Long.toString(tftp.blocks()) : "–").append(" | ")
                        .append(tftp != null ? Integer.toString(tftp.retransmissions()) : repeats(tr.tcp()))
                        .append(" | ")
                        .append(tr.shownSha256() != null ? code(tr.shownSha256().substring(0, 16) + "…") : "")
                        .append(" |\n");
            }
        }
        List<FailedConnection> failed = a.failedConnectionsOf(dev);
        if (!failed.isEmpty()) {
            md.append("\n### Connections that never came up\n\n| frames | server | failure | SYNs | what happened |\n"
                    + "|---|---|---|---:|---|\n");
            for (FailedConnection c : failed) {
                md.append("| ").append(c.firstFrame()).append('–').append(c.lastFrame()).append(" | ")
                        .append(code(t(an, c.server().toString()))).append(' ').append(c.service()).append(" | ")
                        .append(c.failure().label()).append(" | ").append(c.syns()).append(" | ")
                        .append(cell(t(an, c.describe() + (c.connectedLater() >= 0
                                ? "; a later connection came up (frame " + c.connectedLater() + ")" : ""))))
                        .append(" |\n");
            }
        }
        List<TimelineEvent> events = Timeline.of(a, dev);
        List<RecoveryAttempt> attempts = RecoveryAttempts.of(a, dev, events);
        if (!attempts.isEmpty()) {
            md.append("\n### Recovery attempts\n\n");
            for (RecoveryAttempt attempt : attempts) {
                md.append(attempt.number()).append(". **").append(attempt.outcome().label()).append("** (frames ")
                        .append(attempt.firstFrame()).append('–').append(attempt.lastFrame()).append(")\n");
                for (RecoveryPhase p : attempt.phases()) {
                    md.append("   - ").append(p.kind().label()).append(p.lastFrame() > p.firstFrame()
                            ? ", frames " + p.firstFrame() + "–" + p.lastFrame() : ", frame " + p.firstFrame());
                    if (p.seconds() > 0) {
                        md.append(String.format(Locale.ROOT, ", %.1f s", p.seconds()));
                    }
                    md.append(": ").append(cell(t(an, String.join("; ", shortened(p.details()))))).append('\n');
                }
            }
        }
        if (!events.isEmpty()) {
            long start = events.stream().mapToLong(TimelineEvent::time).filter(x -> x != Long.MIN_VALUE).min()
                    .orElse(Long.MIN_VALUE);
            md.append("\n### Timeline\n\n| frame | time | event |\n|---:|---:|---|\n");
            for (TimelineEvent e : events.subList(0, Math.min(events.size(), MAX_EVENTS))) {
                String at = e.time() == Long.MIN_VALUE || start == Long.MIN_VALUE ? ""
                        : String.format(Locale.ROOT, "+%.3f s", (e.time() - start) / 1e9);
                md.append("| ").append(e.frame()).append(" | ").append(at).append(" | ")
                        .append(cell(t(an, e.text()))).append(" |\n");
            }
            if (events.size() > MAX_EVENTS) {
                md.append("\n(").append(events.size() - MAX_EVENTS).append(" more events.)\n");
            }
        }
    }

    private static void findings(StringBuilder md, List<Finding> findings, Anonymizer an) {
        int n = 1;
        for (Finding f : findings) {
            md.append("### ").append(n++).append(". ").append(f.title()).append(" (`").append(f.rule()).append("`, ")
                    .append(f.severity().label()).append(", likelihood ").append(f.likelihood()).append(")\n\n");
            md.append(t(an, f.explanation())).append("\n\n");
            md.append("**What to do:** ").append(t(an, f.remedy())).append("\n\n");
            if (!f.evidence().isEmpty()) {
                md.append("Evidence: frame").append(f.evidence().size() > 1 ? "s " : " ")
                        .append(String.join(", ", f.evidence().stream().map(String::valueOf).toList())).append("\n\n");
            }
        }
    }

    private static List<String> shortened(List<String> details) {
        if (details.size() <= 4) {
            return details;
        }
        List<String> out = new ArrayList<>(details.subList(0, 3));
        out.add("… " + (details.size() - 3) + " more");
        return out;
    }

    private static String t(Anonymizer an, String s) {
        return an == null ? s : an.text(s);
    }

    /** Inline code; backticks inside would end it. */
    private static String code(String s) {
        return "`" + s.replace("`", "'") + "`";
    }

    /** Text for a table cell: '|' would end the cell. */
    private static String cell(String s) {
        return s.replace("|", "\\|").replace("\n", " ");
    }

    private static String cap(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    /** An HTTP or FTP transfer's repeated segments: retransmissions, and those out of order after a "+". */
    private static String repeats(TcpAnalysis tcp) {
        return tcp.outOfOrder() > 0 ? tcp.retransmissions() + " + " + tcp.outOfOrder() + " out of order"
                : Long.toString(tcp.retransmissions());
    }
}
