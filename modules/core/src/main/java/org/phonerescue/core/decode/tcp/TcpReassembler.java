package org.phonerescue.core.decode.tcp;

import org.phonerescue.core.decode.Dissection;
import org.phonerescue.core.decode.Field;

/**
 * Hands a TCP segment's data to the application protocol as Wireshark's TCP desegmentation does
 * (RFC 9293 §3.4: a message may span segments, and a segment may hold several messages):
 *
 * <ul>
 *   <li>data that starts no PDU in progress is given to the protocol as it is; if the protocol
 *       asks for more, the rest of the segment starts a multi-segment PDU;</li>
 *   <li>a segment inside a PDU in progress is added to it at its sequence offset; the segment
 *       that completes the PDU gets it whole, as a reassembled data source of its packet, and any
 *       bytes after the PDU's end are dissected in turn;</li>
 *   <li>the other segments show as "TCP" with "[TCP segment of a reassembled PDU]".</li>
 * </ul>
 *
 * <p>By default, like tshark 4.0, segments go in arrival order and the TCP layer keeps
 * retransmissions and out-of-order segments from the protocol; with out-of-order reassembly on,
 * segments are put in sequence order first: data ahead of a gap waits (bounded) until the gap is
 * filled, retransmitted bytes are dropped, and overlapping bytes keep their first copy.
 */
public final class TcpReassembler {

    private static final String SEGMENT_NOTE = " [TCP segment of a reassembled PDU]";

    private TcpReassembler() {
    }

    /**
     * Takes the payload {@code d.bytes()[p, end)} of one segment.
     *
     * @param dispatch    chooses and runs the protocol; never returns 0 (it falls back to raw data)
     * @param seq         relative sequence number of byte {@code p}
     * @param fin         whether the segment carries FIN
     * @param desegment   whether PDUs may span segments here (not when the capture cut the segment)
     * @param inOrder     whether to put segments in sequence order first
     */
    public static void segment(Dissection d, StreamProtocol dispatch, StreamContext ctx, long seq, int p, int end,
                               boolean fin, boolean desegment, boolean inOrder) {
        TcpFlow flow = ctx.conversation.flow(ctx.forward);
        long frame = d.packet().number();
        if (!inOrder || !desegment) {
            deliver(d, dispatch, ctx, flow, seq, p, end, fin, desegment, frame);
            return;
        }
        int length = end - p;
        if (!flow.expectedSet) {
            flow.expected = seq;
            flow.expectedSet = true;
        }
        long ahead = (int) (seq - flow.expected);
        if (ahead > 0) {
            ReassemblyBudget budget = ctx.conversation.budget();
            int granted = flow.pendingBytes + length <= TcpFlow.MAX_PENDING_BYTES ? budget.take(length) : 0;
            if (granted == length) {
                byte[] copy = java.util.Arrays.copyOfRange(d.bytes(), p, end);
                flow.pending.add(new TcpFlow.Piece(seq, copy, fin, d.packet().number()));
                flow.pendingBytes += length;
                if (length > 0) {
                    segmentOfPdu(d, ctx);
                }
                return;
            }
            // The gap will not be filled within the bound: give up on it and go on from here.
            budget.give(granted + flow.pendingBytes);
            flow.pending.clear();
            flow.pendingBytes = 0;
            if (flow.pdu != null) {
                flow.pdu.release();
                flow.pdu = null;
            }
            flow.expected = seq;
            ahead = 0;
        }
        if (ahead < 0) {
            long fresh = length + ahead;
            if (fresh <= 0 && !(fin && fresh == 0)) {
                // nothing new: a retransmission of delivered bytes, part of the PDU in progress if any
                Pdu pdu = flow.pdu;
                if (pdu != null && length > 0 && pdu.covers(pdu.offset(seq))) {
                    pdu.add(pdu.offset(seq), d.bytes(), p, length, frame);
                    segmentOfPdu(d, ctx);
                }
                return;
            }
            p += (int) -ahead;
            seq = flow.expected;
        }
        deliver(d, dispatch, ctx, flow, seq, p, end, fin, true, frame);
        flow.expected = seq + (end - p);
        drain(d, dispatch, ctx, flow);
    }

    /**
     * An out-of-order segment when segments go in arrival order: its bytes that belong to the PDU
     * in progress are added there (the PDU is dissected if they complete it), as Wireshark adds
     * any segment inside a multi-segment PDU at its offset; anything else of it is not dissected.
     */
    public static void holeFiller(Dissection d, StreamProtocol dispatch, StreamContext ctx, long seq, int p, int end) {
        TcpFlow flow = ctx.conversation.flow(ctx.forward);
        Pdu pdu = flow.pdu;
        if (pdu == null || end <= p || !pdu.covers(pdu.offset(seq))) {
            return;
        }
        int take = pdu.take(pdu.offset(seq), end - p);
        deliver(d, dispatch, ctx, flow, seq, p, p + take, false, true, d.packet().number());
    }

    /** Delivers the waiting segments that the sequence has now reached. */
    private static void drain(Dissection d, StreamProtocol dispatch, StreamContext ctx, TcpFlow flow) {
        boolean progress = true;
        while (progress && !flow.pending.isEmpty()) {
            progress = false;
            for (int i = 0; i < flow.pending.size(); i++) {
                TcpFlow.Piece piece = flow.pending.get(i);
                long ahead = (int) (piece.seq() - flow.expected);
                if (ahead > 0) {
                    continue;
                }
                flow.pending.remove(i);
                flow.pendingBytes -= piece.bytes().length;
                ctx.conversation.budget().give(piece.bytes().length);
                progress = true;
                long fresh = piece.bytes().length + ahead;
                if (fresh > 0 || piece.fin() && fresh == 0) {
                    byte[] bytes = java.util.Arrays.copyOfRange(piece.bytes(), (int) -ahead, piece.bytes().length);
                    long seq = flow.expected;
                    d.reassembled(bytes, () -> deliver(d, dispatch, ctx, flow, seq, 0, bytes.length, piece.fin(), true,
                            piece.frame()));
                    flow.expected = seq + bytes.length;
                }
                break;
            }
        }
    }

    /** Delivers {@code d.bytes()[p, end)}, which frame {@code frame} carried, at sequence number {@code seq}. */
    private static void deliver(Dissection d, StreamProtocol dispatch, StreamContext ctx, TcpFlow flow, long seq,
                                int p, int end, boolean fin, boolean desegment, long frame) {
        while (true) {
            int length = end - p;
            Pdu pdu = flow.pdu;
            long offset = pdu != null ? pdu.offset(seq) : -1;
            if (pdu != null && desegment && pdu.covers(offset)) {
                int take = pdu.take(offset, length);
                pdu.add(offset, d.bytes(), p, take, frame);
                boolean finHere = fin && take == length;
                pdu.finSeen |= finHere;
                if (!pdu.complete()) {
                    if (take > 0) {
                        segmentOfPdu(d, ctx);
                    }
                    return;
                }
                flow.pdu = null;
                byte[] data = pdu.assemble();
                ctx.reset(pdu.missing() == 0, finHere, pdu.missing());
                d.reassembled(data, () -> dispatch.dissect(d, 0, data.length, ctx));
                if (ctx.wantsMore()) {
                    flow.pdu = pdu.rest(ctx.desegmentOffset, ctx.desegmentLength);
                    pdu.release();
                    if (ctx.desegmentOffset == 0) {
                        segmentOfPdu(d, ctx);
                    } else {
                        listSegments(d, ctx, pdu, ctx.desegmentOffset);
                    }
                } else {
                    pdu.release();
                    listSegments(d, ctx, pdu, pdu.size());
                }
                if (take < length) {
                    p += take;
                    seq += take;
                    continue;
                }
                return;
            }
            if (length == 0) {
                return;
            }
            ctx.reset(desegment, fin, 0);
            dispatch.dissect(d, p, end, ctx);
            if (ctx.wantsMore()) {
                int from = Math.max(p, Math.min(end, ctx.desegmentOffset));
                if (flow.pdu != null) {
                    flow.pdu.release(); // a PDU in progress that this data did not belong to
                }
                Pdu next = new Pdu(seq + (from - p), ctx.conversation.budget());
                next.add(0, d.bytes(), from, end - from, frame);
                next.expect(ctx.desegmentLength);
                flow.pdu = next;
                if (from == p) {
                    segmentOfPdu(d, ctx);
                }
            }
            return;
        }
    }

    /** A segment whose data waits for the rest of its PDU: shown as TCP, as Wireshark does. */
    private static void segmentOfPdu(Dissection d, StreamContext ctx) {
        d.protocolColumn("TCP");
        if (d.info().isEmpty()) {
            d.info(SEGMENT_NOTE.substring(1));
        } else if (!d.info().endsWith(SEGMENT_NOTE.substring(1))) {
            d.info(d.info() + SEGMENT_NOTE);
        }
    }

    /** Wireshark's "[N Reassembled TCP Segments (X bytes): #a(n), #b(m)]" under the TCP layer. */
    private static void listSegments(Dissection d, StreamContext ctx, Pdu pdu, long size) {
        Field tcp = ctx.tcpLayer;
        if (tcp == null || pdu.listed() < 1) {
            return;
        }
        StringBuilder title = new StringBuilder();
        title.append(pdu.segments()).append(" Reassembled TCP Segments (").append(size).append(" bytes): ");
        for (int i = 0; i < pdu.listed(); i++) {
            title.append(i > 0 ? ", " : "").append('#').append(pdu.listedFrame(i)).append('(')
                    .append(pdu.listedLength(i)).append(')');
        }
        Field segments = d.text(tcp, "tcp.segments", "[" + title + "]", -1, 0);
        for (int i = 0; i < pdu.listed(); i++) {
            d.generated(segments, "tcp.segment", "Frame", pdu.listedFrame(i), Long.toString(pdu.listedFrame(i)));
        }
        d.generated(segments, "tcp.segment.count", "Segment count", pdu.segments(), Long.toString(pdu.segments()));
        d.generated(segments, "tcp.reassembled.length", "Reassembled TCP length", size, Long.toString(size));
    }
}
