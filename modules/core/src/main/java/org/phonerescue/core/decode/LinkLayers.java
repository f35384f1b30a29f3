package org.phonerescue.core.decode;

import org.phonerescue.core.pcap.CapturedPacket;
import org.phonerescue.core.pcap.LinkType;

/**
 * The frame node and the link layers: Ethernet II and IEEE 802.3 with LLC/SNAP (IEEE 802.2,
 * RFC 1042), 802.1Q/802.1ad tags, BSD NULL/LOOP, Linux cooked SLL/SLL2, raw IP; then the
 * EtherType dispatch.
 */
final class LinkLayers {

    private LinkLayers() {
    }

    static void frame(Dissection d) {
        CapturedPacket p = d.packet();
        Field frame = d.layer("frame", () -> "Frame " + p.number() + ": " + p.originalLength() + " bytes on wire, "
                + p.capturedLength() + " bytes captured", 0, d.end());
        if (p.hasTimestamp()) {
            d.generatedEpoch(frame, "frame.time_epoch", "Epoch Time", p.epochSecond(), p.nanos());
        }
        d.generatedNumber(frame, "frame.number", "Frame Number", p.number());
        d.generatedNumber(frame, "frame.len", "Frame Length", p.originalLength());
        d.generatedNumber(frame, "frame.cap_len", "Capture Length", p.capturedLength());
        if (p.comment() != null) {
            d.generated(frame, "frame.comment", "Comment", p.comment(), p.comment());
        }
        LinkType lt = p.linkType();
        switch (lt.code()) {
            case 1 -> ethernet(d, 0, true);
            case 0 -> loopback(d, false);
            case 108 -> loopback(d, true);
            case 113 -> sll(d);
            case 276 -> sll2(d);
            case 101 -> rawIp(d, 0);
            case 228 -> NetworkLayers.ipv4(d, 0, d.end());
            case 229 -> NetworkLayers.ipv6(d, 0, d.end());
            case -2 -> d.column("PCAPNG", "Custom Block");
            default -> {
                d.column(lt.displayName(), "link type " + lt.code() + " is not decoded");
                d.bytes(d.layer("data", "Data (" + d.end() + " bytes)", 0, d.end()), "data.data", "Data", 0, d.end());
            }
        }
    }

    /** Ethernet II / IEEE 802.3 (IEEE 802.3 §3.2). */
    static void ethernet(Dissection d, int p, boolean outer) {
        if (d.end() - p < 14) {
            d.column("Ethernet", "");
            d.malformed(d.layer("eth", "Ethernet", p, d.end() - p), "frame shorter than an Ethernet header", p);
            return;
        }
        byte[] frameBytes = d.bytes();
        Field eth = d.layer("eth", () -> "Ethernet II, Src: " + Addresses.mac(frameBytes, p + 6) + ", Dst: "
                + Addresses.mac(frameBytes, p), p, 14);
        d.mac(eth, "eth.dst", "Destination", p);
        d.mac(eth, "eth.src", "Source", p + 6);
        d.mac(eth, "eth.addr", "Address", p);
        d.mac(eth, "eth.addr", "Address", p + 6);
        int type = d.u16(p + 12);
        d.column("Ethernet", "");
        if (type <= 1500) {
            // A length field: IEEE 802.3 with an 802.2 LLC header follows.
            d.uint(eth, "eth.len", "Length", p + 12, 2, type);
            int end = Math.min(d.end(), p + 14 + type);
            llc(d, p + 14, end);
            trailer(d, eth, end);
            return;
        }
        d.hex(eth, "eth.type", "Type", p + 12, 2, type, 4);
        int payloadEnd = etherType(d, type, p + 14, d.end());
        trailer(d, eth, payloadEnd);
    }

    /** Bytes after the network layer's own length: Ethernet padding to 60 bytes, or a trailer. */
    private static void trailer(Dissection d, Field eth, int payloadEnd) {
        if (payloadEnd > 0 && payloadEnd < d.end()) {
            d.bytes(eth, "eth.padding", "Padding", payloadEnd, d.end() - payloadEnd);
        }
    }

    /**
     * Dispatches on an EtherType; returns where the network layer's data ended (for padding),
     * or -1 when unknown.
     */
    static int etherType(Dissection d, int type, int p, int end) {
        if (!d.enter(p)) {
            return -1;
        }
        try {
            return dispatch(d, type, p, end);
        } finally {
            d.leave();
        }
    }

    private static int dispatch(Dissection d, int type, int p, int end) {
        return switch (type) {
            case FrameHeaders.ETHERTYPE_IPV4 -> NetworkLayers.ipv4(d, p, end);
            case FrameHeaders.ETHERTYPE_IPV6 -> NetworkLayers.ipv6(d, p, end);
            case FrameHeaders.ETHERTYPE_ARP -> NetworkLayers.arp(d, p, end);
            case FrameHeaders.ETHERTYPE_VLAN, FrameHeaders.ETHERTYPE_QINQ_OLD -> vlan(d, p, end, "vlan");
            case FrameHeaders.ETHERTYPE_QINQ -> vlan(d, p, end, "ieee8021ad");
            case FrameHeaders.ETHERTYPE_MPLS, FrameHeaders.ETHERTYPE_MPLS_MULTICAST -> mpls(d, p, end);
            case FrameHeaders.ETHERTYPE_PPPOE_SESSION -> pppoe(d, p, end);
            case 0x88CC -> Discovery.lldp(d, p, end);
            default -> {
                data(d, p, end);
                yield -1;
            }
        };
    }

    /** Undecoded payload, as Wireshark's "data" protocol. */
    static void data(Dissection d, int p, int end) {
        if (end > p) {
            Field data = d.layer("data", () -> "Data (" + (end - p) + " bytes)", p, end - p);
            d.bytes(data, "data.data", "Data", p, end - p);
            d.generatedNumber(data, "data.len", "Length", end - p);
        }
    }

    /** IEEE 802.1Q tag (§9.6): PCP, DEI, VID, then the inner EtherType. */
    private static int vlan(Dissection d, int p, int end, String name) {
        if (end - p < 4) {
            d.malformed(d.layer(name, "802.1Q Virtual LAN", p, end - p), "truncated VLAN tag", p);
            return -1;
        }
        int tci = d.u16(p);
        int inner = d.u16(p + 2);
        boolean ad = name.equals("ieee8021ad");
        Field tag = d.layer(name, (ad ? "IEEE 802.1ad, ID: " : "802.1Q Virtual LAN, PRI: " + (tci >>> 13) + ", DEI: "
                + ((tci >>> 12) & 1) + ", ID: ") + (tci & 0xFFF), p, 4);
        if (ad) {
            d.uint(tag, "ieee8021ad.priority", "Priority", p, 2, tci >>> 13);
            d.uint(tag, "ieee8021ad.dei", "DEI", p, 2, (tci >>> 12) & 1);
            d.uint(tag, "ieee8021ad.id", "ID", p, 2, tci & 0xFFF);
        } else {
            d.uint(tag, "vlan.priority", "Priority", p, 2, tci >>> 13);
            d.uint(tag, "vlan.dei", "DEI", p, 2, (tci >>> 12) & 1);
            d.uint(tag, "vlan.id", "ID", p, 2, tci & 0xFFF);
        }
        if (inner <= 1500) {
            d.uint(tag, ad ? "ieee8021ad.len" : "vlan.len", "Length", p + 2, 2, inner);
            int llcEnd = Math.min(end, p + 4 + inner);
            llc(d, p + 4, llcEnd);
            return llcEnd;
        }
        d.hex(tag, ad ? "ieee8021ad.etype" : "vlan.etype", "Type", p + 2, 2, inner, 4);
        return etherType(d, inner, p + 4, end);
    }

    /** IEEE 802.2 LLC; with SNAP (RFC 1042) an OUI and protocol id follow: Cisco's carries CDP. */
    static void llc(Dissection d, int p, int end) {
        if (end - p < 3) {
            d.malformed(d.layer("llc", "Logical-Link Control", p, end - p), "truncated LLC header", p);
            return;
        }
        int dsap = d.u8(p);
        int ssap = d.u8(p + 1);
        Field llc = d.layer("llc", "Logical-Link Control", p, 3);
        d.hex(llc, "llc.dsap", "DSAP", p, 1, dsap, 2);
        d.hex(llc, "llc.ssap", "SSAP", p + 1, 1, ssap, 2);
        d.hex(llc, "llc.control", "Control field", p + 2, 1, d.u8(p + 2), 2);
        d.column("LLC", "");
        if (dsap == 0xAA && ssap == 0xAA) {
            if (end - p < 8) {
                d.malformed(llc, "truncated SNAP header", p + 3);
                return;
            }
            int oui = (d.u8(p + 3) << 16) | d.u16(p + 4);
            int pid = d.u16(p + 6);
            d.hex(llc, "llc.oui", "Organization Code", p + 3, 3, oui, 6);
            d.hex(llc, "llc.pid", "PID", p + 6, 2, pid, 4);
            if (oui == 0 ) {
                etherType(d, pid, p + 8, end);
            } else if (oui == 0x00000C && pid == 0x2000) {
                Discovery.cdp(d, p + 8, end);
            } else {
                data(d, p + 8, end);
            }
        } else if (dsap == 0x42 && ssap == 0x42) {
            Discovery.stp(d, p + 3, end);
        } else {
            data(d, p + 3, end);
        }
    }

    private static int mpls(Dissection d, int p, int end) {
        while (true) {
            if (end - p < 4) {
                d.malformed(d.layer("mpls", "MultiProtocol Label Switching Header", p, end - p), "truncated label", p);
                return -1;
            }
            long entry = d.u32(p);
            Field mpls = d.layer("mpls", "MultiProtocol Label Switching Header, Label: " + (entry >>> 12), p, 4);
            d.uint(mpls, "mpls.label", "MPLS Label", p, 4, entry >>> 12);
            d.uint(mpls, "mpls.exp", "MPLS Experimental Bits", p, 4, (entry >>> 9) & 7);
            d.uint(mpls, "mpls.bottom", "MPLS Bottom Of Label Stack", p, 4, (entry >>> 8) & 1);
            d.uint(mpls, "mpls.ttl", "MPLS TTL", p, 4, entry & 0xFF);
            p += 4;
            if ((entry & 0x100) != 0) {
                break;
            }
        }
        if (p >= end) {
            return -1;
        }
        return switch (d.u8(p) >>> 4) {
            case 4 -> NetworkLayers.ipv4(d, p, end);
            case 6 -> NetworkLayers.ipv6(d, p, end);
            default -> {
                data(d, p, end);
                yield -1;
            }
        };
    }

    /** PPPoE session stage (RFC 2516 §4) and the PPP protocol field (RFC 1661 §2). */
    private static int pppoe(Dissection d, int p, int end) {
        if (end - p < 8) {
            d.malformed(d.layer("pppoes", "PPP-over-Ethernet Session", p, end - p), "truncated PPPoE header", p);
            return -1;
        }
        Field s = d.layer("pppoes", "PPP-over-Ethernet Session", p, 6);
        d.hex(s, "pppoes.session_id", "Session ID", p + 2, 2, d.u16(p + 2), 4);
        d.uint(s, "pppoes.length", "Payload Length", p + 4, 2, d.u16(p + 4));
        int proto = d.u16(p + 6);
        Field ppp = d.layer("ppp", "Point-to-Point Protocol", p + 6, 2);
        d.hex(ppp, "ppp.protocol", "Protocol", p + 6, 2, proto, 4);
        return switch (proto) {
            case 0x0021 -> NetworkLayers.ipv4(d, p + 8, end);
            case 0x0057 -> NetworkLayers.ipv6(d, p + 8, end);
            default -> {
                data(d, p + 8, end);
                yield -1;
            }
        };
    }

    private static void loopback(Dissection d, boolean networkOrder) {
        if (d.end() < 4) {
            d.column("NULL", "");
            d.malformed(d.layer("null", "Null/Loopback", 0, d.end()), "truncated loopback header", 0);
            return;
        }
        long be = d.u32(0);
        long le = Long.reverseBytes(be) >>> 32;
        long family = networkOrder || (le & 0xFFFF0000L) != 0 ? be : le;
        Field f = d.layer(networkOrder ? "loop" : "null", "Null/Loopback", 0, 4);
        d.uint(f, networkOrder ? "loop.family" : "null.family", "Family", 0, 4, family);
        d.column("NULL", "");
        switch ((int) family) {
            case 2 -> NetworkLayers.ipv4(d, 4, d.end());
            case 10, 24, 28, 30 -> NetworkLayers.ipv6(d, 4, d.end());
            default -> data(d, 4, d.end());
        }
    }

    private static void sll(Dissection d) {
        if (d.end() < 16) {
            d.column("SLL", "");
            d.malformed(d.layer("sll", "Linux cooked capture v1", 0, d.end()), "truncated cooked header", 0);
            return;
        }
        Field f = d.layer("sll", "Linux cooked capture v1", 0, 16);
        d.uint(f, "sll.pkttype", "Packet type", 0, 2, d.u16(0));
        d.uint(f, "sll.hatype", "Link-layer address type", 2, 2, d.u16(2));
        d.uint(f, "sll.halen", "Link-layer address length", 4, 2, d.u16(4));
        if (d.u16(4) == 6) {
            d.mac(f, "sll.src.eth", "Source", 6);
        }
        int type = d.u16(14);
        d.hex(f, "sll.etype", "Protocol", 14, 2, type, 4);
        d.column("SLL", "");
        etherType(d, type, 16, d.end());
    }

    private static void sll2(Dissection d) {
        if (d.end() < 20) {
            d.column("SLL", "");
            d.malformed(d.layer("sll", "Linux cooked capture v2", 0, d.end()), "truncated cooked header", 0);
            return;
        }
        Field f = d.layer("sll", "Linux cooked capture v2", 0, 20);
        int type = d.u16(0);
        d.hex(f, "sll.etype", "Protocol", 0, 2, type, 4);
        d.uint(f, "sll.ifindex", "Interface index", 4, 4, d.u32(4));
        d.uint(f, "sll.hatype", "Link-layer address type", 8, 2, d.u16(8));
        d.uint(f, "sll.pkttype", "Packet type", 10, 1, d.u8(10));
        d.uint(f, "sll.halen", "Link-layer address length", 11, 1, d.u8(11));
        if (d.u8(11) == 6) {
            d.mac(f, "sll.src.eth", "Source", 12);
        }
        d.column("SLL", "");
        etherType(d, type, 20, d.end());
    }

    private static void rawIp(Dissection d, int p) {
        if (d.end() < 1) {
            d.column("Raw", "");
            return;
        }
        switch (d.u8(p) >>> 4) {
            case 4 -> NetworkLayers.ipv4(d, p, d.end());
            case 6 -> NetworkLayers.ipv6(d, p, d.end());
            default -> {
                d.column("Raw", "");
                data(d, p, d.end());
            }
        }
    }
}
