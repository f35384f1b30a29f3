package org.phonerescue.core.transfer;

/**
 * An ICMP destination-unreachable that quotes a TCP segment: ICMPv4 type 3 (RFC 792) or ICMPv6
 * type 1 (RFC 4443 §3.1). RFC 1122 §4.2.3.9 lets a host abort a connection still opening on
 * such an error; Linux does, so a SYN answered by one is a refused connection.
 *
 * @param frame   frame number of the ICMP message
 * @param from    who sent it (the server's host, or a router or firewall on the way)
 * @param version 4 for ICMP, 6 for ICMPv6
 * @param type    3 (ICMPv4) or 1 (ICMPv6)
 * @param code    the reason, as numbered by the message's own version
 */
public record IcmpError(long frame, String from, int version, int type, int code) {

    /** The destination's host is there, but nothing listens on the port (v4 code 3, v6 code 4). */
    public boolean portUnreachable() {
        return version == 4 ? code == 3 : code == 4;
    }

    /**
     * A router has no way there: v4 net or host unreachable (codes 0, 1, 6, 7, 11, 12), v6 no
     * route, beyond scope, address unreachable or reject route (codes 0, 2, 3, 6).
     */
    public boolean noRoute() {
        return version == 4 ? code == 0 || code == 1 || code == 6 || code == 7 || code == 11 || code == 12
                : code == 0 || code == 2 || code == 3 || code == 6;
    }

    /** A firewall refused it: v4 codes 9, 10, 13; v6 codes 1 and 5. */
    public boolean prohibited() {
        return version == 4 ? code == 9 || code == 10 || code == 13 : code == 1 || code == 5;
    }

    /** "port unreachable", "host unreachable", … */
    public String reason() {
        return reason(version, code);
    }

    /**
     * The reason of a destination-unreachable code: ICMPv4 codes (RFC 792, RFC 1122 §3.2.2.1,
     * RFC 1812 §5.2.7.1 for 13) or ICMPv6 codes (RFC 4443 §3.1).
     */
    public static String reason(int version, int code) {
        if (version == 6) {
            return switch (code) {
                case 0 -> "no route to destination";
                case 1 -> "administratively prohibited";
                case 2 -> "beyond scope of source address";
                case 3 -> "address unreachable";
                case 4 -> "port unreachable";
                case 5 -> "source address failed policy";
                case 6 -> "reject route to destination";
                default -> "unreachable (code " + code + ")";
            };
        }
        return switch (code) {
            case 0 -> "network unreachable";
            case 1 -> "host unreachable";
            case 2 -> "protocol unreachable";
            case 3 -> "port unreachable";
            case 4 -> "fragmentation needed";
            case 6 -> "destination network unknown";
            case 7 -> "destination host unknown";
            case 9, 10, 13 -> "administratively prohibited";
            case 11 -> "network unreachable for the type of service";
            case 12 -> "host unreachable for the type of service";
            default -> "unreachable (code " + code + ")";
        };
    }

    /** "ICMP port unreachable (type 3, code 3) from 10.0.0.5 (frame 7)". */
    public String describe() {
        return (version == 6 ? "ICMPv6 " : "ICMP ") + reason() + " (type " + type + ", code " + code + ") from " + from
                + " (frame " + frame + ")";
    }
}
