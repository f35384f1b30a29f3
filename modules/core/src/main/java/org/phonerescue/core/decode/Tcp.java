package org.phonerescue.core.decode;

import org.phonerescue.core.decode.tcp.StreamContext;
import org.phonerescue.core.decode.tcp.TcpConversation;
import org.phonerescue.core.decode.tcp.TcpOptions;
import org.phonerescue.core.decode.tcp.TcpReassembler;

/**
 * TCP (RFC 9293 §3.1): header fields and options, the stream index and relative sequence numbers
 * as Wireshark shows them, the sequence analysis (retransmissions, out-of-order and lost
 * segments, duplicate ACKs …, see {@link TcpStreams}), and the application data through the
 * reassembler ({@link TcpReassembler}) to the protocol {@link Applications} chooses.
 */
final class Tcp {

    private static final int FIN = 0x01;
    private static final int SYN = 0x02;
    private static final int RST = 0x04;
    private static final int ACK = 0x10;

    private Tcp() {
    }

    static void tcp(Dissection d, Field ip, int p, int end, String src, String dst) {
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
        int capturedPayload = Math.max(0, end - Math.min(end, payloadStart));
        int missing = missingBytes(d, end);
        int payloadLength = capturedPayload + missing;
        boolean syn = (flags & SYN) != 0;
        boolean fin = (flags & FIN) != 0;
        TcpStreams.Stream stream = d.state().tcpStreams().stream(src, sport, dst, dport, d.isQuoted(),
                syn && (flags & ACK) == 0, seq);
        boolean forward = stream == null || stream.isForward(src, sport);
        long relSeq = stream == null ? seq : stream.relativeSeq(forward, seq, syn);
        long relAck = stream == null ? ack : stream.relativeAck(forward, ack, (flags & ACK) != 0);
        Field tcp = d.layer("tcp", "Transmission Control Protocol, Src Port: " + sport + ", Dst Port: " + dport
                + ", Seq: " + relSeq + ((flags & ACK) != 0 ? ", Ack: " + relAck : "") + ", Len: " + payloadLength, p,
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
        long nextSeq = (relSeq + payloadLength + (syn || fin ? 1 : 0)) & 0xFFFFFFFFL;
        d.generated(tcp, "tcp.nxtseq", "Next Sequence Number (relative)", nextSeq, Long.toString(nextSeq));
        // Wireshark shows 0 when the ACK flag is off (the field is not in use, RFC 9293 §3.1)
        d.uint(tcp, "tcp.ack", "Acknowledgment Number (relative)", p + 8, 4, (flags & ACK) != 0 ? relAck : 0);
        d.uint(tcp, "tcp.ack_raw", "Acknowledgment number (raw)", p + 8, 4, ack);
        d.uint(tcp, "tcp.hdr_len", "Header Length", p + 12, 1, headerLength);
        d.hex(tcp, "tcp.flags", "Flags", p + 12, 2, flags, 3);
        d.bool(tcp, "tcp.flags.ack", "Acknowledgment", p + 13, 1, (flags & ACK) != 0);
        d.bool(tcp, "tcp.flags.push", "Push", p + 13, 1, (flags & 0x08) != 0);
        d.bool(tcp, "tcp.flags.reset", "Reset", p + 13, 1, (flags & RST) != 0);
        d.bool(tcp, "tcp.flags.syn", "Syn", p + 13, 1, syn);
        d.bool(tcp, "tcp.flags.fin", "Fin", p + 13, 1, fin);
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
        StringBuilder optionText = new StringBuilder();
        int windowShift = -1;
        if (headerLength > 20) {
            d.bytes(tcp, "tcp.options", "Options", p + 20, headerLength - 20);
            windowShift = TcpOptions.dissect(d, tcp, p + 20, payloadStart, optionText);
        }
        long scaledWindow = window;
        int analysis = 0;
        if (stream != null && !d.isQuoted()) {
            long nanos = d.packet().hasTimestamp() ? d.packet().epochSecond() * 1_000_000_000L + d.packet().nanos() : 0;
            analysis = stream.analyse(forward, relSeq, relAck, payloadLength, flags, window, nanos, d.packet().number());
            if (syn) {
                stream.conversation().synSeen(forward, (flags & ACK) != 0);
                stream.conversation().flow(forward).syn(relSeq);
                stream.windowScale(forward, windowShift);
            } else {
                scaledWindow = stream.scaledWindow(forward, window);
            }
            if (analysis != 0) {
                TcpStreams.analysisFields(d, tcp, analysis, stream, p);
            }
        }
        d.generated(tcp, "tcp.window_size", "Calculated window size", scaledWindow, Long.toString(scaledWindow));
        String summary = sport + " → " + dport + " " + flagText(flags) + "Seq=" + relSeq
                + ((flags & ACK) != 0 ? " Ack=" + relAck : "") + " Win=" + scaledWindow + " Len=" + payloadLength
                + optionText;
        d.info(summary);
        if (capturedPayload > 0 || fin && stream != null) {
            payload(d, tcp, stream, forward, relSeq, payloadStart, end, fin, missing, analysis);
        }
        if (analysis != 0) {
            d.info(TcpStreams.analysisPrefix(analysis, stream) + d.info());
        }
    }

    private static void payload(Dissection d, Field tcp, TcpStreams.Stream stream, boolean forward, long relSeq,
                                int p, int end, boolean fin, int missing, int analysis) {
        if (stream == null) {
            // quoted inside an ICMP error: no stream state may change
            if (end > p) {
                LinkLayers.data(d, p, end);
            }
            return;
        }
        TcpStreams streams = d.state().tcpStreams();
        boolean inOrder = streams.reassembleOutOfOrder();
        TcpConversation conversation = stream.conversation();
        StreamContext ctx = StreamContext.of(conversation, forward, missing == 0, fin, tcp);
        if (!inOrder && (analysis & TcpStreams.NOT_DELIVERED) != 0) {
            // tcp.no_subdissector_on_error: a retransmitted or out-of-order segment is not dissected
            // on its own; but an out-of-order one (it crossed its successor on the way) and a fast
            // retransmission still fill their hole in the PDU in progress, as in Wireshark.
            if ((analysis & TcpStreams.FILLS_HOLE) != 0 && missing == 0) {
                TcpReassembler.holeFiller(d, Applications.TCP, ctx, relSeq, p, end);
            }
            return;
        }
        TcpReassembler.segment(d, Applications.TCP, ctx, relSeq, p, end, fin, missing == 0, inOrder);
    }

    /**
     * Bytes of the segment the capture did not keep (snaplen): tcp.len is the length on the wire,
     * which the IP header's length gives (RFC 791 total length, RFC 8200 payload length).
     */
    private static int missingBytes(Dissection d, int end) {
        // read from the bytes, not from the ip layer node: a fields-only decoding builds no such node
        int at = d.ipHeaderOffset();
        if (at < 0 || d.bytes() != d.packet().data() || end != d.end()) {
            return 0;
        }
        if (at + 6 > d.end()) {
            return 0;
        }
        int version = d.u8(at) >>> 4;
        long reportedEnd;
        if (version == 4) {
            reportedEnd = at + d.u16(at + 2);
        } else if (version == 6) {
            reportedEnd = at + 40L + d.u16(at + 4);
        } else {
            return 0;
        }
        return (int) Math.max(0, Math.min(reportedEnd - end, d.packet().originalLength() - d.packet().capturedLength()));
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
