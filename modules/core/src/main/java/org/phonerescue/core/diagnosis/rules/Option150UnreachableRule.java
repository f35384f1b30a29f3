package org.phonerescue.core.diagnosis.rules;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.phonerescue.core.device.Device;
import org.phonerescue.core.diagnosis.Finding;
import org.phonerescue.core.diagnosis.Rule;
import org.phonerescue.core.diagnosis.Severity;
import org.phonerescue.core.session.CaptureAnalysis;
import org.phonerescue.core.session.DhcpMessage;
import org.phonerescue.core.transfer.TftpTransfer;
import org.phonerescue.core.transfer.Unreachable;

/**
 * DHCP gives the phone a TFTP server — option 150 (RFC 5859) or an address in option 66 (RFC
 * 2132 §9.4) — that the phone asks, and nothing in the capture ever comes from that address:
 * no host has it (field notes §3: "a phone given a wrong address simply never reaches the
 * server"). When the address is the byte-reversal of a host that is seen,
 * {@code dhcp-opt150-byte-order} names the cause and this rule stays silent.
 */
public final class Option150UnreachableRule implements Rule {

    /** A single request counts only when the capture goes on this long after it (RFC 1350 §4 retry time and more). */
    static final long WAIT_NANOS = 5_000_000_000L;

    @Override
    public String id() {
        return "dhcp-opt150-unreachable";
    }

    @Override
    public String title() {
        return "DHCP names a TFTP server that is not there";
    }

    @Override
    public Severity severity() {
        return Severity.ERROR;
    }

    @Override
    public List<Finding> evaluate(CaptureAnalysis a) {
        // client MAC + address → the server messages that name it
        Map<String, List<DhcpMessage>> given = new LinkedHashMap<>();
        for (DhcpMessage m : a.dhcp()) {
            if (!m.fromServer() || m.clientMac() == null) {
                continue;
            }
            for (String address : addresses(m)) {
                given.computeIfAbsent(m.clientMac() + "|" + address, k -> new ArrayList<>()).add(m);
            }
        }
        List<Finding> out = new ArrayList<>();
        for (Map.Entry<String, List<DhcpMessage>> e : given.entrySet()) {
            String mac = e.getKey().substring(0, e.getKey().indexOf('|'));
            String address = e.getKey().substring(e.getKey().indexOf('|') + 1);
            String reversed = Option150ByteOrderRule.reverse(address);
            if (a.sentFrom(address) || reversed != null && !reversed.equals(address) && a.sentFrom(reversed)) {
                continue; // someone answers there, or the byte order is the cause
            }
            Device phone = a.device(mac);
            List<TftpTransfer> asked = phone == null ? List.of() : a.transfersOf(phone).stream()
                    .filter(t -> t.requestedServer().ip().equals(address)).toList();
            if (asked.isEmpty()) {
                continue; // the phone used another server it was given, or the capture ends first
            }
            // the frames kept of each transfer's requests and ICMP errors (the first and the last), and their counts
            List<Long> requests = new ArrayList<>();
            long count = 0;
            List<Unreachable> icmp = new ArrayList<>();
            long refused = 0;
            for (TftpTransfer t : asked) {
                requests.addAll(t.requests().frames());
                count += t.requests().count();
                icmp.addAll(t.unreachables());
                refused += t.unreachableCount();
            }
            TftpTransfer first = asked.get(0);
            boolean waited = first.startTime() != Long.MIN_VALUE && a.lastTime() - first.startTime() >= WAIT_NANOS;
            if (count < 2 && refused == 0 && !waited) {
                continue;
            }
            out.add(describe(mac, address, e.getValue(), first, requests, count, icmp, refused));
        }
        return out;
    }

    /** Option 150's addresses, and option 66 when it holds a dotted address rather than a name. */
    private static List<String> addresses(DhcpMessage m) {
        List<String> out = new ArrayList<>(m.tftpServers());
        String name = m.tftpServerName();
        if (name != null && name.trim().matches("\\d{1,3}(\\.\\d{1,3}){3}") && !out.contains(name.trim())) {
            out.add(name.trim());
        }
        return out;
    }

    private Finding describe(String mac, String address, List<DhcpMessage> messages, TftpTransfer first,
                             List<Long> requests, long count, List<Unreachable> icmp, long refused) {
        DhcpMessage m = messages.get(messages.size() - 1);
        String option = m.tftpServers().contains(address) ? "option 150 (TFTP server)" : "option 66 (TFTP server name)";
        List<Long> evidence = new ArrayList<>();
        messages.forEach(x -> evidence.add(x.frame()));
        evidence.addAll(requests);
        StringBuilder why = new StringBuilder("The DHCP " + m.typeName() + " from " + m.server() + " (frame "
                + m.frame() + ") gives " + option + " " + address + ". The phone asked " + address + " for '"
                + first.file() + "' " + (count > 1 ? count + " times" : "once") + " ("
                + FindingText.frames(requests, count) + "), and nothing in the capture comes from " + address
                + " at all: no host answers at that address.");
        why.append(ServerUnreachableRule.icmpSentences(icmp, refused));
        icmp.forEach(u -> evidence.add(u.frame()));
        return finding(mac, 88, why.toString(), "Set " + option.substring(0, option.indexOf(" (")) + " on the DHCP "
                + "server " + m.server() + " to the address of the PC that runs the TFTP server (ipconfig or ip addr "
                + "on that PC tells it), or give that PC the address " + address + ".", evidence, first.requestFrame());
    }
}
