package org.phonerescue.core.diagnosis.rules;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.phonerescue.core.device.Device;
import org.phonerescue.core.diagnosis.Finding;
import org.phonerescue.core.diagnosis.Rule;
import org.phonerescue.core.diagnosis.Severity;
import org.phonerescue.core.session.CaptureAnalysis;
import org.phonerescue.core.session.DhcpMessage;
import org.phonerescue.core.session.DnsMessage;
import org.phonerescue.core.transfer.FileTransfer;
import org.phonerescue.core.transfer.TftpTransfer;

/**
 * One DHCP answer names two different TFTP servers: option 150 (RFC 5859, which Cisco phones
 * use first) and option 66 (RFC 2132 §9.4, which most other phones use: SPA, Snom, Polycom),
 * as a dotted address or as a name the capture resolves. Which server a phone asks then depends
 * on its make, and one of them is usually stale. When the phone's requests to the one it chose
 * go unanswered while the other host is up, this is the likely cause.
 */
public final class Option66Option150DisagreeRule implements Rule {

    @Override
    public String id() {
        return "dhcp-opt66-opt150-disagree";
    }

    @Override
    public String title() {
        return "DHCP options 66 and 150 name different TFTP servers";
    }

    @Override
    public Severity severity() {
        return Severity.WARNING;
    }

    @Override
    public List<Finding> evaluate(CaptureAnalysis a) {
        List<Finding> out = new ArrayList<>();
        Set<String> reported = new HashSet<>();
        for (DhcpMessage m : a.dhcp()) {
            String host = m.option66Host();
            if (!m.fromServer() || m.clientMac() == null || host == null || m.tftpServers().isEmpty()) {
                continue;
            }
            Set<String> named = new LinkedHashSet<>();
            DnsMessage answer = null;
            if (DhcpMessage.dotted(host)) {
                named.add(host);
            } else {
                answer = a.dns().stream().filter(q -> q.response() && q.concerns(host) && !q.addresses().isEmpty())
                        .findFirst().orElse(null);
                if (answer == null) {
                    continue; // an unresolved name is dhcp-opt66-unresolved's
                }
                named.addAll(answer.addresses());
            }
            if (named.stream().anyMatch(m.tftpServers()::contains)
                    || !reported.add(m.clientMac() + "|" + named + "|" + m.tftpServers())) {
                continue;
            }
            out.add(describe(a, m, host, named, answer));
        }
        return out;
    }

    private Finding describe(CaptureAnalysis a, DhcpMessage m, String host, Set<String> named, DnsMessage answer) {
        List<Long> evidence = new ArrayList<>(List.of(m.frame()));
        String option66 = String.join(" and ", named);
        StringBuilder why = new StringBuilder("The DHCP " + m.typeName() + " from " + m.server() + " (frame " + m.frame()
                + ") gives option 150 (TFTP server) " + String.join(" ", m.tftpServers()) + " and option 66 '"
                + m.tftpServerName() + "'");
        if (answer != null) {
            why.append(", which DNS resolves to ").append(option66).append(" (frame ").append(answer.frame()).append(')');
            evidence.add(answer.frame());
        }
        why.append(": two different servers. Cisco phones ask the one in option 150, most others (SPA, Snom, "
                + "Polycom) the one in option 66.");
        Device d = a.device(m.clientMac());
        int likelihood = 55;
        Severity severity = severity();
        if (d != null) {
            List<TftpTransfer> asked = a.transfersOf(d).stream().filter(t -> t.requestFrame() > m.frame()).toList();
            if (!asked.isEmpty()) {
                TftpTransfer first = asked.get(0);
                String server = first.requestedServer().ip();
                boolean viaOption150 = m.tftpServers().contains(server);
                boolean viaOption66 = named.contains(server);
                if (viaOption150 || viaOption66) {
                    evidence.add(first.requestFrame());
                    why.append(" This phone asked ").append(server).append(", option ").append(viaOption150 ? "150" : "66")
                            .append("'s (frame ").append(first.requestFrame()).append(')');
                    List<String> others = viaOption150 ? List.copyOf(named) : m.tftpServers();
                    boolean unanswered = asked.stream().filter(t -> t.requestedServer().ip().equals(server))
                            .noneMatch(FileTransfer::answered);
                    String alive = others.stream().filter(ip -> a.sentFrom(ip) || FindingText.arpClaim(a, ip) != null)
                            .findFirst().orElse(null);
                    if (unanswered && alive != null) {
                        why.append(", which never answers, while ").append(alive).append(", named in option ")
                                .append(viaOption150 ? "66" : "150").append(", is up");
                        likelihood = 87;
                        severity = Severity.ERROR;
                    }
                    why.append('.');
                }
            }
        }
        return finding(severity, m.clientMac(), likelihood, why.toString(), "Make options 66 and 150 name the same "
                + "TFTP server, the PC or server that holds the firmware, on the DHCP server " + m.server() + ", or leave "
                + "out the one your phones do not use.", evidence, -1);
    }
}
