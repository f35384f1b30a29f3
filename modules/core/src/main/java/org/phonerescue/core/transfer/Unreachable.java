package org.phonerescue.core.transfer;

/**
 * An ICMP destination-unreachable that quotes a datagram of a transfer (RFC 792; RFC 1122
 * §3.2.2.1 has a host answer a datagram for a closed UDP port with code 3, port unreachable).
 *
 * @param frame frame number of the ICMP message
 * @param from  who sent it (the host or a router on the way)
 * @param code  0 net, 1 host, 3 port unreachable, 9/10/13 administratively prohibited (a firewall)
 */
public record Unreachable(long frame, String from, int code) {

    /** "port unreachable", "administratively prohibited", … as {@link IcmpError} names ICMPv4's codes. */
    public String what() {
        return IcmpError.reason(4, code);
    }

    public String describe() {
        return "ICMP " + what() + " from " + from + " (frame " + frame + ")";
    }
}
