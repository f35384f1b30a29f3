package org.phonerescue.core.transfer;

import org.phonerescue.core.analysis.PacketView;

/**
 * What the HTTP and FTP trackers read of a TCP segment: connection, ends, relative sequence
 * numbers, payload length on the wire, the FIN and RST flags (RFC 9293 §3.1), and what the
 * decoder's sequence analysis said of it: a retransmission (also a fast or spurious one), an
 * out-of-order segment, a duplicate ACK.
 */
record TcpSegment(long stream, Endpoint source, Endpoint destination, long seq, int length, boolean fin,
                  boolean reset, boolean retransmission, boolean outOfOrder, boolean duplicateAck) {

    /** The fields read here, for a filtered decoding. */
    static final java.util.Set<String> FIELDS = java.util.Set.of("eth.src", "ip.src", "ip.dst", "ipv6.src",
            "ipv6.dst", "tcp.srcport", "tcp.dstport", "tcp.stream", "tcp.len", "tcp.seq", "tcp.flags.fin",
            "tcp.flags.reset", "tcp.analysis.retransmission", "tcp.analysis.fast_retransmission",
            "tcp.analysis.spurious_retransmission", "tcp.analysis.out_of_order", "tcp.analysis.duplicate_ack");

    /** The segment of a packet, or null when it has no TCP layer of its own (or is quoted in an ICMP error). */
    static TcpSegment of(PacketView p) {
        if (!p.hasLayer("tcp")) {
            return null;
        }
        long stream = p.number("tcp.stream", -1);
        String src = p.sourceIp();
        String dst = p.destinationIp();
        if (stream < 0 || src == null || dst == null) {
            return null;
        }
        return new TcpSegment(stream, new Endpoint(src, p.tcpSourcePort()), new Endpoint(dst, p.tcpDestinationPort()),
                p.number("tcp.seq", 0), (int) p.number("tcp.len", 0), p.flag("tcp.flags.fin"),
                p.flag("tcp.flags.reset"), p.field("tcp.analysis.retransmission") != null
                        || p.field("tcp.analysis.fast_retransmission") != null
                        || p.field("tcp.analysis.spurious_retransmission") != null,
                p.field("tcp.analysis.out_of_order") != null, p.field("tcp.analysis.duplicate_ack") != null);
    }

    /** Relative sequence number just after the payload. */
    long end() {
        return seq + length;
    }
}
