package org.phonerescue.core.diagnosis.rules;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.phonerescue.core.device.RequestedFile;
import org.phonerescue.core.diagnosis.Finding;
import org.phonerescue.core.diagnosis.Rule;
import org.phonerescue.core.diagnosis.Severity;
import org.phonerescue.core.firmware.CiscoLoads;
import org.phonerescue.core.session.CaptureAnalysis;
import org.phonerescue.core.transfer.FileContent;
import org.phonerescue.core.transfer.TftpTransfer;
import org.phonerescue.core.transfer.TransferOutcome;

/**
 * A Cisco 79xx fetched its packing list ({@code .loads}) completely, then some file the list names
 * was refused by the server, or was never asked for while the phone fetched others from the list.
 * Field notes §3: the phone requests every listed file, one after another; a missing one stalls
 * the recovery. The list is read from the transfer's content ({@link CiscoLoads}). Every listed
 * file refused since the phone first had the list is named (a phone that boots again fetches the
 * list again: one finding per phone and list).
 */
public final class LoadsFileMissingRule implements Rule {

    /** How long the capture must go on after the list before a file never asked for counts. */
    static final long QUIET_NS = 60_000_000_000L;

    @Override
    public String id() {
        return "loads-file-missing";
    }

    @Override
    public String title() {
        return "Files of the packing list missing";
    }

    @Override
    public Severity severity() {
        return Severity.ERROR;
    }

    /** A complete download of a packing list and what it lists. */
    private record Fetch(TftpTransfer transfer, CiscoLoads loads) {
    }

    /**
     * What the capture shows of one packing list one phone fetched: the fetches (a phone that boots
     * again fetches its list again), what it asked for since the first one by the name it asked
     * for, and, in the list's order, the listed files refused and never served with the refusals.
     */
    private record ListCheck(List<Fetch> fetches, Map<String, List<TftpTransfer>> later,
                             Map<String, List<TftpTransfer>> refused, List<String> asked, List<String> neverAsked) {

        TftpTransfer first() {
            return fetches.get(0).transfer();
        }

        /** The list as last served. */
        Fetch last() {
            return fetches.get(fetches.size() - 1);
        }
    }

    @Override
    public List<Finding> evaluate(CaptureAnalysis a) {
        List<Finding> out = new ArrayList<>();
        for (ListCheck check : checks(a)) {
            TftpTransfer first = check.first();
            TftpTransfer list = check.last().transfer();
            CiscoLoads loads = check.last().loads();
            List<Long> evidence = new ArrayList<>();
            check.fetches().forEach(f -> evidence.addAll(List.of(f.transfer().requestFrame(), f.transfer().lastFrame())));
            StringBuilder refusals = new StringBuilder();
            for (Map.Entry<String, List<TftpTransfer>> e : check.refused().entrySet()) {
                e.getValue().forEach(t -> evidence.addAll(List.of(t.requestFrame(), t.errorFrame())));
                TftpTransfer error = e.getValue().get(e.getValue().size() - 1);
                refusals.append(refusals.length() > 0 ? "; " : "").append('\'').append(e.getKey()).append("' (ERROR ")
                        .append(error.errorCode()).append(error.errorMessage() != null && !error.errorMessage().isEmpty()
                                ? " \"" + error.errorMessage() + "\"" : "").append(", frame ").append(error.errorFrame())
                        .append(')');
            }
            String device = FindingText.clientKey(a, list);
            StringBuilder frames = new StringBuilder();
            for (Fetch f : check.fetches()) {
                frames.append(frames.length() > 0 ? ", " : "").append(f.transfer().firstFrame()).append('–')
                        .append(f.transfer().lastFrame());
            }
            int fetched = check.fetches().size();
            String intro = "The phone fetched the packing list '" + list.file() + "' completely" + (fetched > 1
                    ? " " + fetched + " times (frames " + frames + ")" : " (frames " + frames + ")")
                    + "; it lists " + loads.files().size() + " files"
                    + (loads.version() != null ? " of load version " + loads.version() : "") + ". ";
            List<String> refused = List.copyOf(check.refused().keySet());
            List<String> asked = check.asked();
            List<String> neverAsked = check.neverAsked();
            if (!refused.isEmpty()) {
                out.add(finding(device, 92, intro + "The server refused " + (refused.size() == 1 ? "one of them: "
                                : refused.size() + " of them: ") + refusals + ". The phone fetches the listed files one "
                                + "after another and stalls at a missing one.",
                        remedy(check.refused()), evidence, first.requestFrame()));
            } else if (!neverAsked.isEmpty() && !asked.isEmpty() && a.lastTime() - list.endTime() >= QUIET_NS) {
                for (String listed : asked) {
                    evidence.add(check.later().get(listed).get(0).requestFrame());
                }
                out.add(finding(Severity.WARNING, device, 60, intro + "It asked for " + names(asked) + " but never for "
                                + names(neverAsked) + " in the " + (a.lastTime() - list.endTime()) / 1_000_000_000L
                                + " s the capture goes on: it stopped before them, or already has them (a phone skips "
                                + "the images it has).",
                        "If the phone does not come up, check that " + names(neverAsked) + " are in the TFTP server's "
                                + "root under exactly those names ('phonerescue check-root DIR' checks every packing "
                                + "list there), and let the phone run up to 15 minutes before calling it stuck.",
                        evidence, first.requestFrame()));
            }
        }
        return out;
    }

    /**
     * The request frames of the refusals a finding of this rule names and cites: {@code
     * tftp-file-not-found} leaves these to it rather than report the same refused files twice.
     */
    static Set<Long> namedRefusals(CaptureAnalysis a) {
        Set<Long> frames = new HashSet<>();
        for (ListCheck check : checks(a)) {
            check.refused().values().forEach(refusals -> refusals.forEach(t -> frames.add(t.requestFrame())));
        }
        return frames;
    }

    private static List<ListCheck> checks(CaptureAnalysis a) {
        // a phone that boots again fetches its packing list again: one check per phone and list
        Map<String, List<Fetch>> fetches = new LinkedHashMap<>();
        for (TftpTransfer t : a.transfers()) {
            CiscoLoads loads = packingList(t);
            if (loads != null && !loads.files().isEmpty()) {
                fetches.computeIfAbsent(t.client().ip() + "|" + RequestedFile.baseName(t.file()), k -> new ArrayList<>())
                        .add(new Fetch(t, loads));
            }
        }
        List<ListCheck> checks = new ArrayList<>();
        for (List<Fetch> group : fetches.values()) {
            TftpTransfer first = group.get(0).transfer();
            Map<String, List<TftpTransfer>> later = new LinkedHashMap<>();
            for (TftpTransfer t : a.transfers()) {
                if (t.read() && t.requestFrame() > first.requestFrame() && t.client().ip().equals(first.client().ip())) {
                    later.computeIfAbsent(RequestedFile.baseName(t.file()), k -> new ArrayList<>()).add(t);
                }
            }
            Map<String, List<TftpTransfer>> refused = new LinkedHashMap<>();
            List<String> asked = new ArrayList<>();
            List<String> neverAsked = new ArrayList<>();
            for (String listed : group.get(group.size() - 1).loads().files()) {
                List<TftpTransfer> requests = later.get(listed);
                if (requests == null) {
                    neverAsked.add(listed);
                    continue;
                }
                asked.add(listed);
                // a file served after its refusal no longer counts
                List<TftpTransfer> errors = requests.stream()
                        .filter(t -> t.outcome() == TransferOutcome.ERROR && !t.errorFromClient()).toList();
                if (!errors.isEmpty() && requests.stream().noneMatch(t -> t.outcome() == TransferOutcome.COMPLETE)) {
                    refused.put(listed, errors);
                }
            }
            checks.add(new ListCheck(group, later, refused, asked, neverAsked));
        }
        return checks;
    }

    /** The packing list a complete download carried, when the analysis kept its bytes; else null. */
    private static CiscoLoads packingList(TftpTransfer t) {
        FileContent c = t.content();
        if (!t.read() || t.outcome() != TransferOutcome.COMPLETE || c == null || !c.kept() || c.size() > (1 << 20)
                || !t.file().toLowerCase(Locale.ROOT).endsWith(".loads")) {
            return null;
        }
        try {
            return CiscoLoads.parse(c.head((int) c.size()));
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * Copy what the server does not have; make readable what it has but refuses (an access
     * violation: the name exists, RFC 1350 §5), judged by each file's last refusal.
     */
    private static String remedy(Map<String, List<TftpTransfer>> refused) {
        List<String> missing = new ArrayList<>();
        List<String> unreadable = new ArrayList<>();
        refused.forEach((name, errors) -> {
            TftpTransfer last = errors.get(errors.size() - 1);
            (TftpAccessViolationRule.isAccessViolation(last.errorCode(), last.errorMessage()) ? unreadable : missing)
                    .add(name);
        });
        StringBuilder sb = new StringBuilder();
        if (!missing.isEmpty()) {
            sb.append("Copy every file of the firmware package into the TFTP server's root under exactly the names "
                    + "the packing list gives (").append(names(missing)).append(" included; names are case-sensitive "
                    + "on Linux servers). ");
        }
        if (!unreadable.isEmpty()) {
            sb.append("The server has ").append(names(unreadable)).append(" but refuses to read ")
                    .append(unreadable.size() == 1 ? "it" : "them").append(": make ")
                    .append(unreadable.size() == 1 ? "it" : "them").append(" readable by the TFTP server's user "
                    + "(tftpd-hpa serves only world-readable files: chmod a+r). ");
        }
        return sb.append("Then restart the phone. 'phonerescue check-root DIR' checks every packing list in a folder.")
                .toString();
    }

    private static String names(List<String> names) {
        List<String> shown = names.stream().limit(6).map(n -> "'" + n + "'").toList();
        return String.join(", ", shown) + (names.size() > 6 ? " and " + (names.size() - 6) + " more" : "");
    }
}
