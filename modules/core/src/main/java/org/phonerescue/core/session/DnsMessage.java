package org.phonerescue.core.session;

import java.util.List;
import java.util.Locale;

/**
 * A DNS query or response over port 53 (RFC 1035 §4.1): the first question's name and, for a
 * response, its code and the IPv4 addresses it gives. A phone whose TFTP server DHCP option 66
 * names by a host name must look it up first.
 *
 * @param frame      frame number
 * @param time       ns since 1970, or {@code PacketView.NO_TIME}
 * @param senderMac  Ethernet source
 * @param senderIp   IP source
 * @param receiverIp IP destination
 * @param response   QR bit (§4.1.1): a response
 * @param id         the ID that ties a response to its query
 * @param rcode      the response code (§4.1.1: 0 no error, 2 server failure, 3 name error); -1 for a query
 * @param name       the first question's name
 * @param addresses  the A records of a response (§3.4.1), in order
 */
public record DnsMessage(long frame, long time, String senderMac, String senderIp, String receiverIp, boolean response,
                         int id, int rcode, String name, List<String> addresses) {

    /** Whether this is about the host name: the same name, or the name with a domain appended to it. */
    public boolean concerns(String host) {
        String n = name.toLowerCase(Locale.ROOT);
        String h = host.toLowerCase(Locale.ROOT);
        return n.equals(h) || n.startsWith(h + ".");
    }

    /** "no such name (rcode 3)", "server failure (rcode 2)". */
    public String rcodeText() {
        return switch (rcode) {
            case 1 -> "format error (rcode 1)";
            case 2 -> "server failure (rcode 2)";
            case 3 -> "no such name (rcode 3)";
            case 5 -> "refused (rcode 5)";
            default -> "rcode " + rcode;
        };
    }
}
