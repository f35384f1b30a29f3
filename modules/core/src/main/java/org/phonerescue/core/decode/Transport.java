package org.phonerescue.core.decode;

import org.phonerescue.core.decode.dhcp.DhcpDissector;
import org.phonerescue.core.decode.spa.SpaDissector;
import org.phonerescue.core.decode.tftp.TftpDissector;
import org.phonerescue.core.decode.tftp.TftpTransferState;

/**
 * UDP (RFC 768) and TCP (RFC 9293 §3.1), and the choice of the application dissector: first a
 * conversation a protocol claimed earlier (a TFTP transfer on the server's new port), then the
 * well-known port, the lower of the two ports first as Wireshark tries them.
 */
final class Transport {

    private Transport() {
    }

    static void ipPayload(Dissection d, Field ip, int proto, int p, int end, String src, String dst) {
        switch (proto) {
            case FrameHeaders.IP_PROTO_UDP -> udp(d, p, end, src, dst);
            case FrameHeaders.IP_PROTO_TCP -> Tcp.tcp(d, ip, p, end, src, dst);
            case FrameHeaders.IP_PROTO_ICMP -> NetworkLayers.icmp(d, p, end);
            case FrameHeaders.IP_PROTO_ICMPV6 -> NetworkLayers.icmpv6(d, p, end);
            case 2 -> {
                d.column("IGMP", "");
                Field igmp = d.layer("igmp", "Internet Group Management Protocol", p, end - p);
                if (end - p >= 1) {
                    d.hex(igmp, "igmp.type", "Type", p, 1, d.u8(p), 2);
                }
            }
            default -> LinkLayers.data(d, p, end);
        }
    }

    static void udp(Dissection d, int p, int end, String src, String dst) {
        d.column("UDP", "");
        if (end - p < 8) {
            d.malformed(d.layer("udp", "User Datagram Protocol", p, end - p), "truncated UDP header", p);
            return;
        }
        int sport = d.u16(p);
        int dport = d.u16(p + 2);
        int length = d.u16(p + 4);
        Field udp = d.layer("udp", () -> "User Datagram Protocol, Src Port: " + sport + ", Dst Port: " + dport, p, 8);
        d.uint(udp, "udp.srcport", "Source Port", p, 2, sport);
        d.uint(udp, "udp.dstport", "Destination Port", p + 2, 2, dport);
        d.uint(udp, "udp.port", "Source or Destination Port", p, 2, sport);
        d.uint(udp, "udp.port", "Source or Destination Port", p + 2, 2, dport);
        d.uint(udp, "udp.length", "Length", p + 4, 2, length);
        d.hex(udp, "udp.checksum", "Checksum", p + 6, 2, d.u16(p + 6), 4);
        d.sourcePort = sport;
        d.destinationPort = dport;
        d.transport = "udp";
        int payloadEnd = end;
        if (length >= 8 && p + length <= end) {
            payloadEnd = p + length;
        } else if (length < 8 || p + length > end) {
            if (length < 8 || !d.isQuoted()) {
                d.expert(udp, Field.Severity.WARN, "UDP length " + length + " does not match the "
                        + (end - p) + " bytes available", p + 4, 2);
            }
        }
        if (d.wantsInfo()) {
            d.udpInfo(sport, dport, Math.max(0, payloadEnd - p - 8));
        }
        int q = p + 8;
        if (q >= payloadEnd) {
            return;
        }
        TftpTransferState transfer = TftpDissector.transfer(d, src, sport, dst, dport);
        if (transfer != null) {
            TftpDissector.dissect(d, q, payloadEnd, src, sport, dst, dport, transfer);
            return;
        }
        int low = Math.min(sport, dport);
        int high = Math.max(sport, dport);
        if (!udpPort(d, low, q, payloadEnd, src, sport, dst, dport)
                && !udpPort(d, high, q, payloadEnd, src, sport, dst, dport)
                && !Applications.udpHeuristics(d, q, payloadEnd, src, sport, dst, dport)) {
            LinkLayers.data(d, q, payloadEnd);
        }
    }

    private static boolean udpPort(Dissection d, int port, int q, int end, String src, int sport, String dst, int dport) {
        switch (port) {
            case 67, 68 -> DhcpDissector.dissect(d, q, end);
            case 69 -> TftpDissector.dissect(d, q, end, src, sport, dst, dport);
            case 53, 5353 -> Applications.dns(d, q, end, port == 5353);
            case 514 -> Applications.syslog(d, q, end);
            case 5060 -> {
                return Applications.sip(d, q, end);
            }
            case SpaDissector.PHONE_PORT, SpaDissector.TOOL_PORT -> SpaDissector.dissect(d, q, end);
            case 123 -> Applications.named(d, "ntp", "NTP", "Network Time Protocol", q, end);
            case 137 -> Applications.named(d, "nbns", "NBNS", "NetBIOS Name Service", q, end);
            case 1900 -> Applications.named(d, "ssdp", "SSDP", "Simple Service Discovery Protocol", q, end);
            case 2222 -> Applications.cipIo(d, q, end);
            case 9875 -> Applications.sap(d, q, end);
            case 17500 -> Applications.dbLspDisc(d, q, end);
            case 47808 -> Applications.named(d, "bacapp", "BACnet-APDU", "Building Automation and Control Network APDU", q, end);
            case 443 -> {
                return Applications.gquic(d, q, end, src, sport, dst, dport);
            }
            case 44818 -> Applications.enip(d, q, end);
            default -> {
                return false;
            }
        }
        return true;
    }
}
