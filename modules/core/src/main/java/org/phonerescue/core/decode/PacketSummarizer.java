package org.phonerescue.core.decode;

import org.phonerescue.core.pcap.CapturedPacket;
import org.phonerescue.core.pcap.LinkType;

/** Turns a frame into the one-line {@link PacketSummary} of a packet list. */
public final class PacketSummarizer {

    private final FrameHeaders headers = new FrameHeaders();

    /** Summarises one packet (a convenience that allocates its own cursor). */
    public static PacketSummary summarize(CapturedPacket packet) {
        return new PacketSummarizer().summarize(packet.linkType(), packet.data(), 0, packet.data().length);
    }

    /** Summarises the frame in {@code data[offset, offset+length)}; reuses this summariser's cursor. */
    public PacketSummary summarize(LinkType linkType, byte[] data, int offset, int length) {
        FrameHeaders h = headers.parse(linkType, data, offset, length);
        byte[] b = h.buffer();
        String ethSrc = null;
        String ethDst = null;
        if (h.ethOffset >= 0) {
            ethDst = Addresses.mac(b, h.ethOffset);
            ethSrc = Addresses.mac(b, h.ethOffset + 6);
        }
        // vlan.id as Wireshark fills it: 802.1Q tags (0x8100, and 0x9100); 802.1ad S-tags are ieee8021ad.id.
        String vlans = null;
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < Math.min(h.vlanCount, FrameHeaders.MAX_VLAN_TAGS); i++) {
            if (h.vlanTpids[i] != FrameHeaders.ETHERTYPE_QINQ) {
                sb.append(sb.length() > 0 ? "," : "").append(h.vlanIds[i]);
            }
        }
        if (sb.length() > 0) {
            vlans = sb.toString();
        }
        String ipSrc = null;
        String ipDst = null;
        if (h.ipVersion == 4) {
            ipSrc = Addresses.ipv4(b, h.networkOffset + 12);
            ipDst = Addresses.ipv4(b, h.networkOffset + 16);
        } else if (h.ipVersion == 6) {
            ipSrc = Addresses.ipv6(b, h.networkOffset + 8);
            ipDst = Addresses.ipv6(b, h.networkOffset + 24);
        }
        return new PacketSummary(ethSrc, ethDst, vlans, h.ipVersion, ipSrc, ipDst, h.ipProtocol,
                h.sourcePort, h.destinationPort, protocolName(linkType, h), h.problem);
    }

    private static String protocolName(LinkType linkType, FrameHeaders h) {
        if (h.ipVersion != 0) {
            if (h.laterFragment || h.firstFragment) {
                return h.ipVersion == 4 ? "IPv4" : "IPv6";
            }
            return switch (h.ipProtocol) {
                case FrameHeaders.IP_PROTO_UDP -> h.sourcePort >= 0 ? "UDP" : ipName(h);
                case FrameHeaders.IP_PROTO_TCP -> h.sourcePort >= 0 ? "TCP" : ipName(h);
                case FrameHeaders.IP_PROTO_ICMP -> "ICMP";
                case FrameHeaders.IP_PROTO_ICMPV6 -> "ICMPv6";
                default -> ipName(h);
            };
        }
        if (h.networkOffset >= 0 && h.etherType == FrameHeaders.ETHERTYPE_ARP) {
            return "ARP";
        }
        if (h.llc) {
            return "LLC";
        }
        if (h.vlanCount > 0 && h.etherType < 0) {
            return "802.1Q";
        }
        if (h.ethOffset >= 0) {
            return "Ethernet";
        }
        if (linkType.equals(LinkType.CUSTOM_BLOCK)) {
            return "PCAPNG";
        }
        if (!linkType.isDecodable()) {
            return linkType.displayName();
        }
        return h.problem != null ? "Malformed" : linkType.displayName();
    }

    private static String ipName(FrameHeaders h) {
        return h.ipVersion == 4 ? "IPv4" : "IPv6";
    }
}
