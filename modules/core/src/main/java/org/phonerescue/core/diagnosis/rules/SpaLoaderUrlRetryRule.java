package org.phonerescue.core.diagnosis.rules;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.phonerescue.core.device.Device;
import org.phonerescue.core.device.LoaderFingerprints;
import org.phonerescue.core.device.RequestedFile;
import org.phonerescue.core.diagnosis.Finding;
import org.phonerescue.core.diagnosis.Rule;
import org.phonerescue.core.diagnosis.Severity;
import org.phonerescue.core.session.CaptureAnalysis;
import org.phonerescue.core.session.DhcpMessage;
import org.phonerescue.core.session.PhoneSigns;
import org.phonerescue.core.session.Sign;
import org.phonerescue.core.session.SpaMessage;
import org.phonerescue.core.transfer.FailedConnection;
import org.phonerescue.core.transfer.FileTransfer;
import org.phonerescue.core.transfer.HttpTransfer;
import org.phonerescue.core.transfer.RequestRepeats;
import org.phonerescue.core.transfer.TftpTransfer;
import org.phonerescue.core.transfer.TransferOutcome;
import org.phonerescue.core.transfer.Unreachable;

/**
 * An SPA phone still in its recovery loader, trying its saved Recovery URL (then its Last
 * Upgrade URL), tftp:// or http://, and failing (spa-recovery-protocol.md "The loader's loop"):
 * the loader's own URL attempts, not a download a recovery tool ordered. The phone is known for
 * its loader by what the loader shows on the wire ("Fingerprints of an SPA loader on the wire"):
 * DHCP with vendor class {@code TI-dhcp 0.1} or host name {@code TNETV1050SDB}, its Replies on
 * UDP 4810, HTTP requests with the loader's own User-Agent
 * ({@link LoaderFingerprints#spaLoaderUserAgent}), or an SPA firmware image asked for from UDP
 * port 2000. Its URL attempts are its unicast TFTP requests from port 2000 that get no answer or
 * ERROR file not found, its HTTP requests (by their User-Agent) that get no answer or 404/410,
 * and the HTTP connections that never came up while it ran its loader.
 *
 * <p>A cause of its own rather than {@code server-unreachable}, {@code tftp-file-not-found} or
 * {@code download-refused}: the server address and file are those saved in the phone, not ones
 * DHCP option 150/66 gave, and the way out is either to serve the file there or to reach the
 * loader with the recovery tool in the 5 s it listens before each round. Those rules leave these
 * attempts to this one ({@link #explained}). The rounds and the waits between them are measured
 * from the requests' bursts ({@link SpaLoaderTimeoutRule#rounds}); the waits grow as the loader's
 * back-off doubles (10, 20, 40 … 1280 s), each followed by its 5 s listen window.
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

    /**
     * The loader's failed attempts at its URLs, of one phone: TFTP requests unanswered or answered
     * with ERROR file not found, HTTP requests unanswered or answered 404/410, and HTTP connections
     * that never came up. Other refusals (an access violation, a 403) keep their own rules.
     */
    record UrlAttempts(List<TftpTransfer> tftp, List<HttpTransfer> http, List<FailedConnection> connections) {

        static final UrlAttempts NONE = new UrlAttempts(List.of(), List.of(), List.of());

        boolean isEmpty() {
            return tftp.isEmpty() && http.isEmpty() && connections.isEmpty();
        }
    }

    /**
     * The first frames (request, first SYN) of the attempts this rule explains, for every phone
     * it finds in its loader: {@code server-unreachable}, {@code tftp-file-not-found} and
     * {@code download-refused} leave them to it.
     */
    static Set<Long> explained(CaptureAnalysis a) {
        Set<Long> out = new HashSet<>();
        for (Device d : candidates(a)) {
            UrlAttempts u = urlAttempts(a, d);
            u.tftp().forEach(t -> out.add(t.requestFrame()));
            u.http().forEach(t -> out.add(t.requestFrame()));
            u.connections().forEach(c -> out.add(c.firstFrame()));
        }
        return out;
    }

    /**
     * The devices that show any sign of an SPA loader (DHCP, a Reply, TFTP from port 2000, the
     * loader's User-Agent): only these are looked at more closely, in one pass over the capture.
     */
    private static Set<Device> candidates(CaptureAnalysis a) {
        Set<Device> out = new LinkedHashSet<>();
        for (DhcpMessage m : a.dhcp()) {
            if (!m.fromServer() && LoaderFingerprints.spaLoaderDhcp(m.vendorClass(), m.hostname())) {
                out.add(a.device(m.clientMac(), null));
            }
        }
        for (SpaMessage m : a.spa()) {
            if (m.fromPhone()) {
                out.add(a.device(m.senderMac(), m.senderIp()));
            }
        }
        for (TftpTransfer t : a.transfers()) {
            if (t.client().port() == LoaderFingerprints.SPA_LOADER_TFTP_PORT && !t.requestedServer().multicast()) {
                out.add(a.client(t));
            }
        }
        for (FileTransfer t : a.tcpTransfers()) {
            if (t instanceof HttpTransfer h && LoaderFingerprints.spaLoaderUserAgent(h.userAgent())) {
                out.add(a.client(t));
            }
        }
        out.remove(null);
        return out;
    }

    /** The phone's failed URL attempts, when the phone shows its loader and they prove something; else none. */
    static UrlAttempts urlAttempts(CaptureAnalysis a, Device d) {
        List<TftpTransfer> tftp = failedTftp(a, d);
        List<HttpTransfer> byLoader = loaderRequests(a, d);
        if (fingerprints(a, d, tftp, byLoader).isEmpty()) {
            return UrlAttempts.NONE;
        }
        UrlAttempts u = new UrlAttempts(tftp, byLoader.stream().filter(SpaLoaderUrlRetryRule::failed).toList(),
                connectionsWhileInLoader(a, d));
        long asked = tftp.stream().mapToLong(t -> t.requests().count()).sum();
        boolean answered = tftp.stream().anyMatch(TftpTransfer::answered)
                || tftp.stream().anyMatch(t -> t.unreachableCount() > 0);
        if (u.http().isEmpty() && u.connections().isEmpty() && asked < 2 && !answered) {
            return UrlAttempts.NONE; // one request at the end of a capture proves nothing yet
        }
        return u;
    }

    /** The loader's TFTP requests from its port that got no answer or ERROR file not found. */
    private static List<TftpTransfer> failedTftp(CaptureAnalysis a, Device d) {
        return SpaLoaderTimeoutRule.loaderTransfers(a, d).stream()
                .filter(t -> t.read() && (!t.answered() || notFound(t))).toList();
    }

    /** A TFTP request the server answered with ERROR file not found (RFC 1350 §5), as tftp-file-not-found sees it. */
    private static boolean notFound(TftpTransfer t) {
        return t.outcome() == TransferOutcome.ERROR && !t.errorFromClient()
                && TftpFileNotFoundRule.notFound(t.errorCode(), TftpErrorRule.message(t));
    }

    /** An HTTP request of the loader's that got no answer, or 404 / 410 (RFC 9110 §15.5.5, §15.5.11). */
    private static boolean failed(HttpTransfer t) {
        return t.read() && (t.statusCode() == 404 || t.statusCode() == 410
                || !t.answered() && t.outcome() != TransferOutcome.CAPTURE_ENDED);
    }

    /** The phone's HTTP requests with the loader's User-Agent ("Fingerprints"): the loader's own, whatever came of them. */
    static List<HttpTransfer> loaderRequests(CaptureAnalysis a, Device d) {
        List<HttpTransfer> out = new ArrayList<>();
        for (FileTransfer t : a.fileTransfersOf(d)) {
            if (t instanceof HttpTransfer h && LoaderFingerprints.spaLoaderUserAgent(h.userAgent())) {
                out.add(h);
            }
        }
        return out;
    }

    /**
     * The phone's HTTP connections that never came up while it ran its loader: no request shows
     * whose they are, so the phone must show its loader by its fingerprints, and the last sign of
     * its software before the connection (or the first after) must be its loader's
     * ({@link PhoneSigns#loaderAt}): a phone that booted its firmware since fetches by HTTP too.
     */
    static List<FailedConnection> loaderConnections(CaptureAnalysis a, Device d) {
        if (fingerprints(a, d, failedTftp(a, d), loaderRequests(a, d)).isEmpty()) {
            return List.of();
        }
        return connectionsWhileInLoader(a, d);
    }

    /** As {@link #loaderConnections}, for a phone whose fingerprints were checked already. */
    private static List<FailedConnection> connectionsWhileInLoader(CaptureAnalysis a, Device d) {
        // the loader's URLs are tftp:// or http:// ("The loader's loop"): no HTTPS, no FTP
        List<FailedConnection> http = a.failedConnectionsOf(d).stream().filter(c -> c.service().equals("HTTP")).toList();
        if (http.isEmpty()) {
            return List.of();
        }
        List<Sign> signs = PhoneSigns.merged(PhoneSigns.recovery(a, d), PhoneSigns.application(a, d));
        return http.stream().filter(c -> PhoneSigns.loaderAt(signs, c.firstFrame())).toList();
    }

    /** What shows the phone runs its SPA loader, a sentence each, with their frames. */
    private record Fingerprint(String what, List<Long> frames) {
    }

    /**
     * The loader's fingerprints on this phone; empty when none proves it: a request from port 2000
     * alone does not, unless for an SPA firmware image.
     */
    private static List<Fingerprint> fingerprints(CaptureAnalysis a, Device d, List<TftpTransfer> attempts,
                                                  List<HttpTransfer> byLoader) {
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
        if (!byLoader.isEmpty()) {
            // only the start of the User-Agent: the rest is the phone's serial, which a report leaves out
            List<Long> frames = byLoader.stream().map(HttpTransfer::requestFrame).toList();
            out.add(new Fingerprint("its HTTP " + (frames.size() == 1 ? "request carries" : "requests carry")
                    + " the loader's User-Agent '" + LoaderFingerprints.SPA_LOADER_USER_AGENT + "…' ("
                    + FindingText.frames(frames) + ")", frames));
        }
        TftpTransfer image = attempts.stream()
                .filter(t -> RequestedFile.of(t.file()).kind() == RequestedFile.Kind.SPA_IMAGE).findFirst().orElse(null);
        if (image != null || !out.isEmpty() && !attempts.isEmpty()) {
            TftpTransfer t = image != null ? image : attempts.get(0);
            out.add(new Fingerprint("it asks for " + (image != null ? "an SPA firmware image" : "its file")
                    + " by TFTP from UDP port " + LoaderFingerprints.SPA_LOADER_TFTP_PORT + " (frame "
                    + t.requestFrame() + ")", List.of(t.requestFrame())));
        }
        return out; // port 2000 alone is no proof: without the others, out holds nothing but an SPA image's request
    }

    /**
     * The bursts of the loader's HTTP attempts, for its rounds ({@link SpaLoaderTimeoutRule#rounds}):
     * each request with the loader's User-Agent, and each connection of its loader that never came
     * up, from its first SYN to its last.
     */
    static List<RequestRepeats.Burst> httpBursts(CaptureAnalysis a, Device d) {
        List<RequestRepeats.Burst> out = new ArrayList<>();
        for (HttpTransfer t : loaderRequests(a, d)) {
            out.add(new RequestRepeats.Burst(t.requestFrame(), t.startTime(), t.requestFrame(), t.startTime(), 1));
        }
        for (FailedConnection c : loaderConnections(a, d)) {
            long last = c.synFrames().isEmpty() ? c.firstFrame() : c.synFrames().get(c.synFrames().size() - 1);
            out.add(new RequestRepeats.Burst(c.firstFrame(), c.startTime(), last, c.endTime(), c.syns()));
        }
        return out;
    }

    @Override
    public List<Finding> evaluate(CaptureAnalysis a) {
        List<Finding> out = new ArrayList<>();
        boolean tool = a.spa().stream().anyMatch(m -> m.kind() == SpaMessage.Kind.REQUEST);
        Set<Device> candidates = candidates(a);
        for (Device d : a.devices()) {
            UrlAttempts attempts = candidates.contains(d) ? urlAttempts(a, d) : UrlAttempts.NONE;
            if (attempts.isEmpty()) {
                continue;
            }
            List<Long> evidence = new ArrayList<>();
            List<String> shows = new ArrayList<>();
            for (Fingerprint f : fingerprints(a, d, attempts.tftp(), loaderRequests(a, d))) {
                shows.add(f.what());
                evidence.addAll(f.frames());
            }
            // fixed during the capture: after its last failed attempt the phone got an image after all, or
            // ran its firmware (recovered by the tool, say, with the download out of the capture)
            long lastAttempt = lastFrame(attempts);
            FileTransfer got = PhoneSigns.completedImages(a, d).stream().filter(t -> t.requestFrame() > lastAttempt)
                    .findFirst().orElse(null);
            Sign running = got != null ? null : PhoneSigns.firstAfter(PhoneSigns.application(a, d), lastAttempt);
            boolean over = got != null || running != null;
            StringBuilder why = new StringBuilder("The phone " + (over ? "was" : "is still") + " in its SPA "
                    + "recovery loader, as the loader's fingerprints show (spa-recovery-protocol.md \"Fingerprints of an "
                    + "SPA loader on the wire\"): " + list(shows) + ". " + (tool ? "Between the recovery tool's attempts, the"
                    : "No recovery tool talks to it, so the") + " loader " + (over ? "kept" : "keeps")
                    + " trying its saved Recovery URL (then its Last Upgrade URL): ");
            List<Url> urls = urls(attempts);
            why.append(String.join(" and ", urls.stream().map(Url::tried).toList()));
            List<SpaLoaderTimeoutRule.Round> rounds = SpaLoaderTimeoutRule.rounds(a, d);
            rounds.forEach(r -> evidence.addAll(r.frames()));
            why.append(rounds.size() > 1 ? " in " + rounds.size() + " rounds (" + roundStarts(a, rounds) + ")" : "");
            boolean silent = attempts.http().isEmpty() && attempts.connections().isEmpty()
                    && attempts.tftp().stream().noneMatch(TftpTransfer::answered);
            if (silent) {
                why.append(", and no TFTP answer came back.");
            } else {
                why.append('.');
                urls.forEach(u -> why.append(' ').append(u.result()));
            }
            for (SpaLoaderTimeoutRule.Unknown u : SpaLoaderTimeoutRule.unknown(a, d)) {
                why.append(String.format(Locale.ROOT, " Rounds between %.0f s and %.0f s are not listed.",
                        seconds(a, u.from()), seconds(a, u.to())));
            }
            why.append(waits(rounds, SpaLoaderTimeoutRule.unknown(a, d)));
            List<String> servers = new ArrayList<>();
            for (Url u : urls) {
                evidence.addAll(u.evidence());
                if (silent) {
                    why.append(u.icmp());
                }
                if (!servers.contains(u.server())) {
                    servers.add(u.server());
                    why.append(FindingText.serverPresence(a, u.server(), u.protocol() + " server", evidence));
                }
            }
            long transfer = attempts.tftp().isEmpty() ? -1 : attempts.tftp().get(0).requestFrame();
            if (over) {
                if (got != null) {
                    why.append(" Then it fetched '").append(got.file()).append("' completely by ")
                            .append(got.protocol().name()).append(" (frames ").append(got.firstFrame()).append('–')
                            .append(got.lastFrame()).append("): this was fixed during the capture.");
                    evidence.add(got.requestFrame());
                    evidence.add(got.lastFrame());
                } else {
                    why.append(" Then it ").append(running.what()).append(" (frame ").append(running.frame())
                            .append("): it runs its firmware, so this was fixed during the capture.");
                    evidence.add(running.frame());
                }
                out.add(finding(Severity.INFO, d.key(), 25, why.toString(), got != null
                        ? "Nothing more to do about these attempts: the loader got its image. What came of it (the phone "
                        + "running its firmware, or back in its loader) is in the other findings."
                        : "Nothing more to do about these attempts: the phone left its loader.", evidence, transfer));
                continue;
            }
            out.add(finding(d.key(), tool ? 70 : 88, why.toString(), remedy(urls), evidence, transfer));
        }
        return out;
    }

    /** The last frame of the loader's failed attempts. */
    private static long lastFrame(UrlAttempts attempts) {
        long last = -1;
        for (TftpTransfer t : attempts.tftp()) {
            last = Math.max(last, t.lastFrame());
        }
        for (HttpTransfer t : attempts.http()) {
            last = Math.max(last, t.lastFrame());
        }
        for (FailedConnection c : attempts.connections()) {
            last = Math.max(last, c.lastFrame());
        }
        return last;
    }

    /**
     * One URL the loader tried, as the finding tells it: what it tried ("it asked 10.0.0.9 for
     * '/x.bin' 5 times"), what came of it (and its ICMP errors alone), where to serve the image
     * when nothing answered ({@code serveAs}, or null), the name a server that answered refused
     * (or null), and its frames.
     */
    private record Url(String protocol, String server, String tried, String result, String icmp, String serveAs,
                       String refusedName, List<Long> evidence, long firstFrame) {
    }

    /** The attempts by URL: TFTP server and file, HTTP server and path, HTTP server whose connections failed. */
    private static List<Url> urls(UrlAttempts attempts) {
        List<Url> out = new ArrayList<>();
        Map<String, List<TftpTransfer>> tftp = new LinkedHashMap<>();
        attempts.tftp().forEach(t -> tftp.computeIfAbsent(t.requestedServer().ip() + "|" + t.file(),
                k -> new ArrayList<>()).add(t));
        for (List<TftpTransfer> same : tftp.values()) {
            out.add(tftpUrl(same));
        }
        Map<String, List<HttpTransfer>> http = new LinkedHashMap<>();
        attempts.http().forEach(t -> http.computeIfAbsent(t.server() + "|" + t.file(), k -> new ArrayList<>()).add(t));
        for (List<HttpTransfer> same : http.values()) {
            out.add(httpUrl(same));
        }
        Map<String, List<FailedConnection>> tcp = new LinkedHashMap<>();
        attempts.connections().forEach(c -> tcp.computeIfAbsent(c.server().toString(), k -> new ArrayList<>()).add(c));
        for (List<FailedConnection> same : tcp.values()) {
            FailedConnection c = same.get(0);
            boolean pathKnown = attempts.http().stream().anyMatch(t -> t.server().equals(c.server()));
            List<Long> evidence = new ArrayList<>();
            same.forEach(f -> evidence.addAll(f.evidence()));
            out.add(new Url("HTTP", c.server().ip(), "it tried " + times(same.size()) + " to connect to " + c.server()
                    + " for HTTP", "No connection to " + c.server() + " came up: "
                    + ServerUnreachableRule.connectionFailures(same), "", pathKnown ? null : "by HTTP at "
                    + c.server() + " under the path of its Recovery URL, which the capture cannot show as no request got "
                    + "through", null, evidence, c.firstFrame()));
        }
        out.sort(java.util.Comparator.comparingLong(Url::firstFrame));
        return out;
    }

    private static Url tftpUrl(List<TftpTransfer> same) {
        TftpTransfer t = same.get(0);
        String server = t.requestedServer().ip();
        long n = same.stream().mapToLong(s -> s.requests().count()).sum();
        List<Long> evidence = new ArrayList<>();
        List<Unreachable> icmp = new ArrayList<>();
        long refused = 0;
        List<TftpTransfer> errors = new ArrayList<>();
        for (TftpTransfer s : same) {
            evidence.addAll(s.requests().frames());
            icmp.addAll(s.unreachables());
            refused += s.unreachableCount();
            if (s.answered()) {
                errors.add(s);
                evidence.add(s.errorFrame());
            }
        }
        icmp.forEach(u -> evidence.add(u.frame()));
        String icmpText = ServerUnreachableRule.icmpSentences(icmp, refused);
        String result;
        if (errors.isEmpty()) {
            result = "No TFTP answer came back from " + server + "." + icmpText;
        } else {
            TftpTransfer e = errors.get(0);
            result = "The TFTP server " + (e.server() != null ? e.server().ip() : server) + " answered "
                    + (errors.size() > 1 ? errors.size() + " of them" : "it") + " with ERROR " + e.errorCode()
                    + (e.errorMessage() != null && !e.errorMessage().isEmpty() ? " \"" + e.errorMessage() + "\"" : "")
                    + " (" + FindingText.frames(errors.stream().map(TftpTransfer::errorFrame).toList())
                    + "): it has no file by that name" + (errors.size() < same.size() ? ", and the other requests "
                    + "got no answer" : "") + "." + icmpText;
        }
        return new Url("TFTP", server, "it asked " + server + " for '" + t.file() + "' " + times(n), result, icmpText,
                errors.isEmpty() ? "as '" + t.file() + "' by TFTP at " + server : null,
                errors.isEmpty() ? null : t.file(), evidence, t.requestFrame());
    }

    private static Url httpUrl(List<HttpTransfer> same) {
        HttpTransfer t = same.get(0);
        List<Long> evidence = new ArrayList<>();
        List<HttpTransfer> refused = new ArrayList<>();
        for (HttpTransfer s : same) {
            evidence.add(s.requestFrame());
            if (s.answered()) {
                refused.add(s);
                evidence.add(s.responseFrame());
            }
        }
        String result;
        if (refused.isEmpty()) {
            result = "No HTTP answer came back from " + t.server() + " ("
                    + FindingText.frames(same.stream().map(HttpTransfer::requestFrame).toList()) + ").";
        } else {
            HttpTransfer r = refused.get(0);
            result = "The HTTP server " + t.server() + " answered " + (refused.size() > 1 ? refused.size()
                    + " of them" : "it") + " with " + r.statusCode() + (r.reasonPhrase() != null ? " "
                    + r.reasonPhrase() : "") + " (" + FindingText.frames(refused.stream()
                    .map(HttpTransfer::responseFrame).toList()) + "): it has no file by that name where it looks"
                    + (refused.size() < same.size() ? ", and the other requests got no answer" : "") + ".";
        }
        return new Url("HTTP", t.server().ip(), "it asked " + t.server() + " for '" + t.file() + "' by HTTP "
                + times(same.size()), result, "", refused.isEmpty() ? "as '" + PhoneSigns.fileName(t.file())
                + "' by HTTP at " + t.server() : null, refused.isEmpty() ? null : PhoneSigns.fileName(t.file()),
                evidence, t.requestFrame());
    }

    /** "once", "3 times". */
    private static String times(long n) {
        return n == 1 ? "once" : n + " times";
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

    /**
     * Serve the file where the loader asks for it, or reach the loader with the tool in its listen
     * window. A server that refused the name runs already: only the file under that exact name is
     * missing there.
     */
    private static String remedy(List<Url> urls) {
        List<String> serve = new ArrayList<>();
        List<String> protocols = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        for (Url u : urls) {
            if (u.refusedName() != null) {
                String base = RequestedFile.baseName(u.refusedName());
                refused.add("as '" + u.refusedName() + "' on the " + u.protocol() + " server at " + u.server()
                        + ", which answers but has no such file, under exactly that name"
                        + TftpFileNotFoundRule.caseNote(base));
            } else if (u.serveAs() != null) {
                serve.add(u.serveAs());
                if (!protocols.contains(u.protocol())) {
                    protocols.add(u.protocol());
                }
            }
        }
        StringBuilder sb = new StringBuilder("Either give the loader what it asks for: ");
        if (!serve.isEmpty()) {
            sb.append("serve the firmware image for this phone ").append(String.join(", or ", serve)).append(" (run a")
                    .append(protocols.get(0).equals("HTTP") ? "n " : " ").append(String.join(" or ", protocols))
                    .append(" server on that host, or give the PC that address on the phone's network; check the "
                            + "image with phonerescue check-image first)");
        }
        if (!refused.isEmpty()) {
            sb.append(serve.isEmpty() ? "" : "; or ").append("put the firmware image for this phone ")
                    .append(String.join(", or ", refused)).append(", and check it with phonerescue check-image first");
        }
        return sb.append(": the loader asks for it again in its next round. Or recover it with the recovery tool: "
                + "power-cycle the phone and start the tool at once, so that its Request comes in the 5 s the loader "
                + "listens before its first round; a tool left searching is heard only in the 5 s before a later "
                + "round, and the waits between rounds double up to " + LAST_BACKOFF_SECONDS + " s "
                + "(spa-recovery-protocol.md \"The loader's loop\": while it tries its URLs the loader does not "
                + "answer the tool).").toString();
    }

    private static double seconds(CaptureAnalysis a, long time) {
        return a.firstTime() == Long.MIN_VALUE ? 0 : (time - a.firstTime()) / 1e9;
    }
}
