package org.phonerescue.core.decode;

import java.util.HashMap;
import java.util.Map;

/**
 * TCP connections seen in a capture, numbered in order of appearance like Wireshark's
 * tcp.stream, with each direction's initial sequence number (for relative numbers) and the
 * highest sequence number sent (to tell retransmissions and out-of-order segments).
 */
public final class TcpStreams {

    /** One connection; "forward" is the direction of its first segment. */
    public static final class Stream {
        private final int index;
        private final String address;
        private final int port;
        private final long[] base = {-1, -1};
        private final long[] nextSeq = {-1, -1};
        private long retransmissions;
        private long outOfOrder;

        Stream(int index, String address, int port) {
            this.index = index;
            this.address = address;
            this.port = port;
        }

        public int index() {
            return index;
        }

        boolean isForward(String src, int sport) {
            return src.equals(address) && sport == port;
        }

        long relativeSeq(boolean forward, long seq, boolean syn) {
            int i = forward ? 0 : 1;
            if (base[i] < 0) {
                base[i] = seq;
            }
            return (seq - base[i]) & 0xFFFFFFFFL;
        }

        long relativeAck(boolean forward, long ack) {
            int i = forward ? 1 : 0;
            return base[i] < 0 ? ack : (ack - base[i]) & 0xFFFFFFFFL;
        }

        /**
         * Notes a segment; returns "retransmission" or "out-of-order" when it does not continue
         * the direction's data (sequence arithmetic modulo 2^32, RFC 9293 §3.4), else null.
         */
        String analyse(boolean forward, long seq, int length, int flags) {
            int i = forward ? 0 : 1;
            int consumed = length + ((flags & 0x02) != 0 ? 1 : 0) + ((flags & 0x01) != 0 ? 1 : 0);
            String note = null;
            if (nextSeq[i] >= 0 && consumed > 0) {
                int diff = (int) (seq - nextSeq[i]);
                if (diff < 0) {
                    int end = (int) (seq + consumed - nextSeq[i]);
                    if (end <= 0) {
                        retransmissions++;
                        note = "This frame is a (suspected) retransmission";
                    } else {
                        outOfOrder++;
                        note = "This frame is a (suspected) out-of-order segment";
                    }
                }
            }
            long segmentEnd = (seq + consumed) & 0xFFFFFFFFL;
            if (nextSeq[i] < 0 || (int) (segmentEnd - nextSeq[i]) > 0) {
                nextSeq[i] = segmentEnd;
            }
            return note;
        }

        public long retransmissions() {
            return retransmissions;
        }

        public long outOfOrder() {
            return outOfOrder;
        }
    }

    private record Key(String a, int aPort, String b, int bPort) {
        static Key of(String src, int sport, String dst, int dport) {
            // one key for both directions: the lower endpoint first
            int c = src.compareTo(dst);
            return c < 0 || c == 0 && sport <= dport ? new Key(src, sport, dst, dport) : new Key(dst, dport, src, sport);
        }
    }

    private final Map<Key, Stream> streams = new HashMap<>();

    /** The stream of a segment; created on first sight unless {@code lookupOnly} (quoted data). */
    Stream stream(String src, int sport, String dst, int dport, boolean lookupOnly) {
        Key key = Key.of(src, sport, dst, dport);
        Stream s = streams.get(key);
        if (s == null && !lookupOnly) {
            s = new Stream(streams.size(), src, sport);
            streams.put(key, s);
        }
        return s;
    }

    public int size() {
        return streams.size();
    }
}
