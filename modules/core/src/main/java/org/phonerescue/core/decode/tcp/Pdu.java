package org.phonerescue.core.decode.tcp;

import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/**
 * A PDU being put together from TCP segments (Wireshark's multi-segment PDU): where it starts in
 * the sequence space, how long it will be (known, "one more segment", or until FIN), the bytes
 * received without a hole from its start, and pieces received after a hole. The first copy of a
 * byte wins when segments overlap. Memory is bounded: at most {@link ReassemblyBudget#perPdu()} bytes are kept
 * (the rest is counted, and the protocol sees a shortened PDU as if the capture had cut it) and at
 * most {@link #MAX_LISTED} segments are listed.
 */
final class Pdu {

    static final int MAX_LISTED = 4096;
    static final long UNTIL_FIN = Long.MAX_VALUE;

    /** Relative sequence number of the first byte. */
    final long start;
    /** Length expected, {@link #UNTIL_FIN}, or unknown with {@link #oneMore}. */
    long length;
    boolean oneMore;
    private byte[] data = new byte[2048];
    private int kept;
    /** Bytes received without a hole from the start. */
    private long contiguous;
    private final TreeMap<Long, byte[]> later = new TreeMap<>();
    private long laterBytes;
    private long[] listedFrames = new long[16];
    private int[] listedLengths = new int[16];
    private long[] listedOffsets = new long[16];
    private int listed;
    private long segments;
    boolean finSeen;

    private final ReassemblyBudget budget;
    /** Bytes this PDU keeps at most. */
    private final int maxKept;

    Pdu(long start, ReassemblyBudget budget) {
        this.start = start;
        this.budget = budget;
        this.maxKept = budget.perPdu();
    }

    /** Gives the bytes this PDU holds back to the budget; the PDU is not used afterwards. */
    void release() {
        budget.give(kept + laterBytes);
        kept = 0;
        laterBytes = 0;
        later.clear();
    }

    /** Offset of a sequence number from the start, modulo 2^32; negative when before the start. */
    long offset(long seq) {
        return (int) (seq - start);
    }

    /** Whether a segment starting at {@code offset} belongs to this PDU. */
    boolean covers(long offset) {
        if (offset < 0) {
            return false;
        }
        if (oneMore) {
            return offset <= contiguous;
        }
        return offset < length || length == UNTIL_FIN;
    }

    /** How many of {@code available} bytes at {@code offset} belong to this PDU. */
    int take(long offset, int available) {
        if (oneMore || length == UNTIL_FIN) {
            return available;
        }
        return (int) Math.min(available, length - offset);
    }

    /** Adds a segment's bytes at {@code offset}. */
    void add(long offset, byte[] src, int p, int count, long frame) {
        list(frame, offset, count);
        if (oneMore && count > 0) {
            length = Math.max(contiguous, offset + count);
            oneMore = false;
        }
        if (offset > contiguous) {
            if (laterBytes + count <= maxKept && !later.containsKey(offset)) {
                int granted = budget.take(count);
                if (granted == count) {
                    later.put(offset, Arrays.copyOfRange(src, p, p + count));
                    laterBytes += count;
                } else {
                    budget.give(granted);
                }
            }
            return;
        }
        append(offset, src, p, count);
        // pieces that arrived after a hole the new bytes closed
        Iterator<Map.Entry<Long, byte[]>> it = later.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<Long, byte[]> e = it.next();
            if (e.getKey() > contiguous) {
                break;
            }
            laterBytes -= e.getValue().length;
            budget.give(e.getValue().length);
            append(e.getKey(), e.getValue(), 0, e.getValue().length);
            it.remove();
        }
    }

    private void append(long offset, byte[] src, int p, int count) {
        long skip = contiguous - offset; // bytes already there: the first copy wins
        if (skip >= count) {
            return;
        }
        int fresh = (int) (count - skip);
        int from = (int) (p + skip);
        int keep = (int) Math.min(fresh, Math.max(0, maxKept - kept));
        if (keep > 0 && kept == contiguous) {
            keep = budget.take(keep);
        } else {
            keep = 0; // bytes were dropped before: what follows cannot be kept in place
        }
        if (keep > 0) {
            if (kept + keep > data.length) {
                data = Arrays.copyOf(data, (int) Math.min(maxKept, Math.max(kept + keep, 2L * data.length)));
            }
            System.arraycopy(src, from, data, kept, keep);
            kept += keep;
        }
        contiguous += fresh;
    }

    private void list(long frame, long offset, int count) {
        if (listed > 0 && listedFrames[listed - 1] == frame && count > 0
                && listedOffsets[listed - 1] + listedLengths[listed - 1] == offset) {
            listedLengths[listed - 1] += count; // the rest of a segment already listed
            return;
        }
        segments++;
        if (listed < MAX_LISTED && count > 0) {
            if (listed == listedFrames.length) {
                listedFrames = Arrays.copyOf(listedFrames, listed * 2);
                listedLengths = Arrays.copyOf(listedLengths, listed * 2);
                listedOffsets = Arrays.copyOf(listedOffsets, listed * 2);
            }
            listedFrames[listed] = frame;
            listedLengths[listed] = count;
            listedOffsets[listed] = offset;
            listed++;
        }
    }

    /** Whether every byte is there (a PDU that runs until FIN needs the FIN, without a hole). */
    boolean complete() {
        if (length == UNTIL_FIN) {
            return finSeen && later.isEmpty();
        }
        return !oneMore && contiguous >= length;
    }

    /** The PDU's bytes as kept (shorter than {@link #size()} when over the bound). */
    byte[] assemble() {
        long size = size();
        return Arrays.copyOf(data, (int) Math.min(kept, size));
    }

    /** The PDU's length. */
    long size() {
        return length == UNTIL_FIN || oneMore ? contiguous : Math.min(length, contiguous);
    }

    /** Bytes of the PDU that were not kept. */
    long missing() {
        return size() - Math.min(kept, size());
    }

    /** A new PDU made of this one's bytes from {@code offset} on, which the protocol needs more of. */
    Pdu rest(int offset, int more) {
        Pdu next = new Pdu(start + offset, budget);
        byte[] bytes = assemble();
        if (offset <= bytes.length) {
            next.data = Arrays.copyOfRange(bytes, offset, Math.max(offset + 2048, bytes.length));
            next.kept = bytes.length - offset;
        }
        budget.hold(next.kept); // the new PDU holds them now (this one is released by its caller)
        next.contiguous = size() - offset;
        for (int i = 0; i < listed; i++) {
            long end = listedOffsets[i] + listedLengths[i];
            if (end > offset) {
                long from = Math.max(offset, listedOffsets[i]);
                next.list(listedFrames[i], from - offset, (int) (end - from));
            }
        }
        next.expect(more);
        return next;
    }

    /** Sets how much more is needed after the bytes there now. */
    void expect(int more) {
        if (more == StreamContext.ONE_MORE_SEGMENT) {
            oneMore = true;
        } else if (more == StreamContext.UNTIL_FIN) {
            length = UNTIL_FIN;
        } else {
            length = contiguous + Math.max(1, more);
        }
    }

    int listed() {
        return listed;
    }

    long listedFrame(int i) {
        return listedFrames[i];
    }

    int listedLength(int i) {
        return listedLengths[i];
    }

    long segments() {
        return segments;
    }

    long firstFrame() {
        return listed > 0 ? listedFrames[0] : -1;
    }
}
