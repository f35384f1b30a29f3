package org.phonerescue.core.diagnosis.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.phonerescue.core.device.Device;
import org.phonerescue.core.device.Role;
import org.phonerescue.core.diagnosis.Finding;
import org.phonerescue.core.diagnosis.Rule;
import org.phonerescue.core.diagnosis.Severity;
import org.phonerescue.core.session.CaptureAnalysis;
import org.phonerescue.core.session.PhoneSigns;
import org.phonerescue.core.session.SpaMessage;
import org.phonerescue.core.transfer.RequestRepeats;
import org.phonerescue.core.transfer.TftpTransfer;

/**
 * The SPA recovery handshake missed the loader's window (spa-recovery-protocol.md; field notes
 * §1: "the loader does not wait forever for the tool"):
 * <ul>
 * <li>the tool's Requests came while the loader was busy with its recovery URLs or waiting out
 * its back-off ("The loader's loop": it listens 5 s, tries its Recovery URL and Last Upgrade
 * URL, then waits 10, 20, 40 … s; busy, it does not answer), and none was answered afterwards;</li>
 * <li>the tool's Upgrade came more than {@link #LISTEN_NANOS} after the phone's Reply and the
 * phone never echoed it;</li>
 * <li>the phone echoed the Upgrade and sent no TFTP request within {@link #LISTEN_NANOS} ("What
 * the phone does after an Upgrade": the request follows the echo at once).</li>
 * </ul>
 * Requests this rule explains are left out of {@code spa-no-reply}; an answered request to the
 * group is {@code spa-rrq-unanswered}'s.
 */
public final class SpaLoaderTimeoutRule implements Rule {

    /** How long the loader listens for the tool ("The loader's loop": 5 s). */
    static final long LISTEN_NANOS = 5_000_000_000L;
    /** The SPA loader's TFTP client port ("Fingerprints of an SPA loader on the wire"). */
    static final int LOADER_PORT = org.phonerescue.core.device.LoaderFingerprints.SPA_LOADER_TFTP_PORT;

    @Override
    public String id() {
        return "spa-loader-timeout";
    }

    @Override
    public String title() {
        return "SPA recovery handshake outside the loader's window";
    }

    @Override
    public Severity severity() {
        return Severity.ERROR;
    }

    /** A round of the loader's URL attempts: from the first request to the last; its request frames kept. */
    record Round(long start, long end, long firstFrame, List<Long> frames) {
    }

    /**
     * The loader's requests between these times are not known: a transfer that went on for hours
     * keeps the first and the last bursts of its requests only ({@link RequestRepeats}).
     */
    record Unknown(long from, long to) {
    }

    @Override
    public List<Finding> evaluate(CaptureAnalysis a) {
        List<Finding> out = new ArrayList<>();
        busy(a, out);
        for (Device d : a.devices()) {
            if (d.role() == Role.PHONE) {
                lateUpgrade(a, d, out);
                noRequestAfterEcho(a, d, out);
            }
        }
        return out;
    }

    /** The Requests that went unanswered because the loader was busy; empty when none can be told. */
    static List<SpaMessage> unheard(CaptureAnalysis a, Device phone) {
        List<SpaMessage> out = new ArrayList<>();
        if (a.spa().stream().noneMatch(m -> m.kind() == SpaMessage.Kind.REQUEST)) {
            return out; // no tool: nothing to be unheard, and the rounds need not be measured
        }
        List<Round> rounds = rounds(a, phone);
        if (rounds.isEmpty()) {
            return out;
        }
        long lastReply = -1;
        for (SpaMessage m : a.spa()) {
            if (m.kind() == SpaMessage.Kind.REPLY) {
                lastReply = m.frame();
            }
        }
        List<Unknown> unknown = unknown(a, phone);
        for (SpaMessage m : a.spa()) {
            if (m.kind() == SpaMessage.Kind.REQUEST && m.frame() > lastReply && m.time() != Long.MIN_VALUE
                    && busyIn(rounds, m.time()) >= 0 && unknown.stream().noneMatch(u -> m.time() > u.from()
                    && m.time() < u.to())) {
                out.add(m); // a Request while the loader's requests are not known is not judged
            }
        }
        return out;
    }

    /**
     * The round after whose start, and before the next listen window opened, a Request was sent
     * (in no listen window), or -1.
     */
    private static int busyIn(List<Round> rounds, long t) {
        for (int i = 0; i < rounds.size(); i++) {
            Round r = rounds.get(i);
            long until = i + 1 < rounds.size() ? rounds.get(i + 1).start() - LISTEN_NANOS : r.end();
            if (t >= r.start() && t < until) {
                return i;
            }
        }
        return -1;
    }

    /**
     * The phone's URL attempts (TFTP requests from the loader's port to a unicast server: after an
     * Upgrade the loader asks the group instead; and its HTTP attempts, {@link
     * SpaLoaderUrlRetryRule#httpBursts}), grouped into rounds. Within a round the loader
     * repeats a request every 2 s and goes from its Recovery URL to its Last Upgrade URL at once;
     * between rounds it waits 10 s or more and listens 5 s, so a pause of a listen window or more
     * starts a new round. The requests come as their transfers keep them: bursts split at pauses
     * of {@link RequestRepeats#PAUSE_NANOS}, no longer than a listen window, so that joining the
     * bursts of all the loader's transfers that follow each other closer than that gives the rounds
     * exactly (bursts a transfer left out are {@link #unknown}).
     */
    static List<Round> rounds(CaptureAnalysis a, Device phone) {
        List<RequestRepeats.Burst> bursts = new ArrayList<>();
        java.util.TreeMap<Long, Long> kept = new java.util.TreeMap<>(); // request frames kept → time
        for (TftpTransfer t : loaderTransfers(a, phone)) {
            RequestRepeats r = t.requests();
            r.bursts().stream().filter(b -> b.start() != Long.MIN_VALUE).forEach(bursts::add);
            for (int i = 0; i < r.frames().size() && i < r.times().size(); i++) {
                if (r.times().get(i) != Long.MIN_VALUE) {
                    kept.put(r.frames().get(i), r.times().get(i));
                }
            }
        }
        SpaLoaderUrlRetryRule.httpBursts(a, phone).stream().filter(b -> b.start() != Long.MIN_VALUE)
                .forEach(bursts::add);
        bursts.sort(java.util.Comparator.comparingLong(RequestRepeats.Burst::firstFrame));
        List<Round> out = new ArrayList<>();
        List<RequestRepeats.Burst> round = new ArrayList<>();
        long end = 0;
        for (RequestRepeats.Burst b : bursts) {
            if (!round.isEmpty() && b.start() - end >= LISTEN_NANOS) {
                out.add(round(round, end, kept));
                round.clear();
            }
            end = round.isEmpty() ? b.end() : Math.max(end, b.end());
            round.add(b);
        }
        if (!round.isEmpty()) {
            out.add(round(round, end, kept));
        }
        return out;
    }

    /** A round of these bursts: their first and last requests, and the requests kept between. */
    private static Round round(List<RequestRepeats.Burst> bursts, long end, java.util.TreeMap<Long, Long> kept) {
        long first = bursts.get(0).firstFrame();
        long last = bursts.stream().mapToLong(RequestRepeats.Burst::lastFrame).max().orElse(first);
        java.util.TreeSet<Long> frames = new java.util.TreeSet<>(kept.subMap(first, true, last, true).keySet());
        bursts.forEach(b -> {
            frames.add(b.firstFrame());
            frames.add(b.lastFrame());
        });
        return new Round(bursts.get(0).start(), end, first, List.copyOf(frames));
    }

    /** The spans of time in which a loader transfer's requests are not known: its bursts left out. */
    static List<Unknown> unknown(CaptureAnalysis a, Device phone) {
        List<Unknown> out = new ArrayList<>();
        for (TftpTransfer t : loaderTransfers(a, phone)) {
            int i = t.requests().burstsLeftOutAfter();
            if (i >= 0) {
                List<RequestRepeats.Burst> b = t.requests().bursts();
                out.add(new Unknown(b.get(i).end(), b.get(i + 1).start()));
            }
        }
        return out;
    }

    static List<TftpTransfer> loaderTransfers(CaptureAnalysis a, Device phone) {
        return a.transfersOf(phone).stream().filter(t -> t.client().port() == LOADER_PORT
                && !t.requestedServer().multicast()).toList();
    }

    private void busy(CaptureAnalysis a, List<Finding> out) {
        for (Device d : a.devices()) {
            if (d.role() != Role.PHONE) {
                continue;
            }
            List<SpaMessage> unheard = unheard(a, d);
            if (unheard.isEmpty()) {
                continue;
            }
            List<Round> rounds = rounds(a, d);
            List<Long> requests = unheard.stream().map(SpaMessage::frame).toList();
            // the Requests, the rounds they came in and the start of the round after each: a loader
            // that tried for long has more rounds than a finding cites frames
            List<Long> evidence = new ArrayList<>(requests);
            for (SpaMessage m : unheard) {
                int i = busyIn(rounds, m.time());
                evidence.addAll(rounds.get(i).frames());
                if (i + 1 < rounds.size()) {
                    evidence.add(rounds.get(i + 1).firstFrame());
                }
            }
            StringBuilder attempts = new StringBuilder();
            for (int i = 0; i < rounds.size(); i++) {
                Round r = rounds.get(i);
                attempts.append(i == 0 ? "" : i == rounds.size() - 1 ? " and " : ", ").append("frame ")
                        .append(r.firstFrame()).append(String.format(Locale.ROOT, " (%.0f s)", seconds(a, r.start())));
            }
            for (Unknown u : unknown(a, d)) {
                attempts.append(String.format(Locale.ROOT, "; rounds between %.0f s and %.0f s are not listed",
                        seconds(a, u.from()), seconds(a, u.to())));
            }
            String why = "The recovery tool's " + (requests.size() > 1 ? requests.size() + " Requests" : "Request")
                    + " (" + FindingText.frames(requests) + ") came while the phone's loader was busy: it was trying "
                    + "its recovery URLs " + how(a, d) + " (rounds starting at " + attempts + ") or waiting "
                    + "before the next round. The loader listens for the tool only in the 5 s before each round "
                    + "and waits longer after every failed round (10, 20, 40 … s), so no Request was heard, and "
                    + "none came in a listen window afterwards.";
            out.add(finding(d.key(), 90, why, "Power-cycle the phone and start the recovery tool within a few "
                    + "seconds, or let the tool keep searching until the phone's next listen window (after a "
                    + "round of URL attempts the wait doubles, up to about 20 minutes).", evidence, -1));
        }
    }

    /** "by TFTP from port 2000", "by HTTP" or both: how the loader tried its URLs. */
    private static String how(CaptureAnalysis a, Device d) {
        boolean tftp = !loaderTransfers(a, d).isEmpty();
        boolean http = !SpaLoaderUrlRetryRule.httpBursts(a, d).isEmpty();
        return (tftp ? "by TFTP from port " + LOADER_PORT : "") + (tftp && http ? " and " : "") + (http ? "by HTTP" : "");
    }

    /** An Upgrade later than the listen window after the phone's Reply, never echoed. */
    private void lateUpgrade(CaptureAnalysis a, Device d, List<Finding> out) {
        SpaMessage reply = null;
        for (SpaMessage m : a.spa()) {
            if (m.kind() == SpaMessage.Kind.REPLY && PhoneSigns.sentBy(d, m.senderMac(), m.senderIp())) {
                reply = m;
            } else if (m.kind() == SpaMessage.Kind.UPGRADE && reply != null) {
                SpaMessage upgrade = m;
                SpaMessage replied = reply;
                reply = null; // one finding per Reply
                if (upgrade.time() == Long.MIN_VALUE || replied.time() == Long.MIN_VALUE
                        || upgrade.time() - replied.time() <= LISTEN_NANOS || echoed(a, d, upgrade)
                        || upgrade.length() != 160) {
                    continue; // in time, heard, or dropped for its length (spa-recovery-protocol.md "Frames")
                }
                String why = String.format(Locale.ROOT, "The phone replied to the recovery tool (frame %d) and "
                        + "the tool sent its Upgrade %.1f s later (frame %d); the phone never acknowledged it and "
                        + "asked for no file. The loader listens for about 5 s, then goes back to its own recovery "
                        + "URLs: the Upgrade came after it had stopped listening.", replied.frame(),
                        (upgrade.time() - replied.time()) / 1e9, upgrade.frame());
                out.add(finding(d.key(), 88, why, "Send the Upgrade right after the Reply: in the vendor's tool, "
                        + "click Upgrade as soon as the phone is listed (or use phonerescue spa-recover, which "
                        + "sends it at once); if it was missed, power-cycle the phone and start again.",
                        List.of(replied.frame(), upgrade.frame()), -1));
            }
        }
    }

    private static boolean echoed(CaptureAnalysis a, Device d, SpaMessage upgrade) {
        for (SpaMessage m : a.spa()) {
            if (m.frame() > upgrade.frame() && PhoneSigns.sentBy(d, m.senderMac(), m.senderIp())
                    && (m.kind() == SpaMessage.Kind.UPGRADE_ACK || m.kind() == SpaMessage.Kind.REPLY)) {
                return m.kind() == SpaMessage.Kind.UPGRADE_ACK;
            }
        }
        return false;
    }

    /** An Upgrade echo with no TFTP request from the phone in the window after it, while the capture goes on. */
    private void noRequestAfterEcho(CaptureAnalysis a, Device d, List<Finding> out) {
        for (SpaMessage echo : a.spa()) {
            if (echo.kind() != SpaMessage.Kind.UPGRADE_ACK || !PhoneSigns.sentBy(d, echo.senderMac(), echo.senderIp())
                    || echo.time() == Long.MIN_VALUE || a.lastTime() - echo.time() < LISTEN_NANOS) {
                continue;
            }
            boolean asked = a.transfersOf(d).stream().anyMatch(t -> t.requestFrame() > echo.frame()
                    && (t.startTime() == Long.MIN_VALUE || t.startTime() - echo.time() <= LISTEN_NANOS));
            if (asked) {
                continue;
            }
            String why = "The phone acknowledged the Upgrade to '" + echo.file() + "' (frame " + echo.frame()
                    + ") and then sent no TFTP request within 5 s, although the loader asks for the file (from "
                    + "port 2000 to 234.4.8.10:69) right after its acknowledgement. The loader gave the download up "
                    + "before it began: the tool does not match the loader (field notes §1: a loader of 7.5.2b or "
                    + "older needs a tool of 7.5.2b or older), the file name is not one it takes, or the phone is "
                    + "not really in its recovery loader.";
            out.add(finding(d.key(), 85, why, "Use the recovery tool that matches the loader version of the Reply "
                    + "(7.5.2b or older for loaders up to 7.5.2b, a newer one otherwise), power-cycle the phone and "
                    + "start again.", List.of(echo.frame()), -1));
        }
    }

    private static double seconds(CaptureAnalysis a, long time) {
        return a.firstTime() == Long.MIN_VALUE ? 0 : (time - a.firstTime()) / 1e9;
    }
}
