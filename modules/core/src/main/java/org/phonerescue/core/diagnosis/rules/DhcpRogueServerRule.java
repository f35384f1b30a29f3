package org.phonerescue.core.diagnosis.rules;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.phonerescue.core.diagnosis.Finding;
import org.phonerescue.core.diagnosis.Rule;
import org.phonerescue.core.diagnosis.Severity;
import org.phonerescue.core.session.CaptureAnalysis;
import org.phonerescue.core.session.DhcpMessage;

/**
 * More than one DHCP server answers the same phone (RFC 2131 §3.1: the client takes one offer,
 * usually the first), so what it gets — address, TFTP server options — depends on who is faster.
 */
public final class DhcpRogueServerRule implements Rule {

    @Override
    public String id() {
        return "dhcp-rogue-server";
    }

    @Override
    public String title() {
        return "Several DHCP servers answer";
    }

    @Override
    public Severity severity() {
        return Severity.WARNING;
    }

    @Override
    public List<Finding> evaluate(CaptureAnalysis a) {
        Map<String, Map<String, DhcpMessage>> byClient = new LinkedHashMap<>();
        for (DhcpMessage m : a.dhcp()) {
            if ((m.type() == DhcpMessage.OFFER || m.type() == DhcpMessage.ACK) && m.clientMac() != null
                    && m.server() != null) {
                byClient.computeIfAbsent(m.clientMac(), k -> new LinkedHashMap<>()).putIfAbsent(m.server(), m);
            }
        }
        List<Finding> out = new ArrayList<>();
        for (Map.Entry<String, Map<String, DhcpMessage>> e : byClient.entrySet()) {
            if (e.getValue().size() < 2) {
                continue;
            }
            StringBuilder why = new StringBuilder(e.getValue().size() + " DHCP servers answer this phone:");
            List<Long> evidence = new ArrayList<>();
            for (DhcpMessage m : e.getValue().values()) {
                why.append(' ').append(m.server()).append(" (").append(m.typeName()).append(" frame ").append(m.frame());
                if (m.yourIp() != null) {
                    why.append(", offers ").append(m.yourIp());
                }
                if (!m.tftpServers().isEmpty()) {
                    why.append(", option 150 ").append(String.join(" ", m.tftpServers()));
                }
                if (m.tftpServerName() != null) {
                    why.append(", option 66 ").append(m.tftpServerName());
                }
                why.append(");");
                evidence.add(m.frame());
            }
            why.setCharAt(why.length() - 1, '.');
            why.append(" The phone takes whichever answers first, so its address and TFTP server can change from one "
                    + "boot to the next.");
            DhcpMessage taken = null;
            for (DhcpMessage m : a.dhcp()) {
                if (m.fromServer() && m.type() == DhcpMessage.ACK && e.getKey().equals(m.clientMac())) {
                    taken = m;
                }
            }
            if (taken != null) {
                why.append(" This time it took ").append(taken.yourIp() != null ? taken.yourIp() + " " : "the address ")
                        .append("from ").append(taken.server()).append(" (DHCP ACK, frame ").append(taken.frame())
                        .append(").");
                evidence.add(taken.frame());
            }
            out.add(finding(e.getKey(), 75, why.toString(), "Keep one DHCP server on the phone's network: switch off "
                    + "the unwanted one (often a home router, or the DHCP server of a tool such as tftpd32), or "
                    + "recover the phone on a separate switch with only your server.", evidence, -1));
        }
        return out;
    }
}
