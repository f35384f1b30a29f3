package org.phonerescue.core.diagnosis.rules;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.phonerescue.core.device.Device;
import org.phonerescue.core.device.Role;
import org.phonerescue.core.diagnosis.Finding;
import org.phonerescue.core.diagnosis.Rule;
import org.phonerescue.core.diagnosis.Severity;
import org.phonerescue.core.session.CaptureAnalysis;
import org.phonerescue.core.session.DhcpMessage;
import org.phonerescue.core.session.DnsMessage;
import org.phonerescue.core.transfer.FileTransfer;

/**
 * DHCP option 66 (RFC 2132 §9.4, "TFTP server name") names the server by a host name, and the
 * phone never gets an address for it: its DNS queries for the name go unanswered or fail
 * (RFC 1035 §4.1.1 response codes), or, while the capture runs on, it asks DNS nothing and
 * fetches nothing (a loader often has no resolver). A dotted address in option 66 needs no lookup
 * and is left to {@code dhcp-opt150-unreachable}.
 */
public final class Option66UnresolvedRule implements Rule {

    /** How long the capture must run on after the DHCP answer before a phone that did nothing counts. */
    static final long QUIET_NANOS = 10_000_000_000L;

    @Override
    public String id() {
        return "dhcp-opt66-unresolved";
    }

    @Override
    public String title() {
        return "DHCP option 66 names a server the phone cannot resolve";
    }

    @Override
    public Severity severity() {
        return Severity.ERROR;
    }

    @Override
    public List<Finding> evaluate(CaptureAnalysis a) {
        List<Finding> out = new ArrayList<>();
        Set<String> reported = new HashSet<>();
        for (DhcpMessage m : a.dhcp()) {
            String host = m.option66Host();
            if (!m.fromServer() || m.clientMac() == null || host == null || DhcpMessage.dotted(host)
                    || !reported.add(m.clientMac() + "|" + host)) {
                continue;
            }
            Device d = a.device(m.clientMac());
            if (d == null || resolved(a, host) || fetchedAfter(a, d, m.frame())) {
                continue;
            }
            List<DnsMessage> queries = new ArrayList<>();
            List<DnsMessage> failures = new ArrayList<>();
            for (DnsMessage q : a.dns()) {
                if (q.frame() > m.frame() && q.concerns(host)) {
                    if (!q.response() && m.clientMac().equals(q.senderMac())) {
                        queries.add(q);
                    } else if (q.response() && q.addresses().isEmpty()) {
                        failures.add(q);
                    }
                }
            }
            String who = d.role() == Role.PHONE ? "The phone" : "The device";
            String given = "The DHCP " + m.typeName() + " from " + m.server() + " (frame " + m.frame()
                    + ") gives option 66 (TFTP server name) '" + m.tftpServerName() + "'"
                    + (host.equals(m.tftpServerName().trim()) ? "" : ", the host " + host) + ": a name, not an address.";
            List<Long> evidence = new ArrayList<>(List.of(m.frame()));
            String why;
            int likelihood;
            if (!queries.isEmpty()) {
                queries.forEach(q -> evidence.add(q.frame()));
                failures.forEach(f -> evidence.add(f.frame()));
                why = given + " " + who + " asked DNS for it " + times(queries.size()) + " ("
                        + FindingText.frames(queries.stream().map(DnsMessage::frame).toList()) + ") and got "
                        + (failures.isEmpty() ? "no answer at all"
                        : "no address: " + failures.get(0).rcodeText() + " from " + failures.get(0).senderIp()
                        + " (frame " + failures.get(0).frame() + ")") + ", so it never learns where its server is.";
                likelihood = 86;
            } else {
                if (a.lastTime() == Long.MIN_VALUE || m.time() == Long.MIN_VALUE
                        || a.lastTime() - m.time() < QUIET_NANOS) {
                    continue; // too short to tell a phone that cannot resolve from one that has not started yet
                }
                why = given + " " + who + " never asks DNS for it and fetches no file in the "
                        + (a.lastTime() - m.time()) / 1_000_000_000L + " s the capture runs on: a phone in its "
                        + "recovery loader often cannot resolve names at all.";
                likelihood = 72;
            }
            out.add(finding(m.clientMac(), likelihood, why, "Put the TFTP server's IP address in option 66 (or in "
                    + "option 150 for a Cisco phone) instead of a name: a phone in recovery may have no DNS. If it "
                    + "must be a name, give the phone a DNS server (option 6) that has an A record for " + host + ".",
                    evidence, -1));
        }
        return out;
    }

    /** Whether any DNS response in the capture gave an address for the name. */
    private static boolean resolved(CaptureAnalysis a, String host) {
        return a.dns().stream().anyMatch(q -> q.response() && q.concerns(host) && !q.addresses().isEmpty());
    }

    /** Whether the device asked any server for a file after the DHCP answer: it found a server somehow. */
    private static boolean fetchedAfter(CaptureAnalysis a, Device d, long frame) {
        for (FileTransfer t : a.fileTransfersOf(d)) {
            if (t.requestFrame() > frame) {
                return true;
            }
        }
        return a.failedConnectionsOf(d).stream().anyMatch(c -> c.firstFrame() > frame);
    }

    private static String times(int n) {
        return n == 1 ? "once" : n + " times";
    }
}
