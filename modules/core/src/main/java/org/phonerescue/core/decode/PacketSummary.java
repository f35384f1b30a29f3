package org.phonerescue.core.decode;

/**
 * What a one-line packet list shows: the outermost addresses worth showing and the highest
 * protocol decoded. Fields that a packet does not carry are null (numbers: -1).
 *
 * @param ethSource       eth.src, or null
 * @param ethDestination  eth.dst, or null
 * @param vlanIds         every 802.1Q vlan.id from the outside in ("10,20"), or null (802.1ad S-tags are not vlan.id)
 * @param ipVersion       4, 6, or 0 when the packet carries no IP header
 * @param ipSource        ip.src or ipv6.src, or null
 * @param ipDestination   ip.dst or ipv6.dst, or null
 * @param ipProtocol      ip.proto (IPv4) or the IPv6 upper-layer next header, or -1
 * @param sourcePort      udp.srcport or tcp.srcport, or -1
 * @param destinationPort udp.dstport or tcp.dstport, or -1
 * @param protocol        the highest protocol decoded ("UDP", "ARP", …)
 * @param problem         what could not be decoded ("truncated IPv4 header"), or null
 */
public record PacketSummary(String ethSource, String ethDestination, String vlanIds, int ipVersion,
                            String ipSource, String ipDestination, int ipProtocol, int sourcePort,
                            int destinationPort, String protocol, String problem) {

    /** Source as a packet list shows it: IP and port, IP, MAC, or empty. */
    public String sourceText() {
        return endpoint(ipSource, sourcePort, ethSource);
    }

    /** Destination as a packet list shows it: IP and port, IP, MAC, or empty. */
    public String destinationText() {
        return endpoint(ipDestination, destinationPort, ethDestination);
    }

    private static String endpoint(String ip, int port, String mac) {
        if (ip != null) {
            if (port < 0) {
                return ip;
            }
            return ip.indexOf(':') >= 0 ? "[" + ip + "]:" + port : ip + ":" + port;
        }
        return mac != null ? mac : "";
    }
}
