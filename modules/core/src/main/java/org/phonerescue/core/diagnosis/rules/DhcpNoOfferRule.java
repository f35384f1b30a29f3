package org.phonerescue.core.diagnosis.rules;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.phonerescue.core.device.Device;
import org.phonerescue.core.device.LoaderFingerprints;
import org.phonerescue.core.device.Role;
import org.phonerescue.core.diagnosis.Finding;
import org.phonerescue.core.diagnosis.Rule;
import org.phonerescue.core.diagnosis.Severity;
import org.phonerescue.core.session.CaptureAnalysis;
import org.phonerescue.core.session.DhcpMessage;

/**
 * A client asks for an address (DHCPDISCOVER, RFC 2131 §3.1) and no server ever offers one. The
 * probe with which {@code phonerescue serve --dhcp} makes sure no other server is on the link is
 * meant to go unanswered, and is left out. So is a client whose DISCOVER came too close to the end
 * of the capture for any answer to be in it.
 */
public final class DhcpNoOfferRule implements Rule {

    /**
     * How long the capture must run on after a client's first DISCOVER before the silence counts.
     * A server on the link offers within a fraction of a second (a relay adds little); the client
     * itself waits about 4 s before it asks again (RFC 2131 §4.1).
     */
    static final long ANSWER_WAIT_NANOS = 2_000_000_000L;

    @Override
    public String id() {
        return "dhcp-no-offer";
    }

    @Override
    public String title() {
        return "No DHCP server answers";
    }

    @Override
    public Severity severity() {
        return Severity.ERROR;
    }

    @Override
    public List<Finding> evaluate(CaptureAnalysis a) {
        Map<String, List<DhcpMessage>> discovers = new LinkedHashMap<>();
        for (DhcpMessage m : a.dhcp()) {
            if (m.type() == DhcpMessage.DISCOVER && m.clientMac() != null
                    && !LoaderFingerprints.serverProbe(m.vendorClass())) {
                discovers.computeIfAbsent(m.clientMac(), k -> new ArrayList<>()).add(m);
            }
        }
        List<Finding> out = new ArrayList<>();
        for (Map.Entry<String, List<DhcpMessage>> e : discovers.entrySet()) {
            String mac = e.getKey();
            List<DhcpMessage> asked = e.getValue();
            long first = asked.get(0).frame();
            boolean answered = a.dhcp().stream().anyMatch(m -> m.fromServer() && mac.equals(m.clientMac())
                    && m.frame() > first);
            if (answered || !waitedLongEnough(a, asked)) {
                continue;
            }
            DhcpMessage last = asked.get(asked.size() - 1);
            List<Long> frames = asked.stream().map(DhcpMessage::frame).toList();
            long spanNanos = last.time() - asked.get(0).time();
            String span = asked.get(0).time() != Long.MIN_VALUE && spanNanos >= 1_000_000_000L
                    ? String.format(Locale.ROOT, " over %.0f s", spanNanos / 1e9) : "";
            Device d = a.device(mac);
            String who = d != null && d.role() == Role.PHONE ? "The phone" : "The device";
            String why = who + " sent " + (asked.size() > 1 ? asked.size() + " DHCP DISCOVERs" : "a DHCP DISCOVER")
                    + span + " (" + FindingText.frames(frames) + ") and no server offered an address, so it never "
                    + "gets an address or the TFTP server's (options 150/66).";
            out.add(finding(mac, 90, why, "Run a DHCP server on the phone's network (e.g. the one built into "
                    + "tftpd32), or give the phone a static address. If the server is on another subnet, the router "
                    + "must relay DHCP (ip helper-address); check that the phone is on the VLAN the server serves.",
                    frames, -1));
        }
        return out;
    }

    /**
     * Whether the capture ran on long enough after the first DISCOVER for an offer to be in it;
     * without timestamps (pcapng simple packet blocks), whether the client had to ask again.
     */
    private static boolean waitedLongEnough(CaptureAnalysis a, List<DhcpMessage> asked) {
        long first = asked.get(0).time();
        if (first == Long.MIN_VALUE || a.lastTime() == Long.MIN_VALUE) {
            return asked.size() > 1;
        }
        return a.lastTime() - first >= ANSWER_WAIT_NANOS;
    }
}
