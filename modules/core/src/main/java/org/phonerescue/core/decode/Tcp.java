package org.phonerescue.core.decode;

/**
 * TCP (RFC 9293 §3.1): header fields, the stream index and relative sequence numbers as
 * Wireshark shows them (tcp.stream, tcp.seq relative to the first sequence number seen in each
 * direction), and the application dissector by port.
 */
final class Tcp {

    private Tcp() {
    }

    static void tcp(Dissection d, int p, int end, String src, String dst) {
        d.column("TCP", "");
        if (end - p < 20) {
            Field tcp = d.layer("tcp", "Transmission Control Protocol", p, end - p);
            if (end - p >= 4) {
                d.uint(tcp, "tcp.srcport", "Source Port", p, 2, d.u16(p));
                d.uint(tcp, "tcp.dstport", "Destination Port", p + 2, 2, d.u16(p + 2));
            }
            d.malformed(tcp, "truncated TCP header", p);
            return;
        }
        int sport = d.u16(p);
        int dport = d.u16(p + 2);
        long seq = d.u32(p + 4);
        long ack = d.u32(p + 8);
        int headerLength = (d.u8(p + 12) >>> 4) * 4;
        int flags = d.u16(p + 12) & 0x0FFF;
        int window = d.u16(p + 14);
        int payloadStart = p + Math.max(20, headerLength);
        int payloadLength = Math.max(0, end - Math.min(end, payloadStart));
        TcpStreams.Stream stream = d.state().tcpStreams().stream(src, sport, dst, dport, d.isQuoted());
        boolean forward = stream == null || stream.isForward(src, sport);
        long relSeq = stream == null ? seq : stream.relativeSeq(forward, seq, (flags & 0x02) != 0);
        long relAck = stream == null ? ack : stream.relativeAck(forward, ack);
        Field tcp = d.layer("tcp", "Transmission Control Protocol, Src Port: " + sport + ", Dst Port: " + dport
                + ", Seq: " + relSeq + ", Len: " + payloadLength, p,
                Math.min(Math.max(20, headerLength), end - p));
        d.uint(tcp, "tcp.srcport", "Source Port", p, 2, sport);
        d.uint(tcp, "tcp.dstport", "Destination Port", p + 2, 2, dport);
        d.uint(tcp, "tcp.port", "Source or Destination Port", p, 2, sport);
        d.uint(tcp, "tcp.port", "Source or Destination Port", p + 2, 2, dport);
        if (stream != null) {
            d.generated(tcp, "tcp.stream", "Stream index", (long) stream.index(), Integer.toString(stream.index()));
        }
        d.generated(tcp, "tcp.len", "TCP Segment Len", (long) payloadLength, Integer.toString(payloadLength));
        d.uint(tcp, "tcp.seq", "Sequence Number (relative)", p + 4, 4, relSeq);
        d.uint(tcp, "tcp.seq_raw", "Sequence Number (raw)", p + 4, 4, seq);
        if ((flags & 0x10) != 0) {
            d.uint(tcp, "tcp.ack", "Acknowledgment Number (relative)", p + 8, 4, relAck);
        }
        d.uint(tcp, "tcp.ack_raw", "Acknowledgment number (raw)", p + 8, 4, ack);
        d.uint(tcp, "tcp.hdr_len", "Header Length", p + 12, 1, headerLength);
        d.hex(tcp, "tcp.flags", "Flags", p + 12, 2, flags, 3);
        d.bool(tcp, "tcp.flags.ack", "Acknowledgment", p + 13, 1, (flags & 0x10) != 0);
        d.bool(tcp, "tcp.flags.push", "Push", p + 13, 1, (flags & 0x08) != 0);
        d.bool(tcp, "tcp.flags.reset", "Reset", p + 13, 1, (flags & 0x04) != 0);
        d.bool(tcp, "tcp.flags.syn", "Syn", p + 13, 1, (flags & 0x02) != 0);
        d.bool(tcp, "tcp.flags.fin", "Fin", p + 13, 1, (flags & 0x01) != 0);
        d.uint(tcp, "tcp.window_size_value", "Window", p + 14, 2, window);
        d.hex(tcp, "tcp.checksum", "Checksum", p + 16, 2, d.u16(p + 16), 4);
        d.uint(tcp, "tcp.urgent_pointer", "Urgent Pointer", p + 18, 2, d.u16(p + 18));
        d.sourcePort = sport;
        d.destinationPort = dport;
        d.transport = "tcp";
        if (headerLength < 20) {
            d.malformed(tcp, "header length " + headerLength + " below 20", p + 12);
            return;
        }
        if (payloadStart > end) {
            d.malformed(tcp, "options run past the segment", p + 20);
            return;
        }
        if (headerLength > 20) {
            d.bytes(tcp, "tcp.options", "Options", p + 20, headerLength - 20);
        }
        if (stream != null && !d.isQuoted()) {
            String note = stream.analyse(forward, seq, payloadLength, flags);
            if (note != null) {
                d.expert(tcp, Field.Severity.NOTE, note, p + 4, 4);
            }
        }
        d.info(sport + " → " + dport + " " + flagText(flags) + "Seq=" + relSeq
                + ((flags & 0x10) != 0 ? " Ack=" + relAck : "") + " Win=" + window + " Len=" + payloadLength);
        if (payloadLength > 0) {
            Applications.tcpPayload(d, payloadStart, end, sport, dport, stream, forward);
        }
    }

    private static String flagText(int flags) {
        StringBuilder sb = new StringBuilder("[");
        String[] names = {"FIN", "SYN", "RST", "PSH", "ACK", "URG", "ECE", "CWR"};
        int[] order = {1, 0, 2, 3, 4, 5, 6, 7};
        for (int i : order) {
            if ((flags & (1 << i)) != 0) {
                sb.append(sb.length() > 1 ? ", " : "").append(names[i]);
            }
        }
        return sb.length() > 1 ? sb.append("] ").toString() : "";
    }
}
