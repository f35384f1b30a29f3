package org.phonerescue.core.transfer;

/** A UDP or TCP endpoint: address and port. */
public record Endpoint(String ip, int port) {

    @Override
    public String toString() {
        return (ip.indexOf(':') >= 0 ? "[" + ip + "]" : ip) + ":" + port;
    }

    /** Whether the address is an IPv4 multicast group (224/4, RFC 5771) or IPv6 multicast (ff00::/8). */
    public boolean multicast() {
        if (ip.indexOf(':') >= 0) {
            return ip.regionMatches(true, 0, "ff", 0, 2);
        }
        int dot = ip.indexOf('.');
        if (dot < 0) {
            return false;
        }
        int first = Integer.parseInt(ip.substring(0, dot));
        return first >= 224 && first <= 239;
    }
}
