package org.phonerescue.core.session;

import java.util.List;

/**
 * One DHCP message (RFC 2131) with the options phone recovery depends on (RFC 2132; option 150
 * per RFC 5859).
 *
 * @param frame          frame number
 * @param time           ns since 1970, or {@code PacketView.NO_TIME}
 * @param type           option 53: 1 DISCOVER, 2 OFFER, 3 REQUEST, 4 DECLINE, 5 ACK, 6 NAK, 7 RELEASE, 8 INFORM; -1 for BOOTP
 * @param xid            transaction ID
 * @param clientMac      chaddr: the client the message is from or for
 * @param senderMac      Ethernet source
 * @param senderIp       IP source
 * @param serverId       option 54, or null
 * @param yourIp         yiaddr, or null when 0.0.0.0
 * @param tftpServers    option 150 addresses, in order
 * @param tftpServerName option 66, or null
 * @param bootfile       option 67, or null
 * @param routers        option 3 addresses
 * @param subnetMask     option 1, or null
 * @param vendorClass    option 60, or null
 * @param hostname       option 12, or null
 */
public record DhcpMessage(long frame, long time, int type, long xid, String clientMac, String senderMac, String senderIp,
                          String serverId, String yourIp, List<String> tftpServers, String tftpServerName,
                          String bootfile, List<String> routers, String subnetMask, String vendorClass,
                          String hostname) {

    public static final int DISCOVER = 1;
    public static final int OFFER = 2;
    public static final int REQUEST = 3;
    public static final int ACK = 5;
    public static final int NAK = 6;

    /** Whether a server sent it (OFFER, ACK, NAK). */
    public boolean fromServer() {
        return type == OFFER || type == ACK || type == NAK;
    }

    /** The server's identity: option 54, else the sender's address. */
    public String server() {
        return serverId != null ? serverId : senderIp;
    }

    /** "DISCOVER", "OFFER", … as RFC 2132 §9.6 names them. */
    public String typeName() {
        return switch (type) {
            case 1 -> "DISCOVER";
            case 2 -> "OFFER";
            case 3 -> "REQUEST";
            case 4 -> "DECLINE";
            case 5 -> "ACK";
            case 6 -> "NAK";
            case 7 -> "RELEASE";
            case 8 -> "INFORM";
            default -> "BOOTP";
        };
    }

    /**
     * The host option 66 names: the option itself ("10.0.0.5", "tftp.example.lan"), or the host of
     * a provisioning URL in it ("http://prov.example.lan:8080/snom/" → "prov.example.lan"); null
     * when there is no option 66 or no host in it.
     */
    public String option66Host() {
        if (tftpServerName == null) {
            return null;
        }
        String host = tftpServerName.trim();
        int scheme = host.indexOf("://");
        if (scheme >= 0) {
            host = host.substring(scheme + 3);
        }
        int end = host.length();
        for (char c : new char[] {'/', '?', '#'}) {
            int at = host.indexOf(c);
            if (at >= 0) {
                end = Math.min(end, at);
            }
        }
        host = host.substring(0, end);
        host = host.substring(host.lastIndexOf('@') + 1); // RFC 3986 §3.2.1: userinfo before '@'
        int colon = host.indexOf(':');
        if (colon >= 0) {
            host = host.substring(0, colon);
        }
        return host.isEmpty() ? null : host;
    }

    /** Whether a host is a dotted IPv4 address rather than a name that must be looked up. */
    public static boolean dotted(String host) {
        return host != null && host.matches("\\d{1,3}(\\.\\d{1,3}){3}");
    }
}
