package org.phonerescue.core.session;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.phonerescue.core.analysis.PacketView;
import org.phonerescue.core.device.DeviceTracker;
import org.phonerescue.core.transfer.RequestRepeats;

/**
 * ARP requests (RFC 826, IPv4 over Ethernet) per asked address and asker, and whether anything
 * ever came from the asked address: an ARP message claiming it (a reply, a request or an
 * announcement from its owner) or an IP packet sent from it. RFC 5227 probes (sender 0.0.0.0)
 * and announcements (sender and target the same) ask for nobody else's address and are not
 * counted as requests.
 *
 * <p>Memory is bounded for a flood of requests to millions of addresses: the
 * {@value #MAX_TARGETS} addresses asked for most recently are followed, each with at most
 * {@value #MAX_ASKERS} askers, each asker's requests kept as {@link RequestRepeats} (a count and
 * the first and last frames); the addresses claimed are remembered up to
 * {@value CaptureAnalyzer#MAX_ADDRESSES}, as the analysis remembers source addresses.
 */
public final class ArpRequestTracker {

    /** Asked-for addresses followed at once: a phone asks for one or two (its gateway, its server). */
    public static final int MAX_TARGETS = 1024;
    /** Askers followed per address. */
    public static final int MAX_ASKERS = 4;

    /** One asked-for address: whether it was ever answered for, and who asked. */
    private static final class Target {
        boolean answered;
        final Map<String, Asker> askers = new LinkedHashMap<>(2);
    }

    private static final class Asker {
        String ip;
        final RequestRepeats.Builder requests = new RequestRepeats.Builder();
    }

    /** The most recently asked-for (or heard-from) addresses, least recent first. */
    private final LinkedHashMap<String, Target> targets = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Target> eldest) {
            if (size() > MAX_TARGETS) {
                forgotten++;
                return true;
            }
            return false;
        }
    };
    /** Addresses some ARP message claimed (its sender address), first come up to the cap. */
    private final Set<String> claimed = new HashSet<>();
    private long forgotten;

    /** Takes in one packet, in file order: its ARP message, and its IP source address. */
    public void accept(PacketView p) {
        String source = p.sourceIp();
        if (source != null && !targets.isEmpty()) {
            heardFrom(source);
        }
        if (!p.hasLayer("arp")) {
            return;
        }
        String senderMac = p.text("arp.src.hw_mac");
        String senderIp = p.text("arp.src.proto_ipv4");
        String targetIp = p.text("arp.dst.proto_ipv4");
        if (senderMac == null || senderIp == null || targetIp == null) {
            return; // not IPv4 over Ethernet
        }
        if (!senderIp.equals("0.0.0.0")) {
            // RFC 826: every request and reply tells the sender's own address
            heardFrom(senderIp);
            if (claimed.size() < CaptureAnalyzer.MAX_ADDRESSES) {
                claimed.add(senderIp);
            }
        }
        if (p.number("arp.opcode", -1) != ArpMessage.REQUEST || senderIp.equals("0.0.0.0")
                || senderIp.equals(targetIp) || targetIp.equals("0.0.0.0")) {
            return; // a reply, an RFC 5227 probe or announcement: no question about someone else
        }
        Target target = targets.computeIfAbsent(targetIp, k -> new Target());
        Asker asker = target.askers.get(senderMac);
        if (asker == null) {
            if (target.askers.size() >= MAX_ASKERS) {
                return;
            }
            asker = new Asker();
            target.askers.put(senderMac, asker);
        }
        asker.ip = senderIp;
        asker.requests.add(p.frame(), p.time());
    }

    private void heardFrom(String ip) {
        Target t = targets.get(ip);
        if (t != null) {
            t.answered = true;
        }
    }

    /** Asked-for addresses dropped from the followed ones, the least recently asked of more than {@value #MAX_TARGETS}. */
    public long forgottenTargets() {
        return forgotten;
    }

    /**
     * The requests for addresses nothing in the capture came from, in order of their first
     * request: not answered while followed, not claimed by any ARP message, and not in
     * {@code sources} (the analysis's IP source addresses); with what each asker sent, from
     * {@code devices}.
     */
    public List<UnansweredArp> finish(Set<String> sources, DeviceTracker devices) {
        List<UnansweredArp> out = new ArrayList<>();
        for (Map.Entry<String, Target> e : targets.entrySet()) {
            String ip = e.getKey();
            if (e.getValue().answered || claimed.contains(ip) || sources.contains(ip)) {
                continue;
            }
            for (Map.Entry<String, Asker> a : e.getValue().askers.entrySet()) {
                DeviceTracker.Traffic traffic = devices.traffic(a.getKey());
                RequestRepeats requests = a.getValue().requests.build();
                long packets = traffic == null ? requests.count() : traffic.packets();
                long arp = traffic == null ? requests.count() : traffic.arp();
                long other = traffic == null ? 0 : traffic.other();
                out.add(new UnansweredArp(a.getKey(), a.getValue().ip, ip, requests, packets, arp, other));
            }
        }
        out.sort(java.util.Comparator.comparingLong(u -> u.requests().frames().get(0)));
        return List.copyOf(out);
    }
}
