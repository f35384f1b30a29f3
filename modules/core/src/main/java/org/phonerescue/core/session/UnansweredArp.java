package org.phonerescue.core.session;

import java.util.List;
import org.phonerescue.core.analysis.PacketView;
import org.phonerescue.core.transfer.RequestRepeats;

/**
 * A host asking by ARP for an IPv4 address that nobody in the capture ever answers for: no ARP
 * reply, no ARP message claiming it, and no IP packet from it (RFC 826: the owner of the target
 * address answers). A phone whose typed gateway or server is not on its segment does nothing
 * else: it cannot send a single IP packet to an address it has no MAC for (field notes §2).
 *
 * @param askerMac      the sender hardware address of the requests
 * @param askerIp       their sender protocol address (the asker's own), the newest one
 * @param targetIp      the address asked for
 * @param requests      the requests: how many, the frames of the first and the last ones, their times
 * @param askerPackets  frames the asker sent in all
 * @param askerArp      of them, ARP frames (these requests, others, its own announcements)
 * @param askerOther    of them, frames that are neither ARP nor the link housekeeping every stack
 *                      sends unasked (IPv6 neighbour discovery and listener reports, LLDP, CDP):
 *                      what it sent to talk to someone
 */
public record UnansweredArp(String askerMac, String askerIp, String targetIp, RequestRepeats requests,
                            long askerPackets, long askerArp, long askerOther) {

    /** Requests for one address that make it "again and again": a host's first try alone asks up to 3 times. */
    public static final int REPEATED = 3;
    /**
     * The least time from the first request to the last for them to be repeats over time, not a
     * burst of copies: Linux asks 3 times 1 s apart (neighbour table retrans_time), so one try spans 2 s.
     */
    public static final long SPREAD_NANOS = 1_000_000_000L;

    /** Time from the first request to the last, in ns; 0 when the capture has no times. */
    public long span() {
        List<Long> times = requests.times().stream().filter(t -> t != PacketView.NO_TIME).toList();
        return times.size() < 2 ? 0 : times.get(times.size() - 1) - times.get(0);
    }

    /**
     * Whether the host asked again and again: at least {@value #REPEATED} requests, spread over
     * at least {@link #SPREAD_NANOS} (a capture without times is judged by the count alone).
     */
    public boolean repeated() {
        boolean timed = requests.times().stream().filter(t -> t != PacketView.NO_TIME).count() >= 2;
        return requests.count() >= REPEATED && (!timed || span() >= SPREAD_NANOS);
    }

    /**
     * Whether the asker sends (almost) nothing but ARP: of what it sent to talk to anyone, no more
     * than one frame for every four of these requests. A PC that merely has a stale ARP entry
     * goes on talking to everyone else.
     */
    public boolean nearlyAllArp() {
        return askerOther * 4 <= requests.count();
    }
}
