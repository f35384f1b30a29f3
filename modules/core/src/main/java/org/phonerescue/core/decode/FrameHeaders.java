package org.phonerescue.core.decode;

import org.phonerescue.core.pcap.LinkType;

/**
 * Where the link, network and transport headers of one frame are, found without allocating:
 * a reusable cursor for scans over millions of packets. {@link #parse} overwrites every field.
 * For a one-line description use {@link PacketSummarizer}; for the values use {@link Addresses}.
 *
 * <p>Walks: BSD loopback/NULL and OpenBSD LOOP (a 4-byte address family), Ethernet II and
 * IEEE 802.3 (length field, RFC 1042 LLC/SNAP), IEEE 802.1Q / 802.1ad tags (any depth), MPLS
 * label stacks (RFC 3032), PPPoE sessions (RFC 2516), Linux cooked SLL and SLL2, raw IP; then
 * IPv4 (RFC 791), IPv6 with its extension-header chain (RFC 8200 §4), ARP (RFC 826), and the UDP
 * (RFC 768) and TCP (RFC 9293 §3.1) port fields.
 *
 * <p>Like Wireshark with reassembly on, the first fragment of a fragmented datagram reports no
 * transport header: the ports belong to the reassembled datagram.
 */
public final class FrameHeaders {

    public static final int ETHERTYPE_IPV4 = 0x0800;
    public static final int ETHERTYPE_ARP = 0x0806;
    public static final int ETHERTYPE_VLAN = 0x8100;
    public static final int ETHERTYPE_QINQ = 0x88A8;
    public static final int ETHERTYPE_QINQ_OLD = 0x9100;
    public static final int ETHERTYPE_IPV6 = 0x86DD;
    public static final int ETHERTYPE_MPLS = 0x8847;
    public static final int ETHERTYPE_MPLS_MULTICAST = 0x8848;
    public static final int ETHERTYPE_PPPOE_SESSION = 0x8864;

    public static final int IP_PROTO_ICMP = 1;
    public static final int IP_PROTO_TCP = 6;
    public static final int IP_PROTO_UDP = 17;
    public static final int IP_PROTO_ICMPV6 = 58;

    /** Most VLAN tags remembered per frame; deeper stacks are walked but not all kept. */
    public static final int MAX_VLAN_TAGS = 4;

    private byte[] buf;
    private int end;

    /** Offset of the Ethernet destination address, or -1 when the link is not Ethernet. */
    public int ethOffset;
    public int vlanCount;
    public final int[] vlanIds = new int[MAX_VLAN_TAGS];
    /** The tag protocol identifier of each tag: 0x8100 (C-tag), 0x88A8 (802.1ad S-tag) or 0x9100. */
    public final int[] vlanTpids = new int[MAX_VLAN_TAGS];
    /** The EtherType (or SLL protocol) of the network layer, or -1 when unknown. */
    public int etherType;
    /** True when the frame is IEEE 802.3 with a length field and LLC, not Ethernet II. */
    public boolean llc;
    /** Offset of the ARP, IPv4 or IPv6 header, or -1. */
    public int networkOffset;
    /** 4, 6, or 0 when the network layer is not IP. */
    public int ipVersion;
    /** IPv4 protocol or the upper-layer IPv6 next header after extension headers, or -1. */
    public int ipProtocol;
    /** True when this is an IPv4/IPv6 fragment that does not carry the transport header. */
    public boolean laterFragment;
    /** True for a complete first fragment of several, whose transport header belongs to the reassembly. */
    public boolean firstFragment;
    /** Offset of the UDP or TCP header (or ICMP), or -1. */
    public int transportOffset;
    public int sourcePort;
    public int destinationPort;
    /** Where the UDP or TCP payload starts, or -1. */
    public int payloadOffset;
    /** What stopped the walk ("truncated IPv4 header"), or null. */
    public String problem;

    public byte[] buffer() {
        return buf;
    }

    /** End (exclusive) of the captured bytes of the frame in {@link #buffer()}. */
    public int end() {
        return end;
    }

    /**
     * Finds the headers of the frame held in {@code data[offset, offset+length)}.
     *
     * @return this, for chaining
     */
    public FrameHeaders parse(LinkType linkType, byte[] data, int offset, int length) {
        buf = data;
        end = offset + length;
        ethOffset = -1;
        vlanCount = 0;
        etherType = -1;
        llc = false;
        networkOffset = -1;
        ipVersion = 0;
        ipProtocol = -1;
        laterFragment = false;
        firstFragment = false;
        transportOffset = -1;
        sourcePort = -1;
        destinationPort = -1;
        payloadOffset = -1;
        problem = null;
        switch (linkType.code()) {
            case 1 -> ethernet(offset);
            case 0 -> loopback(offset, false);
            case 108 -> loopback(offset, true);
            case 113 -> sll(offset);
            case 276 -> sll2(offset);
            case 101 -> rawIp(offset);
            case 228 -> network(ETHERTYPE_IPV4, offset);
            case 229 -> network(ETHERTYPE_IPV6, offset);
            default -> problem = "link type " + linkType.code() + " is not decoded";
        }
        return this;
    }

    private void ethernet(int p) {
        if (end - p < 14) {
            problem = "truncated Ethernet header";
            return;
        }
        ethOffset = p;
        p += 12;
        int type = u16(p);
        p += 2;
        while (type == ETHERTYPE_VLAN || type == ETHERTYPE_QINQ || type == ETHERTYPE_QINQ_OLD) {
            // IEEE 802.1Q §9.6: a 16-bit TCI (PCP 3 bits, DEI 1 bit, VID 12 bits), then the next type.
            if (end - p < 4) {
                problem = "truncated 802.1Q tag";
                return;
            }
            if (vlanCount < MAX_VLAN_TAGS) {
                vlanIds[vlanCount] = u16(p) & 0x0FFF;
                vlanTpids[vlanCount] = type;
            }
            vlanCount++;
            type = u16(p + 2);
            p += 4;
        }
        if (type <= 1500) {
            // IEEE 802.3 length field: an LLC header follows; only RFC 1042 SNAP carries an EtherType.
            llc = true;
            if (end - p >= 8 && (buf[p] & 0xFF) == 0xAA && (buf[p + 1] & 0xFF) == 0xAA
                    && (buf[p + 2] & 0xFF) == 0x03 && buf[p + 3] == 0 && buf[p + 4] == 0 && buf[p + 5] == 0) {
                type = u16(p + 6);
                p += 8;
            } else {
                return;
            }
        }
        network(type, p);
    }

    private void loopback(int p, boolean networkOrder) {
        if (end - p < 4) {
            problem = "truncated loopback header";
            return;
        }
        // The 4-byte address family is in the capturing host's byte order for NULL, network order
        // for LOOP. AF_INET is 2 everywhere; AF_INET6 is 10 (Linux), 24 (NetBSD/OpenBSD), 28 (FreeBSD)
        // or 30 (macOS). Like libpcap, accept either byte order for NULL.
        int family = networkOrder ? s32(p) : guessFamily(p);
        p += 4;
        switch (family) {
            case 2 -> network(ETHERTYPE_IPV4, p);
            case 10, 24, 28, 30 -> network(ETHERTYPE_IPV6, p);
            default -> problem = "unknown loopback address family " + family;
        }
    }

    private int guessFamily(int p) {
        int be = s32(p);
        int le = Integer.reverseBytes(be);
        return (le & 0xFFFF0000) == 0 ? le : be;
    }

    private void sll(int p) {
        // Linux cooked capture v1: packet type(2) ARPHRD(2) address length(2) address(8) protocol(2).
        if (end - p < 16) {
            problem = "truncated Linux cooked header";
            return;
        }
        network(u16(p + 14), p + 16);
    }

    private void sll2(int p) {
        // Linux cooked capture v2: protocol(2) reserved(2) ifindex(4) ARPHRD(2) pkttype(1) addrlen(1) addr(8).
        if (end - p < 20) {
            problem = "truncated Linux cooked v2 header";
            return;
        }
        network(u16(p), p + 20);
    }

    private void rawIp(int p) {
        if (end - p < 1) {
            problem = "empty raw IP packet";
            return;
        }
        int version = (buf[p] & 0xF0) >>> 4;
        switch (version) {
            case 4 -> network(ETHERTYPE_IPV4, p);
            case 6 -> network(ETHERTYPE_IPV6, p);
            default -> problem = "raw packet with IP version " + version;
        }
    }

    private void network(int type, int p) {
        etherType = type;
        switch (type) {
            case ETHERTYPE_IPV4 -> ipv4(p);
            case ETHERTYPE_IPV6 -> ipv6(p);
            case ETHERTYPE_ARP -> arp(p);
            case ETHERTYPE_MPLS, ETHERTYPE_MPLS_MULTICAST -> mpls(p);
            case ETHERTYPE_PPPOE_SESSION -> pppoe(p);
            default -> {
            }
        }
    }

    private void mpls(int p) {
        // RFC 3032 §2.1: 4-byte label entries; the bottom of the stack has the S bit (bit 8) set.
        // The payload type is not signalled: like Wireshark, guess IPv4 or IPv6 from its first nibble.
        while (true) {
            if (end - p < 4) {
                problem = "truncated MPLS label stack";
                return;
            }
            boolean bottom = (buf[p + 2] & 0x01) != 0;
            p += 4;
            if (bottom) {
                break;
            }
        }
        if (end - p < 1) {
            return;
        }
        switch ((buf[p] & 0xF0) >>> 4) {
            case 4 -> network(ETHERTYPE_IPV4, p);
            case 6 -> network(ETHERTYPE_IPV6, p);
            default -> {
            }
        }
    }

    private void pppoe(int p) {
        // RFC 2516 §4: ver/type(1) code(1) session(2) length(2), then the PPP protocol field (RFC 1661 §2).
        if (end - p < 8) {
            problem = "truncated PPPoE header";
            return;
        }
        switch (u16(p + 6)) {
            case 0x0021 -> network(ETHERTYPE_IPV4, p + 8);
            case 0x0057 -> network(ETHERTYPE_IPV6, p + 8);
            default -> {
            }
        }
    }

    private void arp(int p) {
        // RFC 826: fixed 8 bytes, then sender/target hardware and protocol addresses of the given lengths.
        if (end - p < 8) {
            problem = "truncated ARP header";
            return;
        }
        networkOffset = p;
        int hlen = buf[p + 4] & 0xFF;
        int plen = buf[p + 5] & 0xFF;
        if (end - p < 8 + 2 * hlen + 2 * plen) {
            problem = "truncated ARP addresses";
        }
    }

    private void ipv4(int p) {
        if (end - p < 20) {
            problem = "truncated IPv4 header";
            return;
        }
        int version = (buf[p] & 0xF0) >>> 4;
        if (version != 4) {
            problem = "IPv4 header with version " + version;
            return;
        }
        int ihl = (buf[p] & 0x0F) * 4;
        if (ihl < 20) {
            problem = "IPv4 header length " + ihl + " below 20";
            return;
        }
        int totalLength = u16(p + 2);
        if (totalLength == 0) {
            // Segmentation offload: the NIC fills in the length, so the capture shows 0 (as Wireshark assumes).
            totalLength = end - p;
        }
        if (totalLength < ihl) {
            // Wireshark shows no addresses for such a header either: nothing after it can be trusted.
            problem = "IPv4 total length " + totalLength + " below header length " + ihl;
            return;
        }
        networkOffset = p;
        ipVersion = 4;
        ipProtocol = buf[p + 9] & 0xFF;
        int flagsFragment = u16(p + 6);
        int fragmentOffset = flagsFragment & 0x1FFF;
        boolean moreFragments = (flagsFragment & 0x2000) != 0;
        if (end - p < ihl) {
            problem = "truncated IPv4 options";
            return;
        }
        int ipEnd = end;
        if (p + totalLength < end) {
            ipEnd = p + totalLength; // Ethernet padding follows the datagram
        }
        if (fragmentOffset != 0) {
            laterFragment = true;
            return;
        }
        // Wireshark reassembles only when the whole fragment was captured; otherwise it decodes the
        // first fragment's payload as it stands. Do the same, so the same frames carry ports.
        firstFragment = moreFragments && p + totalLength <= end;
        if (!firstFragment) {
            transport(ipProtocol, p + ihl, ipEnd);
        }
    }

    private void ipv6(int p) {
        if (end - p < 40) {
            problem = "truncated IPv6 header";
            return;
        }
        int version = (buf[p] & 0xF0) >>> 4;
        if (version != 6) {
            problem = "IPv6 header with version " + version;
            return;
        }
        networkOffset = p;
        ipVersion = 6;
        int payloadLength = u16(p + 4);
        int ipEnd = Math.min(end, p + 40 + payloadLength);
        int next = buf[p + 6] & 0xFF;
        int q = p + 40;
        // RFC 8200 §4: walk the extension headers to the upper-layer header. Every step moves
        // forward by at least 8 bytes, so the loop ends on any input.
        while (true) {
            switch (next) {
                case 0, 43, 60, 135, 139, 140 -> { // hop-by-hop, routing, destination, mobility, HIP, shim6
                    if (ipEnd - q < 8) {
                        ipProtocol = next;
                        problem = "truncated IPv6 extension header";
                        return;
                    }
                    int len = ((buf[q + 1] & 0xFF) + 1) * 8;
                    next = buf[q] & 0xFF;
                    q += len;
                }
                case 44 -> { // fragment header (RFC 8200 §4.5)
                    if (ipEnd - q < 8) {
                        ipProtocol = next;
                        problem = "truncated IPv6 fragment header";
                        return;
                    }
                    int offsetFlags = u16(q + 2);
                    next = buf[q] & 0xFF;
                    q += 8;
                    if ((offsetFlags & 0xFFF8) != 0) {
                        ipProtocol = next;
                        laterFragment = true;
                        return;
                    }
                    firstFragment = (offsetFlags & 1) != 0;
                    if (firstFragment) {
                        ipProtocol = next;
                        return;
                    }
                }
                case 51 -> { // authentication header (RFC 4302 §2.2): length in 4-byte units minus 2
                    if (ipEnd - q < 8) {
                        ipProtocol = next;
                        problem = "truncated IPv6 authentication header";
                        return;
                    }
                    int len = ((buf[q + 1] & 0xFF) + 2) * 4;
                    next = buf[q] & 0xFF;
                    q += len;
                }
                default -> {
                    ipProtocol = next;
                    if (q > ipEnd) {
                        problem = "IPv6 extension headers run past the packet";
                        return;
                    }
                    transport(next, q, ipEnd);
                    return;
                }
            }
        }
    }

    private void transport(int protocol, int p, int limit) {
        transportOffset = p;
        switch (protocol) {
            case IP_PROTO_UDP -> {
                if (limit - p < 8) {
                    problem = "truncated UDP header";
                    return;
                }
                sourcePort = u16(p);
                destinationPort = u16(p + 2);
                payloadOffset = p + 8;
            }
            case IP_PROTO_TCP -> {
                if (limit - p < 20) {
                    // Ports are in the first 4 bytes; keep them when present, as tshark does.
                    if (limit - p >= 4) {
                        sourcePort = u16(p);
                        destinationPort = u16(p + 2);
                    }
                    problem = "truncated TCP header";
                    return;
                }
                sourcePort = u16(p);
                destinationPort = u16(p + 2);
                int dataOffset = ((buf[p + 12] & 0xF0) >>> 4) * 4;
                payloadOffset = Math.min(limit, p + Math.max(20, dataOffset));
            }
            default -> {
            }
        }
    }

    private int u16(int p) {
        return ((buf[p] & 0xFF) << 8) | (buf[p + 1] & 0xFF);
    }

    private int s32(int p) {
        return ((buf[p] & 0xFF) << 24) | ((buf[p + 1] & 0xFF) << 16) | ((buf[p + 2] & 0xFF) << 8) | (buf[p + 3] & 0xFF);
    }
}
