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

    /** Bytes held ahead of a gap. */
    public int pendingBytes() {
        return pendingBytes;
    }
}
