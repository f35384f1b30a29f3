package org.phonerescue.core.diagnosis.rules;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.phonerescue.core.device.AddressUse;
import org.phonerescue.core.device.Device;
import org.phonerescue.core.diagnosis.Finding;
import org.phonerescue.core.diagnosis.Rule;
import org.phonerescue.core.diagnosis.Severity;
import org.phonerescue.core.session.CaptureAnalysis;
import org.phonerescue.core.session.DhcpMessage;
import org.phonerescue.core.transfer.TftpTransfer;

/**
 * DHCP option 150 (RFC 5859: TFTP server addresses in network byte order) holds an address
 * nobody uses, whose bytes reversed are the address of a host that is seen sending. Field notes
 * §3: DHCP server GUIs that take the value as a hex DWORD get it typed byte-reversed
 * (192.168.1.1 → 0x0101A8C0 → 1.1.168.192).
 */
public final class Option150ByteOrderRule implements Rule {

    @Override
    public String id() {
        return "dhcp-opt150-byte-order";
    }

    @Override
    public String title() {
        return "DHCP option 150 has its bytes reversed";
    }

    @Override
    public Severity severity() {
        return Severity.ERROR;
    }

    @Override
    public List<Finding> evaluate(CaptureAnalysis a) {
        Set<String> reported = new LinkedHashSet<>();
        List<Finding> out = new ArrayList<>();
        for (DhcpMessage m : a.dhcp()) {
            if (!m.fromServer()) {
                continue;
            }
            for (String given : m.tftpServers()) {
                String reversed = reverse(given);
                if (reversed == null || reversed.equals(given) || a.sentFrom(given) || !a.sentFrom(reversed)
                        || !reported.add(m.clientMac() + "|" + given)) {
                    continue;
                }
                List<Long> evidence = new ArrayList<>(List.of(m.frame()));
                long seen = firstFrameFrom(a, reversed);
                if (seen > 0) {
                    evidence.add(seen);
                }
                List<Long> requests = new ArrayList<>();
                long count = 0;
                for (TftpTransfer t : a.transfers()) {
                    if (t.requestedServer().ip().equals(given)) {
                        requests.addAll(t.requests().frames()); // the first and the last of its repeats
                        count += t.requests().count();
                    }
                }
                evidence.addAll(requests);
                String why = "The DHCP " + m.typeName() + " from " + m.server() + " (frame " + m.frame()
                        + ") gives option 150 (TFTP server) " + given + ". Nothing in the capture comes from " + given
                        + ", but " + reversed + " — the same four bytes in reverse order — is a host that sends here"
                        + (seen > 0 ? " (from frame " + seen + ")" : "") + "."
                        + (requests.isEmpty() ? "" : " The phone's TFTP requests to " + given + " ("
                        + FindingText.frames(requests, count) + ") go nowhere.");
                // Field notes §3: some DHCP server screens want the reversed DWORD, others the address
                // in order, and engineers get it wrong both ways. The wire cannot tell which screen
                // was used, only that the value typed was the wrong one of the two.
                String right = "0x" + hex(reversed);
                String wrong = "0x" + hex(given);
                out.add(finding(m.clientMac(), 95, why, "Option 150 must carry " + reversed + " in network byte order "
                        + "(RFC 5859). Where the DHCP server takes an IP address list, type " + reversed + " there. Where "
                        + "it takes a hex value, the value typed was the wrong one of the two forms " + right + " and " + wrong
                        + " (some servers read it as a byte-reversed DWORD): type the other one. "
                        + "Then let the phone ask DHCP again (power it off and on).", evidence, -1));
            }
        }
        return out;
    }

    private static long firstFrameFrom(CaptureAnalysis a, String ip) {
        long first = -1;
        for (Device d : a.devices()) {
            for (AddressUse u : d.ips()) {
                if (u.ip().equals(ip) && u.sent() && (first < 0 || u.firstFrame() < first)) {
                    first = u.firstFrame();
                }
            }
        }
        return first;
    }

    static String reverse(String ip) {
        String[] p = ip.split("\\.");
        return p.length == 4 ? p[3] + "." + p[2] + "." + p[1] + "." + p[0] : null;
    }

    private static String hex(String ip) {
        StringBuilder sb = new StringBuilder();
        for (String part : ip.split("\\.")) {
            sb.append(String.format("%02X", Integer.parseInt(part)));
        }
        return sb.toString();
    }
}
