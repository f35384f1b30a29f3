package org.phonerescue.core.diagnosis.rules;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.phonerescue.core.device.Device;
import org.phonerescue.core.diagnosis.Finding;
import org.phonerescue.core.diagnosis.Rule;
import org.phonerescue.core.diagnosis.Severity;
import org.phonerescue.core.session.CaptureAnalysis;
import org.phonerescue.core.transfer.FailedConnection;
import org.phonerescue.core.transfer.IcmpError;
import org.phonerescue.core.transfer.TftpTransfer;
import org.phonerescue.core.transfer.Unreachable;

/**
 * A phone's TFTP requests to a server go unanswered: repeated (RFC 1350 §4 has the client
 * repeat after a timeout) or refused by an ICMP error that quotes them (field notes §4: "a
 * refused TFTP request often shows as an ICMP port-unreachable that quotes the refused UDP
 * header"). Requests to the SPA group 234.4.8.10 are left to {@code spa-rrq-unanswered}, and
 * an SPA loader's attempts at its own Recovery URL to {@code spa-loader-url-retry}.
 *
 * <p>The same for HTTP and FTP (field notes §2: a Snom in rescue mode fetches its image by either;
 * a Cisco phone provisioned by HTTP its files): the phone's TCP connections to the server never
 * come up — its SYNs repeated without an answer, answered by a RST, or by an ICMP error quoting
 * them ({@link FailedConnection}). A connection to the same server that came up later shows the
 * phone got through: no finding for the failures before it. An SPA loader's attempts at its own
 * Recovery URL by HTTP are {@code spa-loader-url-retry}'s too.
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
        Set<Long> loader = SpaLoaderUrlRetryRule.explained(a);
        for (TftpTransfer t : a.transfers()) {
            if (!t.answered() && !t.requestedServer().multicast() && !loader.contains(t.requestFrame())) {
                unanswered.computeIfAbsent(FindingText.clientKey(a, t) + "|" + t.requestedServer().ip(),
                        k -> new ArrayList<>()).add(t);
            }
        }
        List<Finding> out = new ArrayList<>();
        for (List<TftpTransfer> group : unanswered.values()) {
            // the frames kept of each transfer's requests and ICMP errors (the first and the last), and their counts
            List<Long> requests = new ArrayList<>();
            long asked = 0;
            List<Unreachable> icmp = new ArrayList<>();
            long refused = 0;
            for (TftpTransfer t : group) {
                requests.addAll(t.requests().frames());
                asked += t.requests().count();
                icmp.addAll(t.unreachables());
                refused += t.unreachableCount();
            }
            if (asked < 2 && refused == 0) {
                continue; // one request at the end of a capture proves nothing yet
            }
            TftpTransfer t = group.get(0);
            String server = t.requestedServer().ip();
            StringBuilder why = new StringBuilder("The phone asked " + server + " for '" + t.file() + "' "
                    + (asked > 1 ? asked + " times" : "once") + " (" + FindingText.frames(requests, asked)
                    + ") and no TFTP answer came back.");
            why.append(icmpSentences(icmp, refused));
            List<Long> evidence = new ArrayList<>(requests);
            icmp.forEach(u -> evidence.add(u.frame()));
            why.append(FindingText.serverPresence(a, server, "TFTP server", evidence));
            boolean onLink = !a.sentFrom(server) && FindingText.arpClaim(a, server) != null;
            out.add(finding(FindingText.clientKey(a, t), 85, why.toString(), remedy(server, icmp, onLink), evidence,
                    t.requestFrame()));
        }
        out.addAll(overTcp(a, loader));
        return out;
    }

    /**
     * " ICMP port unreachable from 10.1.1.10 (frames 2, 4 and 6) quotes the requests.": one
     * sentence per sender and kind of error, as a client that repeats its request gets one each
     * time. {@code icmp} holds the errors kept (a transfer keeps the first and the last),
     * {@code total} counts them all.
     */
    static String icmpSentences(List<Unreachable> icmp, long total) {
        Map<String, List<Unreachable>> bySender = new LinkedHashMap<>();
        for (Unreachable u : icmp) {
            bySender.computeIfAbsent(u.from() + "|" + u.code(), k -> new ArrayList<>()).add(u);
        }
        boolean all = total <= icmp.size();
        StringBuilder sb = new StringBuilder();
        for (List<Unreachable> same : bySender.values()) {
            Unreachable u = same.get(0);
            // with some left out, only one sender and kind of error tells how many of them there were
            long count = all ? same.size() : bySender.size() == 1 ? total : -1;
            sb.append(" ICMP ").append(u.what()).append(" from ").append(u.from()).append(" (")
                    .append(FindingText.frames(same.stream().map(Unreachable::frame).toList(), count))
                    .append(") quotes ").append(count == 1 ? "the request." : "the requests.");
        }
        if (!all && bySender.size() > 1) {
            sb.append(" ").append(total).append(" ICMP errors in all quote them.");
        }
        return sb.toString();
    }

    /**
     * One finding per client, server address and protocol whose connections failed, unless one came
     * up later; an SPA loader's attempts at its Recovery URL ({@code loader}, by first frame) are
     * left to {@code spa-loader-url-retry}.
     */
    private List<Finding> overTcp(CaptureAnalysis a, Set<Long> loader) {
        Map<String, List<FailedConnection>> groups = new LinkedHashMap<>();
        for (FailedConnection c : a.failedConnections()) {
            if (c.connectedLater() < 0 && !loader.contains(c.firstFrame())) {
                Device d = a.client(c);
                groups.computeIfAbsent((d == null ? "?" + c.client().ip() : d.key()) + "|" + c.server().ip() + "|"
                        + c.protocol(), k -> new ArrayList<>()).add(c);
            }
        }
        List<Finding> out = new ArrayList<>();
        for (List<FailedConnection> group : groups.values()) {
            FailedConnection first = group.get(0);
            Device d = a.client(first);
            String server = first.server().ip();
            String protocol = first.protocol().name();
            List<Long> evidence = new ArrayList<>();
            List<IcmpError> icmp = new ArrayList<>();
            List<Integer> refusedPorts = new ArrayList<>();
            List<Integer> silentPorts = new ArrayList<>();
            for (FailedConnection c : group) {
                evidence.addAll(c.evidence());
                icmp.addAll(c.icmpErrors());
                List<Integer> ports = c.failure() == FailedConnection.Failure.NO_ANSWER ? silentPorts : refusedPorts;
                if (!ports.contains(c.server().port())) {
                    ports.add(c.server().port());
                }
            }
            StringBuilder why = new StringBuilder("The phone tried " + (group.size() == 1 ? "once" : group.size()
                    + " times") + " to connect to " + server + " for " + protocol + ", and no connection came up: "
                    + connectionFailures(group));
            why.append(FindingText.serverPresence(a, server, protocol + " server", evidence));
            why.append(" No ").append(protocol).append(" request could be sent.");
            Finding f = finding(d == null ? null : d.key(), 85, why.toString(),
                    tcpRemedy(protocol, server, refusedPorts, silentPorts, icmp), evidence, -1);
            out.add(new Finding(f.rule(), f.severity(), protocol + " server does not answer", f.explanation(),
                    f.remedy(), f.evidence(), f.device(), f.likelihood(), f.transfer()));
        }
        return out;
    }

    /**
     * "HTTP connection to 10.0.0.5:80 refused: RST (frame 9) after 1 SYN; … 2 more. A RST means
     * …": how each connection failed (the first five), then what each way of failing means.
     */
    static String connectionFailures(List<FailedConnection> group) {
        List<String> tries = group.stream().limit(5).map(FailedConnection::describe).toList();
        StringBuilder why = new StringBuilder(String.join("; ", tries) + (group.size() > tries.size() ? "; … "
                + (group.size() - tries.size()) + " more" : "") + ".");
        if (group.stream().anyMatch(c -> c.failure() == FailedConnection.Failure.RESET)) {
            why.append(" A RST means the server's host is there, but nothing listens on that port.");
        }
        IcmpError e = group.stream().flatMap(c -> c.icmpErrors().stream()).findFirst().orElse(null);
        if (e != null) {
            why.append(" An ICMP error came back instead of an answer: ").append(e.from()).append(" says the ")
                    .append(e.portUnreachable() ? "port is closed" : e.prohibited() ? "connection is not allowed"
                            : "server cannot be reached").append('.');
        }
        if (group.stream().anyMatch(c -> c.failure() == FailedConnection.Failure.NO_ANSWER)) {
            why.append(" Unanswered SYNs mean nobody answered at all: no SYN-ACK, no RST, no ICMP error.");
        }
        return why.toString();
    }

    /** What to do, for each way the connections failed: the refused ports first, then the silent ones. */
    private static String tcpRemedy(String protocol, String server, List<Integer> refusedPorts,
                                    List<Integer> silentPorts, List<IcmpError> icmp) {
        List<String> out = new ArrayList<>();
        IcmpError e = icmp.isEmpty() ? null : icmp.get(0);
        if (e != null && e.prohibited()) {
            out.add("A firewall on the way to " + server + " (" + e.from() + ") refuses the connection: allow "
                    + ports(refusedPorts) + " to it, e.g. in the Windows firewall of the PC running the " + protocol
                    + " server.");
        } else if (e != null && e.noRoute()) {
            out.add(server + " cannot be reached from the phone's network (" + e.from() + " has no way there): check "
                    + "the server address the phone was given (DHCP option 66 or its settings), its netmask and gateway.");
        } else if (!refusedPorts.isEmpty()) {
            out.add("Start the " + protocol + " server on " + server + " and make it listen on " + ports(refusedPorts)
                    + " (or give the phone the port the server listens on); a firewall that rejects the port answers "
                    + "the same way: allow it.");
        }
        if (!silentPorts.isEmpty()) {
            out.add("Check that the " + protocol + " server runs and listens on " + server + " " + ports(silentPorts)
                    + ", that this is the address the phone should use (DHCP option 66 or its settings), and that no "
                    + "firewall drops the connection (the Windows firewall often does).");
        }
        return String.join(" ", out);
    }

    /** "TCP port 80", "TCP ports 80 and 8080". */
    private static String ports(List<Integer> ports) {
        if (ports.size() == 1) {
            return "TCP port " + ports.get(0);
        }
        List<String> p = ports.stream().map(String::valueOf).toList();
        return "TCP ports " + String.join(", ", p.subList(0, p.size() - 1)) + " and " + p.get(p.size() - 1);
    }

    /** What to do, by the ICMP error that came back; {@code onLink}: the server answered ARP and nothing else. */
    private static String remedy(String server, List<Unreachable> icmp, boolean onLink) {
        int code = icmp.isEmpty() ? -1 : icmp.get(0).code();
        if (code < 0 && onLink) {
            return "The host " + server + " is there, so look at it: start its TFTP server (as root or administrator: "
                    + "port 69 is privileged) and make it listen on " + server + ", and allow UDP port 69 and the "
                    + "server's reply ports in that host's firewall (the Windows firewall drops them without a word).";
        }
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
