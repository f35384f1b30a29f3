package org.phonerescue.core.decode.tcp;

import java.util.ArrayList;
import java.util.List;

/**
 * One direction of a connection as the reassembler sees it: the PDU being put together from
 * several segments, and (when segments are reassembled in sequence order) the next sequence
 * number due and the segments that arrived ahead of a gap.
 */
public final class TcpFlow {

    /** Bytes held for segments ahead of a gap, per direction. */
    static final int MAX_PENDING_BYTES = 4 << 20;

    /** A segment that arrived ahead of a gap, kept until the gap is filled. */
    record Piece(long seq, byte[] bytes, boolean fin, long frame) {
    }

    Pdu pdu;
    long expected;
    boolean expectedSet;
    final List<Piece> pending = new ArrayList<>();
    int pendingBytes;

    TcpFlow() {
    }

    /** A SYN at {@code seq}: the data of this direction starts at the next sequence number. */
    public void syn(long seq) {
        if (!expectedSet) {
            expected = (seq + 1) & 0xFFFFFFFFL;
            expectedSet = true;
        }
    }

    /** Whether a PDU is being put together in this direction. */
    public boolean reassembling() {
        return pdu != null;
    }

    /**
     * A PDU the protocol asked for that has not come together (yet): at the end of a capture,
     * what a message cut short carried.
     *
     * @param start relative sequence number of its first byte
     * @param bytes its bytes from the start without a hole, as far as the reassembly bound kept them
     * @param size  bytes received from the start without a hole (more than {@code bytes} over the bound)
     */
    public record PduInProgress(long start, byte[] bytes, long size) {
    }

    /** The PDU being put together in this direction, or null. */
    public PduInProgress pduInProgress() {
        return pdu == null ? null : new PduInProgress(pdu.start, pdu.assemble(), pdu.size());
    }

    boolean holdsData() {
        return pdu != null || pendingBytes > 0;
    }

    /** Gives what this direction holds back to the budget. */
    void release(ReassemblyBudget budget) {
        if (pdu != null) {
            pdu.release();
            pdu = null;
        }
        budget.give(pendingBytes);
        pending.clear();
        pendingBytes = 0;
    }

    /** Bytes held ahead of a gap. */
    public int pendingBytes() {
        return pendingBytes;
    }
}
