package org.phonerescue.core.transfer;

import java.util.ArrayList;
import java.util.List;

/**
 * What the decoder's TCP sequence analysis (RFC 9293 §3.4, as Wireshark's tcp.analysis.* reports
 * it) found on the direction of a transfer that carried the file: from the server for a download,
 * from the client for an upload. TCP repairs these losses itself; many of them tell of a lossy or
 * congested path, as repeated blocks do for TFTP.
 *
 * @param retransmissions segments of the data direction sent again (tcp.analysis.retransmission,
 *                        also the fast and spurious ones, which tshark counts under that name too)
 * @param outOfOrder      segments of the data direction that came after a later one (tcp.analysis.out_of_order)
 * @param duplicateAcks   duplicate ACKs from the receiving end (tcp.analysis.duplicate_ack)
 * @param frames          frames of the first of these segments, for evidence (at most {@value #MAX_FRAMES})
 */
public record TcpAnalysis(long retransmissions, long outOfOrder, long duplicateAcks, List<Long> frames) {

    /** Frames kept for evidence. */
    public static final int MAX_FRAMES = 10;

    public static final TcpAnalysis NONE = new TcpAnalysis(0, 0, 0, List.of());

    public TcpAnalysis {
        frames = List.copyOf(frames);
    }

    /** Counts while the capture is read. */
    static final class Counter {
        private long retransmissions;
        private long outOfOrder;
        private long duplicateAcks;
        private final List<Long> frames = new ArrayList<>();

        /** A segment of the transfer's connection: {@code dataDirection} when it goes the way the file does. */
        void segment(TcpSegment s, long frame, boolean dataDirection) {
            boolean counted = false;
            if (dataDirection && s.retransmission()) {
                retransmissions++;
                counted = true;
            }
            if (dataDirection && s.outOfOrder()) {
                outOfOrder++;
                counted = true;
            }
            if (!dataDirection && s.duplicateAck()) {
                duplicateAcks++;
                counted = true;
            }
            if (counted && frames.size() < MAX_FRAMES) {
                frames.add(frame);
            }
        }

        void add(Counter other) {
            retransmissions += other.retransmissions;
            outOfOrder += other.outOfOrder;
            duplicateAcks += other.duplicateAcks;
            for (Long f : other.frames) {
                if (frames.size() < MAX_FRAMES) {
                    frames.add(f);
                }
            }
        }

        TcpAnalysis result() {
            return retransmissions == 0 && outOfOrder == 0 && duplicateAcks == 0 ? NONE
                    : new TcpAnalysis(retransmissions, outOfOrder, duplicateAcks, frames);
        }
    }
}
