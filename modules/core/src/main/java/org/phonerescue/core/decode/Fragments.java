package org.phonerescue.core.decode;

import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * IPv4 fragment reassembly (RFC 791 §3.2; RFC 815's hole-list idea). Fragments of one datagram
 * are keyed by source, destination, protocol and identification; a datagram is complete when the
 * last fragment (more-fragments clear) has arrived and the pieces cover it without a hole, in any
 * arrival order. Overlapping pieces keep the bytes that came first, and a conflict is reported.
 * Memory is bounded: a datagram is at most 65 535 bytes, at most {@link #MAX_DATAGRAMS} are
 * pending, and a pending one expires {@link #TIMEOUT_SECONDS} after its first fragment
 * (RFC 1122 §3.3.2 recommends 60 to 120 s).
 */
public final class Fragments {

    static final int MAX_DATAGRAMS = 1024;
    static final long TIMEOUT_SECONDS = 60;

    /** The outcome of adding a fragment. */
    public record Result(byte[] datagramPayload, long firstFrame, int fragments, boolean overlapConflict) {
        /** Whether this fragment completed the datagram. */
        public boolean complete() {
            return datagramPayload != null;
        }
    }

    private record Key(String source, String destination, int protocol, int id) {
    }

    private static final class Pending {
        final long firstFrame;
        final long firstSecond;
        final TreeMap<Integer, byte[]> pieces = new TreeMap<>();
        int total = -1;
        int count;

        Pending(long firstFrame, long firstSecond) {
            this.firstFrame = firstFrame;
            this.firstSecond = firstSecond;
        }
    }

    private final Map<Key, Pending> pending = new LinkedHashMap<>();

    /**
     * Adds a fragment's payload at byte {@code offset} of the datagram's payload.
     *
     * @param second the packet's capture time in seconds, for expiry
     */
    public Result add(String source, String destination, int protocol, int id, int offset, byte[] piece,
                      boolean more, long frame, long second) {
        expire(second);
        Key key = new Key(source, destination, protocol, id);
        Pending p = pending.get(key);
        if (p == null) {
            while (pending.size() >= MAX_DATAGRAMS) {
                Iterator<Key> oldest = pending.keySet().iterator();
                oldest.next();
                oldest.remove();
            }
            p = new Pending(frame, second);
            pending.put(key, p);
        }
        p.count++;
        boolean conflict = false;
        if (offset + piece.length > 65535) {
            piece = Arrays.copyOf(piece, Math.max(0, 65535 - offset));
        }
        // Compare with pieces already there: same bytes is a harmless duplicate, different is a conflict.
        for (Map.Entry<Integer, byte[]> e : p.pieces.subMap(0, true, offset + piece.length, false).entrySet()) {
            int start = Math.max(offset, e.getKey());
            int stop = Math.min(offset + piece.length, e.getKey() + e.getValue().length);
            for (int i = start; i < stop; i++) {
                if (piece[i - offset] != e.getValue()[i - e.getKey()]) {
                    conflict = true;
                    break;
                }
            }
        }
        p.pieces.merge(offset, piece, (old, neu) -> old.length >= neu.length ? old : neu);
        if (!more) {
            p.total = offset + piece.length;
        }
        if (p.total < 0) {
            return new Result(null, p.firstFrame, p.count, conflict);
        }
        byte[] whole = new byte[p.total];
        boolean[] have = new boolean[p.total];
        // Lay pieces out latest first, then earlier ones on top: the first bytes received win.
        for (Map.Entry<Integer, byte[]> e : p.pieces.descendingMap().entrySet()) {
            int start = e.getKey();
            byte[] data = e.getValue();
            for (int i = 0; i < data.length && start + i < p.total; i++) {
                whole[start + i] = data[i];
                have[start + i] = true;
            }
        }
        for (boolean h : have) {
            if (!h) {
                return new Result(null, p.firstFrame, p.count, conflict);
            }
        }
        pending.remove(key);
        return new Result(whole, p.firstFrame, p.count, conflict);
    }

    private void expire(long second) {
        Iterator<Pending> it = pending.values().iterator();
        while (it.hasNext()) {
            Pending p = it.next();
            if (second - p.firstSecond > TIMEOUT_SECONDS) {
                it.remove();
            } else {
                break; // insertion order: the rest are younger
            }
        }
    }

    /** Datagrams waiting for more fragments. */
    public int pending() {
        return pending.size();
    }
}
