package org.phonerescue.core.diagnosis.rules;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.phonerescue.core.diagnosis.Finding;
import org.phonerescue.core.diagnosis.Rule;
import org.phonerescue.core.diagnosis.Severity;
import org.phonerescue.core.session.CaptureAnalysis;
import org.phonerescue.core.transfer.TftpTransfer;
import org.phonerescue.core.transfer.Unreachable;

/**
 * A phone's TFTP requests to a server go unanswered: repeated (RFC 1350 §4 has the client
 * repeat after a timeout) or refused by an ICMP error that quotes them (field notes §4: "a
 * refused TFTP request often shows as an ICMP port-unreachable that quotes the refused UDP
 * header"). Requests to the SPA group 234.4.8.10 are left to {@code spa-rrq-unanswered}.
 */
public final class ServerUnreachableRule implements Rule {

    @Override
    public String id() {
        return "server-unreachable";
    }

    @Override
    public String title() {
        return "TFTP server does not answer";
    }

    @Override
    public Severity severity() {
        return Severity.ERROR;
    }

    @Override
    public List<Finding> evaluate(CaptureAnalysis a) {
        Map<String, List<TftpTransfer>> unanswered = new LinkedHashMap<>();
        for (TftpTransfer t : a.transfers()) {
            if (!t.answered() && !t.requestedServer().multicast()) {
                unanswered.computeIfAbsent(FindingText.clientKey(a, t) + "|" + t.requestedServer().ip(),
                        k -> new ArrayList<>()).add(t);
            }
        }
        List<Finding> out = new ArrayList<>();
        for (List<TftpTransfer> group : unanswered.values()) {
            List<Long> requests = new ArrayList<>();
            List<Unreachable> icmp = new ArrayList<>();
            for (TftpTransfer t : group) {
                requests.addAll(t.requestFrames());
                icmp.addAll(t.unreachables());
            }
            if (requests.size() < 2 && icmp.isEmpty()) {
                continue; // one request at the end of a capture proves nothing yet
            }
            TftpTransfer t = group.get(0);
            String server = t.requestedServer().ip();
            StringBuilder why = new StringBuilder("The phone asked " + server + " for '" + t.file() + "' "
                    + (requests.size() > 1 ? requests.size() + " times" : "once") + " (" + FindingText.frames(requests)
                    + ") and no TFTP answer came back.");
            why.append(icmpSentences(icmp));
            if (!a.sentFrom(server)) {
                why.append(" Nothing in the capture comes from ").append(server).append(" at all.");
            }
            List<Long> evidence = new ArrayList<>(requests);
            icmp.forEach(u -> evidence.add(u.frame()));
            out.add(finding(FindingText.clientKey(a, t), 85, why.toString(), remedy(server, icmp), evidence,
                    t.requestFrame()));
        }
        return out;
    }

    /**
     * " ICMP port unreachable from 10.1.1.10 (frames 2, 4 and 6) quotes the requests.": one
     * sentence per sender and kind of error, as a client that repeats its request gets one each time.
     */
    static String icmpSentences(List<Unreachable> icmp) {
        Map<String, List<Unreachable>> bySender = new LinkedHashMap<>();
        for (Unreachable u : icmp) {
            bySender.computeIfAbsent(u.from() + "|" + u.code(), k -> new ArrayList<>()).add(u);
        }
        StringBuilder sb = new StringBuilder();
        for (List<Unreachable> same : bySender.values()) {
            Unreachable u = same.get(0);
            sb.append(" ICMP ").append(u.what()).append(" from ").append(u.from()).append(" (")
                    .append(FindingText.frames(same.stream().map(Unreachable::frame).toList())).append(") quotes ")
                    .append(same.size() > 1 ? "the requests." : "the request.");
        }
        return sb.toString();
    }

    private static String remedy(String server, List<Unreachable> icmp) {
        int code = icmp.isEmpty() ? -1 : icmp.get(0).code();
        return switch (code) {
            case 3 -> server + " is there but nothing listens on UDP port 69: start the TFTP server (as root or "
                    + "administrator: port 69 is privileged) and make it listen on this address.";
            case 9, 10, 13 -> "A firewall refuses UDP port 69 on the way to " + server + ": allow TFTP (UDP 69 and "
                    + "the server's reply ports) in it, e.g. the Windows firewall on the PC running the server.";
            case 0, 1 -> server + " cannot be reached from the phone's network: check the address the phone was "
                    + "given (DHCP option 150/66 or its settings), the netmask and the gateway.";
            default -> "Check that the TFTP server runs and listens on " + server + " UDP port 69, that this is the "
                    + "address the phone should use (DHCP option 150/66 or its settings), and that no firewall "
                    + "drops UDP 69 (the Windows firewall often does).";
        };
    }
}
