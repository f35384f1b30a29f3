package org.phonerescue.core.decode;

import java.util.Arrays;

/**
 * ARP (RFC 826), IPv4 (RFC 791), IPv6 with its extension headers (RFC 8200 §4), ICMP
 * (RFC 792) and ICMPv6 (RFC 4443) including the datagram an error message quotes: the diagnosis
 * needs to know which TFTP packet a "port unreachable" refused.
 */
final class NetworkLayers {

    private NetworkLayers() {
    }

    /** Returns where the ARP message ends. */
    static int arp(Dissection d, int p, int end) {
        d.column("ARP", "");
        if (end - p < 8) {
            d.malformed(d.layer("arp", "Address Resolution Protocol", p, end - p), "truncated ARP header", p);
            return -1;
        }
        int hlen = d.u8(p + 4);
        int plen = d.u8(p + 5);
        int op = d.u16(p + 6);
        int length = 8 + 2 * hlen + 2 * plen;
        Field arp = d.layer("arp", "Address Resolution Protocol (" + (op == 1 ? "request" : op == 2 ? "reply" : "opcode " + op)
                + ")", p, Math.min(length, end - p));
        d.uint(arp, "arp.hw.type", "Hardware type", p, 2, d.u16(p));
        d.hex(arp, "arp.proto.type", "Protocol type", p + 2, 2, d.u16(p + 2), 4);
        d.uint(arp, "arp.hw.size", "Hardware size", p + 4, 1, hlen);
        d.uint(arp, "arp.proto.size", "Protocol size", p + 5, 1, plen);
        d.uint(arp, "arp.opcode", "Opcode", p + 6, 2, op);
        if (end - p < length) {
            d.malformed(arp, "ARP addresses run past the frame", p + 8);
            return -1;
        }
        int q = p + 8;
        boolean ethIp = hlen == 6 && plen == 4;
        String senderMac = hlen == 6 ? Addresses.mac(d.bytes(), q) : null;
        String senderIp = plen == 4 ? Addresses.ipv4(d.bytes(), q + hlen) : null;
        String targetIp = plen == 4 ? Addresses.ipv4(d.bytes(), q + 2 * hlen + plen) : null;
        if (ethIp) {
            d.mac(arp, "arp.src.hw_mac", "Sender MAC address", q);
            d.ipv4(arp, "arp.src.proto_ipv4", "Sender IP address", q + 6);
            d.mac(arp, "arp.dst.hw_mac", "Target MAC address", q + 10);
            d.ipv4(arp, "arp.dst.proto_ipv4", "Target IP address", q + 16);
        } else {
            d.bytes(arp, "arp.src.hw", "Sender hardware address", q, hlen);
            d.bytes(arp, "arp.src.proto", "Sender protocol address", q + hlen, plen);
            d.bytes(arp, "arp.dst.hw", "Target hardware address", q + hlen + plen, hlen);
            d.bytes(arp, "arp.dst.proto", "Target protocol address", q + 2 * hlen + plen, plen);
        }
        if (ethIp && op == 1) {
            d.info("Who has " + targetIp + "? Tell " + senderIp);
        } else if (ethIp && op == 2) {
            d.info(senderIp + " is at " + senderMac);
        }
        return p + length;
    }

    /** Returns where the IPv4 datagram ends (its total length), or -1 when it could not be read. */
    static int ipv4(Dissection d, int p, int end) {
        d.column("IPv4", "");
        if (end - p < 20) {
            d.malformed(d.layer("ip", "Internet Protocol Version 4", p, end - p), "truncated IPv4 header", p);
            return -1;
        }
        int version = d.u8(p) >>> 4;
        int ihl = (d.u8(p) & 0xF) * 4;
        int total = d.u16(p + 2);
        Field ip = d.layer("ip", "Internet Protocol Version 4", p, Math.min(Math.max(ihl, 20), end - p));
        d.uint(ip, "ip.version", "Version", p, 1, version);
        if (version != 4) {
            d.malformed(ip, "IPv4 header with version " + version, p);
            return -1;
        }
        d.uint(ip, "ip.hdr_len", "Header Length", p, 1, ihl);
        if (ihl < 20) {
            d.malformed(ip, "header length " + ihl + " below 20", p);
            return -1;
        }
        d.hex(ip, "ip.dsfield", "Differentiated Services Field", p + 1, 1, d.u8(p + 1), 2);
        if (total == 0) {
            total = end - p; // segmentation offload: the NIC fills in the length later
        }
        d.uint(ip, "ip.len", "Total Length", p + 2, 2, total);
        if (total < ihl) {
            d.malformed(ip, "total length " + total + " below header length " + ihl, p + 2);
            d.info("Bogus IP length (" + total + ", less than header length " + ihl + ")");
            return -1;
        }
        d.hex(ip, "ip.id", "Identification", p + 4, 2, d.u16(p + 4), 4);
        int flagsFragment = d.u16(p + 6);
        d.hex(ip, "ip.flags", "Flags", p + 6, 1, flagsFragment >>> 13, 2);
        d.bool(ip, "ip.flags.rb", "Reserved bit", p + 6, 1, (flagsFragment & 0x8000) != 0);
        d.bool(ip, "ip.flags.df", "Don't fragment", p + 6, 1, (flagsFragment & 0x4000) != 0);
        d.bool(ip, "ip.flags.mf", "More fragments", p + 6, 1, (flagsFragment & 0x2000) != 0);
        int fragmentOffset = (flagsFragment & 0x1FFF) * 8;
        d.uint(ip, "ip.frag_offset", "Fragment Offset", p + 6, 2, fragmentOffset);
        d.uint(ip, "ip.ttl", "Time to Live", p + 8, 1, d.u8(p + 8));
        int proto = d.u8(p + 9);
        d.uint(ip, "ip.proto", "Protocol", p + 9, 1, proto);
        d.hex(ip, "ip.checksum", "Header Checksum", p + 10, 2, d.u16(p + 10), 4);
        d.ipv4(ip, "ip.src", "Source Address", p + 12);
        d.ipv4(ip, "ip.dst", "Destination Address", p + 16);
        d.ipv4(ip, "ip.addr", "Source or Destination Address", p + 12);
        d.ipv4(ip, "ip.addr", "Source or Destination Address", p + 16);
        d.netAddresses(p, p + 12, p + 16, 4);
        d.ipVersion = 4;
        if (end - p < ihl) {
            d.malformed(ip, "options run past the frame", p + 20);
            return -1;
        }
        if (ihl > 20) {
            d.bytes(ip, "ip.options", "Options", p + 20, ihl - 20);
        }
        int ipEnd = Math.min(end, p + total);
        boolean moreFragments = (flagsFragment & 0x2000) != 0;
        String src = d.state().addressTexts().ipv4(d.bytes(), p + 12);
        String dst = d.state().addressTexts().ipv4(d.bytes(), p + 16);
        d.info("");
        if ((fragmentOffset != 0 || moreFragments) && p + total <= end && !d.isQuoted()) {
            // Like Wireshark: a fragment captured whole goes to reassembly, and the transport is
            // decoded once, on the fragment that completes the datagram. A fragment cut short by the
            // capture cannot be reassembled; a first one is then decoded as it stands (below).
            int id = d.u16(p + 4);
            Fragments.Result r = d.state().ipv4Fragments().add(src, dst, proto, id, fragmentOffset,
                    Arrays.copyOfRange(d.bytes(), p + ihl, ipEnd), moreFragments, d.packet().number(),
                    d.packet().hasTimestamp() ? d.packet().epochSecond() : 0);
            if (r.overlapConflict()) {
                d.expert(ip, Field.Severity.WARN, "overlapping fragment with different data: the first bytes received are kept",
                        p + 6, 2);
            }
            if (!r.complete()) {
                LinkLayers.data(d, p + ihl, ipEnd);
                d.info("Fragmented IP protocol (proto=" + proto + ", off=" + fragmentOffset + ", ID="
                        + String.format("%04x", id) + ")");
                return p + total;
            }
            d.generated(ip, "ip.fragment.count", "Fragment count", (long) r.fragments(), Integer.toString(r.fragments()));
            d.generated(ip, "ip.reassembled_in", "Reassembled IPv4 in frame", d.packet().number(),
                    Long.toString(d.packet().number()));
            d.generated(ip, "ip.reassembled.length", "Reassembled IPv4 length", (long) r.datagramPayload().length,
                    Integer.toString(r.datagramPayload().length));
            byte[] payload = r.datagramPayload();
            d.reassembled(payload, () -> Transport.ipPayload(d, ip, proto, 0, payload.length, src, dst));
            return p + total;
        }
        if (fragmentOffset != 0) {
            LinkLayers.data(d, p + ihl, ipEnd);
            d.info("Fragmented IP protocol (proto=" + proto + ", off=" + fragmentOffset + ")");
            return p + total;
        }
        Transport.ipPayload(d, ip, proto, p + ihl, ipEnd, src, dst);
        return p + total;
    }

    /** Returns where the IPv6 packet ends, or -1 when it could not be read. */
    static int ipv6(Dissection d, int p, int end) {
        d.column("IPv6", "");
        if (end - p < 40) {
            d.malformed(d.layer("ipv6", "Internet Protocol Version 6", p, end - p), "truncated IPv6 header", p);
            return -1;
        }
        int version = d.u8(p) >>> 4;
        Field ip = d.layer("ipv6", "Internet Protocol Version 6", p, 40);
        d.uint(ip, "ipv6.version", "Version", p, 1, version);
        if (version != 6) {
            d.malformed(ip, "IPv6 header with version " + version, p);
            return -1;
        }
        long first = d.u32(p);
        d.hex(ip, "ipv6.tclass", "Traffic Class", p, 2, (first >>> 20) & 0xFF, 2);
        d.hex(ip, "ipv6.flow", "Flow Label", p + 1, 3, first & 0xFFFFF, 5);
        int payloadLength = d.u16(p + 4);
        d.uint(ip, "ipv6.plen", "Payload Length", p + 4, 2, payloadLength);
        int next = d.u8(p + 6);
        d.uint(ip, "ipv6.nxt", "Next Header", p + 6, 1, next);
        d.uint(ip, "ipv6.hlim", "Hop Limit", p + 7, 1, d.u8(p + 7));
        d.ipv6(ip, "ipv6.src", "Source Address", p + 8);
        d.ipv6(ip, "ipv6.dst", "Destination Address", p + 24);
        d.ipv6(ip, "ipv6.addr", "Source or Destination Address", p + 8);
        d.ipv6(ip, "ipv6.addr", "Source or Destination Address", p + 24);
        d.netAddresses(p, p + 8, p + 24, 16);
        d.ipVersion = 6;
        String src = Addresses.ipv6(d.bytes(), p + 8);
        String dst = Addresses.ipv6(d.bytes(), p + 24);
        int ipEnd = Math.min(end, p + 40 + payloadLength);
        int q = p + 40;
        d.info("");
        // RFC 8200 §4: each extension header moves forward by at least 8 bytes; the loop ends.
        while (true) {
            switch (next) {
                case 0, 43, 60, 135, 139, 140 -> {
                    if (ipEnd - q < 8) {
                        d.malformed(ip, "truncated extension header " + next, q);
                        return -1;
                    }
                    int len = (d.u8(q + 1) + 1) * 8;
                    Field ext = d.text(ip, extensionName(next), extensionTitle(next) + " (" + len + " bytes)", q,
                            Math.min(len, ipEnd - q));
                    d.uint(ext, "ipv6.nxt", "Next Header", q, 1, d.u8(q));
                    next = d.u8(q);
                    q += len;
                }
                case 44 -> {
                    if (ipEnd - q < 8) {
                        d.malformed(ip, "truncated fragment header", q);
                        return -1;
                    }
                    Field frag = d.text(ip, "ipv6.fraghdr", "Fragment Header", q, 8);
                    int offsetFlags = d.u16(q + 2);
                    d.uint(frag, "ipv6.fraghdr.offset", "Offset", q + 2, 2, offsetFlags >>> 3);
                    d.bool(frag, "ipv6.fraghdr.more", "More Fragments", q + 3, 1, (offsetFlags & 1) != 0);
                    d.hex(frag, "ipv6.fraghdr.ident", "Identification", q + 4, 4, d.u32(q + 4), 8);
                    next = d.u8(q);
                    q += 8;
                    if ((offsetFlags & 0xFFF8) != 0 || (offsetFlags & 1) != 0) {
                        LinkLayers.data(d, q, ipEnd);
                        d.info("IPv6 fragment (off=" + (offsetFlags >>> 3) + " more=" + ((offsetFlags & 1) != 0) + ")");
                        return ipEnd;
                    }
                }
                case 51 -> {
                    if (ipEnd - q < 8) {
                        d.malformed(ip, "truncated authentication header", q);
                        return -1;
                    }
                    int len = (d.u8(q + 1) + 2) * 4;
                    Field ah = d.text(ip, "ah", "Authentication Header", q, Math.min(len, ipEnd - q));
                    d.hex(ah, "ah.spi", "AH SPI", q + 4, 4, d.u32(q + 4), 8);
                    next = d.u8(q);
                    q += len;
                }
                default -> {
                    if (q > ipEnd) {
                        d.malformed(ip, "extension headers run past the packet", ipEnd);
                        return -1;
                    }
                    Transport.ipPayload(d, ip, next, q, ipEnd, src, dst);
                    return ipEnd;
                }
            }
        }
    }

    private static String extensionName(int next) {
        return switch (next) {
            case 0 -> "ipv6.hopopts";
            case 43 -> "ipv6.routing";
            case 60 -> "ipv6.dstopts";
            default -> "ipv6.ext";
        };
    }

    private static String extensionTitle(int next) {
        return switch (next) {
            case 0 -> "IPv6 Hop-by-Hop Option";
            case 43 -> "Routing Header";
            case 60 -> "Destination Options";
            case 135 -> "Mobility Header";
            default -> "Extension Header " + next;
        };
    }

    /**
     * ICMP (RFC 792). Error messages (destination unreachable, source quench, redirect, time
     * exceeded, parameter problem) quote the offending datagram's IP header and first 8 bytes;
     * it is decoded under the ICMP node, as Wireshark does.
     */
    static void icmp(Dissection d, int p, int end) {
        d.column("ICMP", "");
        Field icmp = d.layer("icmp", "Internet Control Message Protocol", p, end - p);
        if (end - p < 4) {
            d.malformed(icmp, "truncated ICMP header", p);
            return;
        }
        int type = d.u8(p);
        int code = d.u8(p + 1);
        d.uint(icmp, "icmp.type", "Type", p, 1, type);
        d.uint(icmp, "icmp.code", "Code", p + 1, 1, code);
        d.hex(icmp, "icmp.checksum", "Checksum", p + 2, 2, d.u16(p + 2), 4);
        String info = icmpInfo(type, code);
        if (end - p >= 8 && (type == 0 || type == 8)) {
            d.hex(icmp, "icmp.ident", "Identifier (BE)", p + 4, 2, d.u16(p + 4), 4);
            d.uint(icmp, "icmp.seq", "Sequence Number (BE)", p + 6, 2, d.u16(p + 6));
            info += "  id=0x" + String.format("%04x", d.u16(p + 4)) + ", seq=" + d.u16(p + 6);
        }
        d.column("ICMP", info);
        if (isIcmpError(type) && end - p > 8) {
            quoted(d, icmp, p + 8, end);
            d.column("ICMP", info);
        }
    }

    static boolean isIcmpError(int type) {
        return type == 3 || type == 4 || type == 5 || type == 11 || type == 12;
    }

    /** ICMPv6 (RFC 4443 §2.1); error types below 128 quote the offending packet. */
    static void icmpv6(Dissection d, int p, int end) {
        d.column("ICMPv6", "");
        Field icmp = d.layer("icmpv6", "Internet Control Message Protocol v6", p, end - p);
        if (end - p < 4) {
            d.malformed(icmp, "truncated ICMPv6 header", p);
            return;
        }
        int type = d.u8(p);
        d.uint(icmp, "icmpv6.type", "Type", p, 1, type);
        d.uint(icmp, "icmpv6.code", "Code", p + 1, 1, d.u8(p + 1));
        d.hex(icmp, "icmpv6.checksum", "Checksum", p + 2, 2, d.u16(p + 2), 4);
        String info = switch (type) {
            case 1 -> "Destination Unreachable";
            case 2 -> "Packet Too Big";
            case 3 -> "Time Exceeded";
            case 4 -> "Parameter Problem";
            case 128 -> "Echo (ping) request";
            case 129 -> "Echo (ping) reply";
            case 133 -> "Router Solicitation";
            case 134 -> "Router Advertisement";
            case 135 -> "Neighbor Solicitation";
            case 136 -> "Neighbor Advertisement";
            case 143 -> "Multicast Listener Report Message v2";
            default -> "Type " + type;
        };
        d.column("ICMPv6", info);
        if (type < 128 && end - p > 8) {
            quoted(d, icmp, p + 8, end);
            d.column("ICMPv6", info);
        }
    }

    /**
     * Decodes a quoted datagram inside an ICMP error. Its layers go under the ICMP node; the
     * ports found replace the outer ones only in the quoted fields, not for the outer packet.
     */
    private static void quoted(Dissection d, Field icmp, int p, int end) {
        if (!d.enter(p)) {
            return;
        }
        try {
            quotedDatagram(d, icmp, p, end);
        } finally {
            d.leave();
        }
    }

    private static void quotedDatagram(Dissection d, Field icmp, int p, int end) {
        d.quoted(icmp, () -> {
            int version = d.u8(p) >>> 4;
            if (version == 4) {
                ipv4(d, p, end);
            } else if (version == 6) {
                ipv6(d, p, end);
            }
        });
    }

    private static String icmpInfo(int type, int code) {
        return switch (type) {
            case 0 -> "Echo (ping) reply";
            case 3 -> "Destination unreachable (" + unreachable(code) + ")";
            case 4 -> "Source quench (flow control)";
            case 5 -> "Redirect";
            case 8 -> "Echo (ping) request";
            case 11 -> code == 0 ? "Time-to-live exceeded (Time to live exceeded in transit)"
                    : "Time-to-live exceeded (Fragment reassembly time exceeded)";
            case 12 -> "Parameter problem";
            case 13 -> "Timestamp request";
            case 14 -> "Timestamp reply";
            default -> "Type " + type;
        };
    }

    private static String unreachable(int code) {
        return switch (code) {
            case 0 -> "Network unreachable";
            case 1 -> "Host unreachable";
            case 2 -> "Protocol unreachable";
            case 3 -> "Port unreachable";
            case 4 -> "Fragmentation needed";
            case 9, 10, 13 -> "Communication administratively filtered";
            default -> "Code " + code;
        };
    }
}
