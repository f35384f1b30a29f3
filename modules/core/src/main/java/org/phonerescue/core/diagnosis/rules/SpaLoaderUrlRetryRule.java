package org.phonerescue.core.diagnosis.rules;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.phonerescue.core.device.Device;
import org.phonerescue.core.device.LoaderFingerprints;
import org.phonerescue.core.device.RequestedFile;
import org.phonerescue.core.diagnosis.Finding;
import org.phonerescue.core.diagnosis.Rule;
import org.phonerescue.core.diagnosis.Severity;
import org.phonerescue.core.session.CaptureAnalysis;
import org.phonerescue.core.session.DhcpMessage;
import org.phonerescue.core.session.PhoneSigns;
import org.phonerescue.core.session.SpaMessage;
import org.phonerescue.core.transfer.TftpTransfer;
import org.phonerescue.core.transfer.Unreachable;

/**
 * An SPA phone still in its recovery loader, trying its saved Recovery URL (then its Last
 * Upgrade URL) by TFTP and getting no answer (spa-recovery-protocol.md "The loader's loop"): the
 * loader's own URL attempts, not a download a recovery tool ordered. The phone is known for its
 * loader by what the loader shows on the wire ("Fingerprints of an SPA loader on the wire"): DHCP
 * with vendor class {@code TI-dhcp 0.1} or host name {@code TNETV1050SDB}, its Replies on UDP
 * 4810, or an SPA firmware image asked for from UDP port 2000; its URL attempts are its unicast
 * TFTP requests from port 2000.
 *
 * <p>A cause of its own rather than {@code server-unreachable}: the server address is the one
 * saved in the phone, not one DHCP option 150/66 gave, and the way out is either to serve the file
 * there or to reach the loader with the recovery tool in the 5 s it listens before each round.
 * {@code server-unreachable} leaves these requests to this rule ({@link #explains}). The rounds
 * and the waits between them are measured from the requests' bursts
 * ({@link SpaLoaderTimeoutRule#rounds}); the waits grow as the loader's back-off doubles (10, 20,
 * 40 … 1280 s), each followed by its 5 s listen window.
 */
public final class SpaLoaderUrlRetryRule implements Rule {

    /** The first wait of the loader's back-off ("The loader's loop": 10, 20, 40 … 1280 s, then 5 s again). */
    static final long FIRST_BACKOFF_SECONDS = 10;
    /** The longest wait of the back-off. */
    static final long LAST_BACKOFF_SECONDS = 1280;

    @Override
    public String id() {
        return "spa-loader-url-retry";
    }

    @Override
    public String title() {
        return "SPA phone still in its recovery loader, retrying its Recovery URL";
    }

    @Override
    public Severity severity() {
        return Severity.ERROR;
    }

    /** Whether this rule speaks for a TFTP transfer: an unanswered URL attempt of a phone known to run its SPA loader. */
    static boolean explains(CaptureAnalysis a, TftpTransfer t) {
        Device d = a.client(t);
        return d != null && urlAttempts(a, d).contains(t);
    }

    /** The phone's unanswered URL attempts, when the phone shows its loader; else empty. */
    private static List<TftpTransfer> urlAttempts(CaptureAnalysis a, Device d) {
        List<TftpTransfer> unanswered = SpaLoaderTimeoutRule.loaderTransfers(a, d).stream()
                .filter(t -> t.read() && !t.answered()).toList();
        if (unanswered.isEmpty() || fingerprints(a, d, unanswered).isEmpty()) {
            return List.of();
        }
        return unanswered;
    }

    /** What shows the phone runs its SPA loader, a sentence each, with their frames. */
    private record Fingerprint(String what, List<Long> frames) {
    }

    private static List<Fingerprint> fingerprints(CaptureAnalysis a, Device d, List<TftpTransfer> attempts) {
        List<Fingerprint> out = new ArrayList<>();
        List<Long> dhcp = new ArrayList<>();
        DhcpMessage first = null;
        for (DhcpMessage m : a.dhcp()) {
            if (!m.fromServer() && d.mac() != null && d.mac().equals(m.clientMac())
                    && LoaderFingerprints.spaLoaderDhcp(m.vendorClass(), m.hostname())) {
                dhcp.add(m.frame());
                first = first == null ? m : first;
            }
        }
        if (first != null) {
            List<String> said = new ArrayList<>();
            if (first.vendorClass() != null) {
                said.add("vendor class '" + first.vendorClass() + "'");
            }
            if (first.hostname() != null) {
                said.add("host name '" + first.hostname() + "'");
            }
            out.add(new Fingerprint("it asked DHCP with " + String.join(" and ", said) + " ("
                    + FindingText.frames(dhcp) + ")", dhcp));
        }
        List<Long> answers = new ArrayList<>();
        for (SpaMessage m : a.spa()) {
            if (m.fromPhone() && PhoneSigns.sentBy(d, m.senderMac(), m.senderIp())) {
                answers.add(m.frame());
            }
        }
        if (!answers.isEmpty()) {
            out.add(new Fingerprint("it answered the recovery tool on UDP 4810 (" + FindingText.frames(answers) + ")",
                    answers));
        }
        TftpTransfer image = attempts.stream()
                .filter(t -> RequestedFile.of(t.file()).kind() == RequestedFile.Kind.SPA_IMAGE).findFirst().orElse(null);
        if (image != null || !out.isEmpty()) {
            TftpTransfer t = image != null ? image : attempts.get(0);
            out.add(new Fingerprint("it asks for " + (image != null ? "an SPA firmware image" : "its file")
                    + " by TFTP from UDP port " + LoaderFingerprints.SPA_LOADER_TFTP_PORT + " (frame "
                    + t.requestFrame() + ")", List.of(t.requestFrame())));
        }
        return image == null && first == null && answers.isEmpty() ? List.of() : out; // port 2000 alone is no proof
    }

    @Override
    public List<Finding> evaluate(CaptureAnalysis a) {
        List<Finding> out = new ArrayList<>();
        boolean tool = a.spa().stream().anyMatch(m -> m.kind() == SpaMessage.Kind.REQUEST);
        for (Device d : a.devices()) {
            List<TftpTransfer> attempts = urlAttempts(a, d);
            if (attempts.isEmpty()) {
                continue;
            }
            long asked = attempts.stream().mapToLong(t -> t.requests().count()).sum();
            long refused = attempts.stream().mapToLong(TftpTransfer::unreachableCount).sum();
            if (asked < 2 && refused == 0) {
                continue; // one request at the end of a capture proves nothing yet
            }
            List<Long> evidence = new ArrayList<>();
            List<String> shows = new ArrayList<>();
            for (Fingerprint f : fingerprints(a, d, attempts)) {
                shows.add(f.what());
                evidence.addAll(f.frames());
            }
            StringBuilder why = new StringBuilder("The phone is still in its SPA recovery loader, as the "
                    + "loader's fingerprints show (spa-recovery-protocol.md \"Fingerprints of an SPA loader on the "
                    + "wire\"): " + list(shows) + ". " + (tool ? "Between the recovery tool's attempts, the" : "No recovery tool talks to "
                    + "it, so the") + " loader keeps trying its saved Recovery URL (then its Last Upgrade URL): ");
            Map<String, List<TftpTransfer>> byUrl = new LinkedHashMap<>();
            attempts.forEach(t -> byUrl.computeIfAbsent(t.requestedServer().ip() + "|" + t.file(),
                    k -> new ArrayList<>()).add(t));
            List<String> urls = new ArrayList<>();
            List<Unreachable> icmp = new ArrayList<>();
            for (List<TftpTransfer> same : byUrl.values()) {
                long n = same.stream().mapToLong(t -> t.requests().count()).sum();
                urls.add("it asked " + same.get(0).requestedServer().ip() + " for '" + same.get(0).file() + "' "
                        + (n == 1 ? "once" : n + " times"));
                same.forEach(t -> icmp.addAll(t.unreachables()));
            }
            why.append(String.join(" and ", urls));
            List<SpaLoaderTimeoutRule.Round> rounds = SpaLoaderTimeoutRule.rounds(a, d);
            rounds.forEach(r -> evidence.addAll(r.frames()));
            why.append(rounds.size() > 1 ? " in " + rounds.size() + " rounds (" + roundStarts(a, rounds) + ")" : "")
                    .append(", and no TFTP answer came back.");
            for (SpaLoaderTimeoutRule.Unknown u : SpaLoaderTimeoutRule.unknown(a, d)) {
                why.append(String.format(Locale.ROOT, " Rounds between %.0f s and %.0f s are not listed.",
                        seconds(a, u.from()), seconds(a, u.to())));
            }
            why.append(waits(rounds, SpaLoaderTimeoutRule.unknown(a, d)));
            why.append(ServerUnreachableRule.icmpSentences(icmp, refused));
            icmp.forEach(u -> evidence.add(u.frame()));
            TftpTransfer first = attempts.get(0);
            String server = first.requestedServer().ip();
            why.append(FindingText.serverPresence(a, server, "TFTP server", evidence));
            out.add(finding(d.key(), tool ? 70 : 88, why.toString(), remedy(byUrl), evidence, first.requestFrame()));
        }
        return out;
    }

    /** "frame 5 (5 s), frame 10 (20 s) and frame 15 (53 s)". */
    private static String roundStarts(CaptureAnalysis a, List<SpaLoaderTimeoutRule.Round> rounds) {
        StringBuilder sb = new StringBuilder("starting at ");
        int shown = Math.min(rounds.size(), 8);
        for (int i = 0; i < shown; i++) {
            SpaLoaderTimeoutRule.Round r = rounds.get(i);
            sb.append(i == 0 ? "" : i == shown - 1 && shown == rounds.size() ? " and " : ", ").append("frame ")
                    .append(r.firstFrame()).append(String.format(Locale.ROOT, " (%.0f s)", seconds(a, r.start())));
        }
        if (shown < rounds.size()) {
            sb.append(" …");
        }
        return sb.toString();
    }

    /**
     * " Between its rounds it waited 15, 25 and 45 s: …": the pauses from the last request of a
     * round to the first of the next (none across rounds left out), and whether, less the 5 s
     * listen window before each round, they double as the loader's back-off does.
     */
    private static String waits(List<SpaLoaderTimeoutRule.Round> rounds, List<SpaLoaderTimeoutRule.Unknown> unknown) {
        List<Double> waits = new ArrayList<>();
        for (int i = 0; i + 1 < rounds.size(); i++) {
            long from = rounds.get(i).end();
            long to = rounds.get(i + 1).start();
            if (unknown.stream().noneMatch(u -> u.from() >= from && u.to() <= to)) {
                waits.add((to - from) / 1e9);
            }
        }
        if (waits.isEmpty()) {
            return "";
        }
        double listen = SpaLoaderTimeoutRule.LISTEN_NANOS / 1e9;
        List<String> measured = waits.stream().map(w -> String.format(Locale.ROOT, "%.0f", w)).toList();
        StringBuilder sb = new StringBuilder(" Between " + (waits.size() == 1 ? "two rounds it waited "
                : "its rounds it waited ") + list(measured) + " s");
        boolean doubling = waits.size() > 1;
        for (int i = 0; i + 1 < waits.size(); i++) {
            double ratio = (waits.get(i + 1) - listen) / (waits.get(i) - listen);
            doubling &= waits.get(i) > listen && ratio >= 1.6 && ratio <= 2.5;
        }
        if (doubling) {
            List<String> backoff = waits.stream().map(w -> String.format(Locale.ROOT, "%.0f", w - listen)).toList();
            sb.append(": ").append(list(backoff)).append(" s once the 5 s it listens for the recovery tool before "
                    + "each round is taken off, each wait twice the one before. That is the loader's back-off");
        } else {
            sb.append(", the loader's back-off and its 5 s listen window before each round");
        }
        return sb.append(String.format(Locale.ROOT, " (spa-recovery-protocol.md \"The loader's loop\": %d, %d, %d … "
                + "%d s, then 5 s again).", FIRST_BACKOFF_SECONDS, 2 * FIRST_BACKOFF_SECONDS, 4 * FIRST_BACKOFF_SECONDS,
                LAST_BACKOFF_SECONDS)).toString();
    }

    /** "15, 25 and 45". */
    private static String list(List<String> v) {
        return v.size() == 1 ? v.get(0) : String.join(", ", v.subList(0, v.size() - 1)) + " and " + v.get(v.size() - 1);
    }

    /** Serve the file where the loader asks for it, or reach the loader with the tool in its listen window. */
    private static String remedy(Map<String, List<TftpTransfer>> byUrl) {
        List<String> where = new ArrayList<>();
        for (List<TftpTransfer> same : byUrl.values()) {
            where.add("as '" + same.get(0).file() + "' by TFTP at " + same.get(0).requestedServer().ip());
        }
        return "Either give the loader what it asks for: serve the firmware image for this phone "
                + String.join(", or ", where) + " (run a TFTP server on that host, or give the PC that address on "
                + "the phone's network; check the image with phonerescue check-image first): the loader asks for it "
                + "again in its next round. Or recover it with the recovery tool: power-cycle the phone and start "
                + "the tool at once, so that its Request comes in the 5 s the loader listens before its first round; "
                + "a tool left searching is heard only in the 5 s before a later round, and the waits between rounds "
                + "double up to " + LAST_BACKOFF_SECONDS + " s (spa-recovery-protocol.md \"The loader's loop\": "
                + "while it tries its URLs the loader does not answer the tool).";
    }

    private static double seconds(CaptureAnalysis a, long time) {
        return a.firstTime() == Long.MIN_VALUE ? 0 : (time - a.firstTime()) / 1e9;
    }
}
