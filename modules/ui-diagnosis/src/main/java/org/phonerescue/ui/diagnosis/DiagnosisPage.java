package org.phonerescue.ui.diagnosis;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.phonerescue.core.device.Device;
import org.phonerescue.core.device.DeviceHint;
import org.phonerescue.core.diagnosis.Finding;
import org.phonerescue.core.diagnosis.Severity;
import org.phonerescue.core.diagnosis.Verdict;
import org.phonerescue.core.report.SavedFiles;
import org.phonerescue.core.session.CaptureAnalysis;
import org.phonerescue.core.session.RecoveryAttempt;
import org.phonerescue.core.session.RecoveryAttempts;
import org.phonerescue.core.session.RecoveryPhase;
import org.phonerescue.core.session.Timeline;
import org.phonerescue.core.session.TimelineEvent;
import org.phonerescue.core.transfer.Endpoint;
import org.phonerescue.core.transfer.FailedConnection;
import org.phonerescue.core.transfer.FileTransfer;
import org.phonerescue.core.transfer.TftpTransfer;
import org.phonerescue.core.transfer.TransferOutcome;

/**
 * One device's diagnosis as the HTML Swing's editor kit shows (HTML 3.2): the verdict, each
 * finding with its explanation, remedy and evidence, the transfers, the recovery attempts and the
 * timeline. Frame numbers are links ({@value #FRAME_LINK}N) that select the frame in the packet
 * list, and a transfer's content is a link ({@value #SAVE_LINK}N, its request frame) to save it.
 * Every text from the capture is escaped: file names and SIP texts are whatever the sender chose.
 */
final class DiagnosisPage {

    static final String FRAME_LINK = "frame:";
    static final String SAVE_LINK = "save:";

    /**
     * Rows of a page's lists (transfers, connections, attempts, timeline); the rest are counted. A
     * flood of requests gives one device hundreds of thousands of them, which Swing's HTML view
     * would lay out for minutes on the event thread; the report and {@code diagnose} list them all.
     */
    static final int SHOWN_ROWS = 500;

    /** Warnings listed at the top of a page; the rest are counted. */
    static final int SHOWN_WARNINGS = 10;

    /** "frame 12" in a finding's prose; each becomes a link. */
    private static final Pattern FRAME_IN_TEXT = Pattern.compile("\\b(frames? )(\\d{1,12})\\b");

    private DiagnosisPage() {
    }

    /** The page of one device's verdict. */
    static String of(CaptureAnalysis a, Verdict v) {
        StringBuilder h = new StringBuilder(8192).append("<html><body>");
        warnings(h, a.warnings());
        Device dev = v.device();
        h.append("<h2>").append(esc(capitalised(dev.role().label()))).append(' ').append(esc(dev.label()));
        if (!dev.vendor().equals("unknown")) {
            h.append(" <font color=\"gray\">(").append(esc(dev.vendor())).append(")</font>");
        }
        h.append("</h2>");
        if (!dev.addresses().isEmpty()) {
            h.append("<p><b>Addresses:</b> ").append(esc(String.join(", ", dev.addresses()))).append("</p>");
        }
        if (!dev.roleReason().isEmpty()) {
            h.append("<p><b>Role:</b> ").append(esc(dev.role().label())).append(" \u2014 ").append(prose(dev.roleReason()))
                    .append("</p>");
        }
        List<String> seen = new ArrayList<>();
        for (DeviceHint hint : dev.hints()) {
            if (hint.kind() != DeviceHint.Kind.REQUESTED_FILE) {
                seen.add(esc(hint.kind().description() + ": " + hint.value()) + " (" + frameLink(hint.frame()) + ")");
            }
        }
        if (!seen.isEmpty()) {
            h.append("<p><b>Seen:</b> ").append(String.join("; ", seen)).append("</p>");
        }
        if (v.findings().isEmpty()) {
            h.append("<h3>Verdict: nothing found</h3>");
        } else {
            Finding top = v.findings().get(0);
            h.append("<h3>Verdict: <font color=\"").append(colour(top.severity())).append("\">").append(esc(top.title()))
                    .append("</font> <font color=\"gray\">(").append(esc(top.rule())).append(")</font></h3>");
            findings(h, v.findings());
        }
        transfers(h, a.fileTransfersOf(dev));
        failedConnections(h, a.failedConnectionsOf(dev));
        List<TimelineEvent> events = Timeline.of(a, dev);
        attempts(h, RecoveryAttempts.of(a, dev, events));
        timeline(h, events);
        return h.append("</body></html>").toString();
    }

    /** The page of the findings about no single device. */
    static String general(CaptureAnalysis a, List<Finding> findings) {
        StringBuilder h = new StringBuilder(4096).append("<html><body>");
        warnings(h, a.warnings());
        h.append("<h2>About no single device</h2>");
        findings(h, findings);
        return h.append("</body></html>").toString();
    }

    /** A page with one message, e.g. while the capture is being analysed. */
    static String message(String text) {
        return message(text, List.of());
    }

    /** A page with one message and the capture's warnings, e.g. when there is nothing to report. */
    static String message(String text, List<String> warnings) {
        StringBuilder h = new StringBuilder(1024).append("<html><body>");
        warnings(h, warnings);
        return h.append("<p>").append(esc(text).replace("\n", "<br>")).append("</p></body></html>").toString();
    }

    /**
     * What the reader could not read, first on every page: a diagnosis of a damaged or cut capture
     * speaks of what came before the damage only, and the reader of the page must know that.
     */
    private static void warnings(StringBuilder h, List<String> warnings) {
        if (warnings.isEmpty()) {
            return;
        }
        h.append("<p><font color=\"").append(colour(Severity.WARNING)).append("\"><b>")
                .append(warnings.size() == 1 ? "The capture has a problem" : "The capture has problems")
                .append("</b></font> (what follows is from what could be read):");
        warnings.stream().limit(SHOWN_WARNINGS).forEach(w -> h.append("<br>").append(esc(w)));
        if (warnings.size() > SHOWN_WARNINGS) {
            h.append("<br>\u2026 and ").append(warnings.size() - SHOWN_WARNINGS).append(" more");
        }
        h.append("</p>");
    }

    private static void findings(StringBuilder h, List<Finding> findings) {
        h.append("<ol>");
        for (Finding f : findings) {
            h.append("<li><p><font color=\"").append(colour(f.severity())).append("\"><b>[").append(f.severity().label())
                    .append("] ").append(esc(f.title())).append("</b></font> <font color=\"gray\">(")
                    .append(esc(f.rule())).append(", likelihood ").append(f.likelihood()).append(")</font><br>")
                    .append(prose(f.explanation())).append("<br><b>Remedy:</b> ").append(prose(f.remedy()));
            if (!f.evidence().isEmpty()) {
                h.append("<br><b>Evidence:</b> frame").append(f.evidence().size() > 1 ? "s " : " ");
                List<String> links = f.evidence().stream().map(DiagnosisPage::frameLink).toList();
                h.append(String.join(", ", links));
            }
            h.append("</p></li>");
        }
        h.append("</ol>");
    }

    /** A list rather than a table: names and digests are long, and list items wrap to the window's width. */
    private static void transfers(StringBuilder h, List<FileTransfer> transfers) {
        if (transfers.isEmpty()) {
            return;
        }
        h.append("<h3>Transfers</h3><ul>");
        for (FileTransfer t : transfers.subList(0, Math.min(SHOWN_ROWS, transfers.size()))) {
            String outcome = t.outcome().label() + (t.errorCode() >= 0 ? " " + t.errorCode() : "")
                    + (t.errorMessage() != null ? " (" + t.errorMessage() + ")" : "");
            long repeats = t instanceof TftpTransfer tftp ? tftp.retransmissions() : t.tcp().retransmissions();
            Endpoint server = t.server() != null ? t.server() : t.requestedServer();
            h.append("<li>").append(frameLink(t.firstFrame())).append('\u2013').append(frameLink(t.lastFrame()))
                    .append(": <b>").append(esc(t.file())).append("</b> by ").append(t.protocol().label());
            if (server != null) {
                h.append(t.read() ? " from " : " to ").append(esc(t.serverText()));
            }
            h.append(" \u2014 <font color=\"").append(t.outcome() == TransferOutcome.COMPLETE ? "#1b6e20" : "#b00020")
                    .append("\">").append(esc(outcome)).append("</font>, ").append(t.bytes())
                    .append(t.expectedSize() >= 0 ? " of " + t.expectedSize() : "").append(" bytes, ").append(repeats)
                    .append(repeats == 1 ? " repeat" : " repeats");
            if (t.shownSha256() != null) {
                h.append("<br><font color=\"gray\">SHA-256 ").append(t.shownSha256()).append("</font>");
            }
            if (SavedFiles.hasBytes(t)) {
                h.append(" <a href=\"").append(SAVE_LINK).append(t.requestFrame()).append("\">Save\u2026</a>");
            }
            h.append("</li>");
        }
        more(h, transfers.size(), "transfers");
        h.append("</ul>");
    }

    private static void failedConnections(StringBuilder h, List<FailedConnection> failed) {
        if (failed.isEmpty()) {
            return;
        }
        h.append("<h3>Connections that never came up</h3><ul>");
        for (FailedConnection c : failed.subList(0, Math.min(SHOWN_ROWS, failed.size()))) {
            h.append("<li>").append(frameLink(c.firstFrame())).append('\u2013').append(frameLink(c.lastFrame()))
                    .append(": ").append(esc(c.describe()));
            if (c.connectedLater() >= 0) {
                h.append(" (a later one came up, ").append(frameLink(c.connectedLater())).append(')');
            }
            h.append("</li>");
        }
        more(h, failed.size(), "connections");
        h.append("</ul>");
    }

    private static void attempts(StringBuilder h, List<RecoveryAttempt> attempts) {
        if (attempts.isEmpty()) {
            return;
        }
        h.append("<h3>Recovery attempts</h3><ol>");
        for (RecoveryAttempt attempt : attempts.subList(0, Math.min(SHOWN_ROWS, attempts.size()))) {
            List<String> phases = new ArrayList<>();
            for (RecoveryPhase p : attempt.phases()) {
                phases.add(p.kind() == RecoveryPhase.Kind.SILENCE
                        ? String.format(Locale.ROOT, "silence %.0f s", p.seconds())
                        : esc(p.kind().label()) + " " + frameLink(p.firstFrame())
                          + (p.lastFrame() > p.firstFrame() ? "\u2013" + frameLink(p.lastFrame()) : ""));
            }
            h.append("<li>").append(String.join(", ", phases)).append(" \u2192 <b>").append(esc(attempt.outcome().label()))
                    .append("</b></li>");
        }
        more(h, attempts.size(), "attempts");
        h.append("</ol>");
    }

    private static void timeline(StringBuilder h, List<TimelineEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        long start = events.stream().mapToLong(TimelineEvent::time).filter(t -> t != Long.MIN_VALUE).min()
                .orElse(Long.MIN_VALUE);
        h.append("<h3>Timeline</h3><table cellspacing=\"0\" cellpadding=\"2\"><tr><th align=\"right\">frame</th>"
                + "<th align=\"right\">time</th><th align=\"left\">step</th><th align=\"left\">what</th></tr>");
        for (TimelineEvent e : events.subList(0, Math.min(SHOWN_ROWS, events.size()))) {
            String at = e.time() == Long.MIN_VALUE || start == Long.MIN_VALUE ? ""
                    : String.format(Locale.ROOT, "%+.3f s", (e.time() - start) / 1e9);
            h.append("<tr><td align=\"right\">").append(frameLink(e.frame())).append("</td><td align=\"right\">")
                    .append(at).append("</td><td>").append(esc(e.kind().label())).append("</td><td>").append(esc(e.text()))
                    .append("</td></tr>");
        }
        h.append("</table>");
        if (events.size() > SHOWN_ROWS) {
            h.append("<p>").append(moreText(events.size(), "events")).append("</p>");
        }
    }

    /** A list item counting the rows a list left out, when it left any out. */
    private static void more(StringBuilder h, int total, String what) {
        if (total > SHOWN_ROWS) {
            h.append("<li>").append(moreText(total, what)).append("</li>");
        }
    }

    private static String moreText(int total, String what) {
        return "<i>\u2026 and " + (total - SHOWN_ROWS) + " more " + what
               + " (Save Report, or <code>phonerescue diagnose --timeline</code>, lists them all)</i>";
    }

    /** Escaped prose in which every "frame N" links to that frame. */
    static String prose(String text) {
        String escaped = esc(text);
        Matcher m = FRAME_IN_TEXT.matcher(escaped);
        StringBuilder out = new StringBuilder(escaped.length() + 64);
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(m.group(1) + frameLink(Long.parseLong(m.group(2)))));
        }
        m.appendTail(out);
        return out.toString();
    }

    static String frameLink(long frame) {
        return "<a href=\"" + FRAME_LINK + frame + "\">" + frame + "</a>";
    }

    /**
     * Text safe inside HTML: markup characters become entities and control characters (which a
     * capture's file names may hold) become U+FFFD, so nothing the sender chose is read as HTML.
     */
    static String esc(String s) {
        StringBuilder out = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                default -> out.append(Character.isISOControl(c) ? '\uFFFD' : c);
            }
        }
        return out.toString();
    }

    static String colour(Severity s) {
        return switch (s) {
            case ERROR -> "#b00020";
            case WARNING -> "#a05a00";
            case INFO -> "#1b6e20";
        };
    }

    private static String capitalised(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
