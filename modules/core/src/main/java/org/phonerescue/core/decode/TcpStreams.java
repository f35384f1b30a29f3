package org.phonerescue.core.decode;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import org.phonerescue.core.decode.tcp.ReassemblyBudget;
import org.phonerescue.core.decode.tcp.TcpConversation;

/**
 * TCP connections seen in a capture, numbered in order of appearance like Wireshark's
 * tcp.stream, with each direction's sequence-number analysis (RFC 9293 §3.4): relative
 * numbers, and the retransmissions, out-of-order segments, lost segments, duplicate ACKs,
 * window updates and keep-alives that Wireshark's TCP analysis reports. Each stream carries a
 * {@link TcpConversation}: the application protocol bound to it and its reassembly state.
 *
 * <p>Memory stays bounded however many connections a capture holds. A finished connection (both
 * FINs acknowledged, or a reset: RFC 9293 §3.6) lingers among the {@value #MAX_FINISHED} most
 * recently finished, for the segments that still come after the close, and is then forgotten;
 * at most {@value #MAX_STREAMS} connections are followed at once, and past that the least
 * recently active is forgotten unfinished and counted ({@link #forgottenUnfinished()}). A
 * forgotten connection leaves a small note (its stream number, its opening SYN, whether it
 * closed), the most recent {@value #MAX_STREAMS} of them, so that a later segment between the
 * same endpoints keeps its stream number and a SYN that opens them again is told apart as
 * Wireshark does; only its sequence analysis starts afresh.
 */
public final class TcpStreams {

    /** Analysis results of one segment (Wireshark's tcp.analysis.* flags). */
    static final int RETRANSMISSION = 1;
    static final int OUT_OF_ORDER = 1 << 1;
    static final int LOST_SEGMENT = 1 << 2;
    static final int KEEP_ALIVE = 1 << 3;
    static final int WINDOW_UPDATE = 1 << 4;
    static final int DUPLICATE_ACK = 1 << 5;
    static final int ACKED_UNSEEN = 1 << 6;
    static final int ZERO_WINDOW = 1 << 7;
    static final int ZERO_WINDOW_PROBE = 1 << 8;
    static final int KEEP_ALIVE_ACK = 1 << 9;
    static final int FAST_RETRANSMISSION = 1 << 10;
    static final int SPURIOUS_RETRANSMISSION = 1 << 11;
    static final int ZERO_WINDOW_PROBE_ACK = 1 << 12;
    static final int REUSED_PORTS = 1 << 13;

    /** Every kind of retransmission: Wireshark flags each of them tcp.analysis.retransmission too. */
    static final int ANY_RETRANSMISSION = RETRANSMISSION | FAST_RETRANSMISSION | SPURIOUS_RETRANSMISSION;

    /**
     * Segments that Wireshark keeps from the application dissectors (tcp.no_subdissector_on_error):
     * every retransmission, fast and spurious ones included (a request sent again because its
     * ACK was lost is not a second request), and out-of-order segments.
     */
    static final int NOT_DELIVERED = ANY_RETRANSMISSION | OUT_OF_ORDER;

    /**
     * Of those, the segments whose bytes Wireshark still adds to the PDU in progress, filling its
     * hole: one that crossed its successor, and a fast retransmission of a lost one.
     */
    static final int FILLS_HOLE = OUT_OF_ORDER | FAST_RETRANSMISSION;

    private static final int SYN = 0x02;
    private static final int FIN = 0x01;
    private static final int RST = 0x04;
    private static final int ACK = 0x10;

    /** One direction's sequence analysis state. */
    private static final class Direction {
        long base;
        boolean baseSet;
        boolean synSeen;
        long nextSeq;
        boolean nextSeqSet;
        long nextSeqNanos;
        long lastAck;
        boolean lastAckSet;
        long lastAckNanos;
        long maxSeqToBeAcked;
        boolean maxSeqSet;
        int window = -1;
        int dupAcks;
        long lastNonDupAckFrame;
        int lastSegmentFlags;
        /** Window scale shift; -1 unknown (no SYN seen), -2 no scaling. */
        int windowShift = -1;
        /** The relative sequence number that acknowledges this direction's FIN, once a FIN was seen. */
        long finEnd;
        boolean finSet;
        /** Whether the other direction acknowledged that FIN. */
        boolean finAcked;
    }

    /** One connection; "forward" is the direction of its first segment. */
    public static final class Stream {
        private final Key key;
        private final int index;
        private final String address;
        private final int port;
        private final Direction[] dirs = {new Direction(), new Direction()};
        private final TcpConversation conversation;
        private long synNanos = Long.MIN_VALUE;
        private long firstRttNanos;
        private boolean synAckSeen;
        private long retransmissions;
        private long outOfOrder;
        /** The raw sequence number of the opening SYN, or -1. */
        long synSeq = -1;
        /** Whether a FIN or RST was seen. */
        boolean closed;
        /** Whether this stream took the ports of a closed one (reported on its first segment). */
        boolean reused;
        /** Whether both FINs were acknowledged or a RST came: the connection is over. */
        boolean finished;
        /** Whether it is among the finished streams that linger before they are forgotten. */
        boolean lingering;
        /** Whether it is still followed: false once forgotten, or replaced by a stream that reused its ports. */
        boolean followed = true;
        /** Set by the last {@link #analyse} call with a duplicate ACK: its number and first frame. */
        int dupAckNumber;
        long dupAckFrame;

        Stream(Key key, int index, String address, int port, String otherAddress, int otherPort,
               ReassemblyBudget budget) {
            this.key = key;
            this.index = index;
            this.address = address;
            this.port = port;
            this.conversation = new TcpConversation(index, address, port, otherAddress, otherPort, budget);
        }

        public int index() {
            return index;
        }

        public TcpConversation conversation() {
            return conversation;
        }

        boolean isForward(String src, int sport) {
            return src.equals(address) && sport == port;
        }

        long relativeSeq(boolean forward, long seq, boolean syn) {
            Direction d = dirs[forward ? 0 : 1];
            if (!d.baseSet || syn && !d.synSeen) {
                // A SYN is relative 0; a connection caught in the middle starts at 1.
                d.base = syn ? seq : (seq - 1) & 0xFFFFFFFFL;
                d.baseSet = true;
            }
            d.synSeen |= syn;
            return (seq - d.base) & 0xFFFFFFFFL;
        }

        /**
         * The acknowledgment number relative to the other direction's initial sequence number; when
         * that direction is not seen yet, its base is taken as ack - 1 as Wireshark does.
         */
        long relativeAck(boolean forward, long ack, boolean ackFlag) {
            Direction other = dirs[forward ? 1 : 0];
            if (!other.baseSet && ackFlag) {
                other.base = (ack - 1) & 0xFFFFFFFFL;
                other.baseSet = true;
            }
            return other.baseSet ? (ack - other.base) & 0xFFFFFFFFL : ack;
        }

        /**
         * Analyses a segment (relative numbers) in arrival order and returns its analysis flags.
         * Retransmission, fast retransmission and out-of-order are told apart as Wireshark does:
         * a segment that does not advance the sequence is out of order when it comes within the
         * connection's initial round-trip time (3 ms if unknown) of the highest one.
         */
        int analyse(boolean forward, long seq, long ack, int length, int flags, int window, long nanos, long frame) {
            Direction fwd = dirs[forward ? 0 : 1];
            Direction rev = dirs[forward ? 1 : 0];
            int result = 0;
            dupAckNumber = 0;
            boolean syn = (flags & SYN) != 0;
            boolean fin = (flags & FIN) != 0;
            boolean rst = (flags & RST) != 0;
            boolean ackFlag = (flags & ACK) != 0;
            closed |= fin || rst;
            if (reused) {
                result |= REUSED_PORTS;
                reused = false;
            }
            roundTrip(syn, ackFlag, nanos);
            if (length == 1 && fwd.nextSeqSet && seq == fwd.nextSeq && rev.window == 0) {
                result |= ZERO_WINDOW_PROBE;
            } else {
                if (window == 0 && !syn && !fin && !rst) {
                    result |= ZERO_WINDOW;
                }
                if (fwd.nextSeqSet && gt(seq, fwd.nextSeq) && !rst) {
                    result |= LOST_SEGMENT;
                }
                boolean sameAsBefore = length == 0 && fwd.nextSeqSet && seq == fwd.nextSeq && fwd.lastAckSet
                        && ack == fwd.lastAck && !syn && !fin && !rst;
                if (length <= 1 && fwd.nextSeqSet && seq == ((fwd.nextSeq - 1) & 0xFFFFFFFFL) && !syn && !fin && !rst) {
                    result |= KEEP_ALIVE;
                }
                if (sameAsBefore && window != 0 && window != fwd.window) {
                    result |= WINDOW_UPDATE;
                }
                if (sameAsBefore && window != 0 && window == fwd.window && (rev.lastSegmentFlags & KEEP_ALIVE) != 0) {
                    result |= KEEP_ALIVE_ACK;
                } else if (sameAsBefore && window == 0 && window == fwd.window
                        && (rev.lastSegmentFlags & ZERO_WINDOW_PROBE) != 0) {
                    result |= ZERO_WINDOW_PROBE_ACK;
                } else if (sameAsBefore && window != 0 && window == fwd.window) {
                    fwd.dupAcks = fwd.dupAcks < 0 ? 1 : fwd.dupAcks + 1;
                    result |= DUPLICATE_ACK;
                    dupAckNumber = fwd.dupAcks;
                    dupAckFrame = fwd.lastNonDupAckFrame;
                }
            }
            if (!fwd.lastAckSet || ack != fwd.lastAck) {
                fwd.lastNonDupAckFrame = frame;
                fwd.dupAcks = 0;
            }
            if (rev.maxSeqSet && ackFlag && gt(ack, rev.maxSeqToBeAcked)) {
                // acknowledges bytes never seen: a segment of the other direction was not captured
                result |= ACKED_UNSEEN;
                rev.maxSeqToBeAcked = rev.nextSeq;
            }
            if ((length > 0 || syn || fin) && (result & KEEP_ALIVE) == 0) {
                result |= retransmissionType(fwd, rev, seq, length, flags, nanos);
            }
            if ((result & (RETRANSMISSION | FAST_RETRANSMISSION | SPURIOUS_RETRANSMISSION)) != 0) {
                retransmissions++;
            }
            if ((result & OUT_OF_ORDER) != 0) {
                outOfOrder++;
            }
            long next = (seq + length + (syn || fin ? 1 : 0)) & 0xFFFFFFFFL;
            if ((!fwd.nextSeqSet || gt(next, fwd.nextSeq)) && (result & ZERO_WINDOW_PROBE) == 0) {
                fwd.nextSeq = next;
                fwd.nextSeqSet = true;
                fwd.nextSeqNanos = nanos;
            }
            if ((!fwd.maxSeqSet || seq == fwd.maxSeqToBeAcked) && (result & ZERO_WINDOW_PROBE) == 0) {
                fwd.maxSeqToBeAcked = fwd.nextSeq;
                fwd.maxSeqSet = true;
            }
            fwd.window = window;
            if (ackFlag) {
                fwd.lastAck = ack;
                fwd.lastAckSet = true;
                fwd.lastAckNanos = nanos;
            }
            fwd.lastSegmentFlags = result;
            closing(fwd, rev, seq, ack, length, fin, ackFlag, rst);
            return result;
        }

        /**
         * Notes FINs and their acknowledgments (RFC 9293 §3.6): the connection is finished when
         * each side's FIN is acknowledged by the other, or at once on a reset.
         */
        private void closing(Direction fwd, Direction rev, long seq, long ack, int length, boolean fin,
                             boolean ackFlag, boolean rst) {
            if (fin) {
                long end = (seq + length + 1) & 0xFFFFFFFFL;
                if (!fwd.finSet || gt(end, fwd.finEnd)) {
                    fwd.finEnd = end;
                    fwd.finSet = true;
                }
            }
            if (ackFlag && rev.finSet && !lt(ack, rev.finEnd)) {
                rev.finAcked = true;
            }
            finished |= rst || dirs[0].finAcked && dirs[1].finAcked;
        }

        private int retransmissionType(Direction fwd, Direction rev, long seq, int length, int flags, long nanos) {
            boolean notAdvanced = fwd.nextSeqSet && lt(seq, fwd.nextSeq);
            if (length > 1 && fwd.nextSeqSet && ((fwd.nextSeq - 1) & 0xFFFFFFFFL) == seq) {
                notAdvanced = false; // new data after a zero-window probe
            }
            if (!notAdvanced) {
                return 0;
            }
            if (rev.dupAcks >= 2 && rev.lastAckSet && rev.lastAck == seq && nanos - rev.lastAckNanos < 20_000_000L) {
                return FAST_RETRANSMISSION;
            }
            long threshold = firstRttNanos > 0 ? firstRttNanos : 3_000_000L;
            long next = (seq + length + ((flags & (SYN | FIN)) != 0 ? 1 : 0)) & 0xFFFFFFFFL;
            if (nanos - fwd.nextSeqNanos < threshold && fwd.nextSeq != next) {
                return OUT_OF_ORDER;
            }
            if (length > 0 && rev.lastAckSet && !gt(seq + length, rev.lastAck)) {
                return SPURIOUS_RETRANSMISSION;
            }
            return RETRANSMISSION;
        }

        /** The initial round-trip time: from the SYN to the ACK that completes the handshake. */
        private void roundTrip(boolean syn, boolean ackFlag, long nanos) {
            if (syn && !ackFlag) {
                synNanos = nanos;
            } else if (syn) {
                synAckSeen = true;
            } else if (ackFlag && synAckSeen && synNanos != Long.MIN_VALUE && firstRttNanos == 0) {
                firstRttNanos = Math.max(1, nanos - synNanos);
            }
        }

        /** Notes a SYN's window scale option (RFC 7323 §2.2): -1 when it has none. */
        void windowScale(boolean forward, int shift) {
            dirs[forward ? 0 : 1].windowShift = shift < 0 ? -2 : Math.min(shift, 14);
            Direction a = dirs[0];
            Direction b = dirs[1];
            if (a.windowShift != -1 && b.windowShift != -1 && (a.windowShift == -2 || b.windowShift == -2)) {
                // scaling is used only when both ends offered it
                a.windowShift = -2;
                b.windowShift = -2;
            }
        }

        /** The window as the receiver uses it: scaled once the handshake told the factor. */
        long scaledWindow(boolean forward, int window) {
            int shift = dirs[forward ? 0 : 1].windowShift;
            return shift >= 0 ? (long) window << shift : window;
        }

        public long retransmissions() {
            return retransmissions;
        }

        public long outOfOrder() {
            return outOfOrder;
        }
    }

    private boolean reassembleOutOfOrder;

    /**
     * Whether segments are put in sequence order before the application protocols see them
     * (Wireshark's tcp.reassemble_out_of_order). Off by default, as in tshark 4.0: retransmitted
     * and out-of-order segments are then not dissected again.
     */
    public boolean reassembleOutOfOrder() {
        return reassembleOutOfOrder;
    }

    public void reassembleOutOfOrder(boolean on) {
        reassembleOutOfOrder = on;
    }

    /** The analysis flags as Wireshark's tcp.analysis.* fields and expert notes. */
    static void analysisFields(Dissection d, Field tcp, int flags, Stream stream, int p) {
        Field analysis = d.text(tcp, "tcp.analysis", "[SEQ/ACK analysis]", -1, 0);
        d.text(analysis, "tcp.analysis.flags", "[TCP Analysis Flags]", -1, 0);
        note(d, analysis, flags, FAST_RETRANSMISSION, "tcp.analysis.fast_retransmission",
                "This frame is a (suspected) fast retransmission", Field.Severity.NOTE);
        note(d, analysis, flags, SPURIOUS_RETRANSMISSION, "tcp.analysis.spurious_retransmission",
                "This frame is a (suspected) spurious retransmission", Field.Severity.NOTE);
        // after a fast or spurious one's own note, as Wireshark adds it
        note(d, analysis, flags, ANY_RETRANSMISSION, "tcp.analysis.retransmission",
                "This frame is a (suspected) retransmission", Field.Severity.NOTE);
        note(d, analysis, flags, OUT_OF_ORDER, "tcp.analysis.out_of_order",
                "This frame is a (suspected) out-of-order segment", Field.Severity.WARN);
        note(d, analysis, flags, LOST_SEGMENT, "tcp.analysis.lost_segment",
                "Previous segment(s) not captured (common at capture start)", Field.Severity.WARN);
        note(d, analysis, flags, ACKED_UNSEEN, "tcp.analysis.ack_lost_segment",
                "ACKed segment that wasn't captured (common at capture start)", Field.Severity.WARN);
        note(d, analysis, flags, KEEP_ALIVE, "tcp.analysis.keep_alive", "This is a TCP keep-alive segment",
                Field.Severity.NOTE);
        note(d, analysis, flags, KEEP_ALIVE_ACK, "tcp.analysis.keep_alive_ack", "ACK to a TCP keep-alive segment",
                Field.Severity.NOTE);
        note(d, analysis, flags, WINDOW_UPDATE, "tcp.analysis.window_update", "TCP window update",
                Field.Severity.CHAT);
        note(d, analysis, flags, ZERO_WINDOW, "tcp.analysis.zero_window", "TCP Zero Window segment",
                Field.Severity.WARN);
        note(d, analysis, flags, ZERO_WINDOW_PROBE, "tcp.analysis.zero_window_probe", "TCP Zero Window Probe",
                Field.Severity.NOTE);
        note(d, analysis, flags, REUSED_PORTS, "tcp.analysis.reused_ports",
                "A new tcp session is started with the same ports as an earlier session in this trace",
                Field.Severity.NOTE);
        note(d, analysis, flags, ZERO_WINDOW_PROBE_ACK, "tcp.analysis.zero_window_probe_ack",
                "ACK to a TCP Zero Window Probe", Field.Severity.NOTE);
        if ((flags & DUPLICATE_ACK) != 0) {
            // Wireshark has both a flag field and an expert item under this name: it prints twice
            d.subtree(analysis, "tcp.analysis.duplicate_ack", "[This is a TCP duplicate ack]", -1, 0, Boolean.TRUE, "1");
            note(d, analysis, flags, DUPLICATE_ACK, "tcp.analysis.duplicate_ack", "Duplicate ACK (#"
                    + stream.dupAckNumber + ")", Field.Severity.NOTE);
            d.generated(analysis, "tcp.analysis.duplicate_ack_num", "Duplicate ACK #", (long) stream.dupAckNumber,
                    Integer.toString(stream.dupAckNumber));
            d.generated(analysis, "tcp.analysis.duplicate_ack_frame", "Duplicate to the ACK in frame",
                    stream.dupAckFrame, Long.toString(stream.dupAckFrame));
        }
    }

    private static void note(Dissection d, Field analysis, int flags, int flag, String name, String text,
                             Field.Severity severity) {
        if ((flags & flag) != 0) {
            // tshark -T fields prints these value-less flags as 1
            d.subtree(analysis, name, "[" + text + "]", -1, 0, Boolean.TRUE, "1");
            d.expert(analysis, severity, text, -1, 0);
        }
    }

    /** What Wireshark puts before the Info column for these flags, in its order. */
    static String analysisPrefix(int flags, Stream stream) {
        StringBuilder sb = new StringBuilder();
        // Wireshark prepends each in turn, so the last group it prints comes first.
        if ((flags & ZERO_WINDOW_PROBE_ACK) != 0) {
            sb.append("[TCP ZeroWindowProbeAck] ");
        }
        if ((flags & ZERO_WINDOW) != 0) {
            sb.append("[TCP ZeroWindow] ");
        }
        if ((flags & ZERO_WINDOW_PROBE) != 0) {
            sb.append("[TCP ZeroWindowProbe] ");
        }
        if ((flags & DUPLICATE_ACK) != 0) {
            sb.append("[TCP Dup ACK ").append(stream.dupAckFrame).append('#').append(stream.dupAckNumber).append("] ");
        }
        if ((flags & KEEP_ALIVE_ACK) != 0) {
            sb.append("[TCP Keep-Alive ACK] ");
        }
        if ((flags & KEEP_ALIVE) != 0) {
            sb.append("[TCP Keep-Alive] ");
        }
        if ((flags & WINDOW_UPDATE) != 0) {
            sb.append("[TCP Window Update] ");
        }
        if ((flags & ACKED_UNSEEN) != 0) {
            sb.append("[TCP ACKed unseen segment] ");
        }
        if ((flags & LOST_SEGMENT) != 0) {
            sb.append("[TCP Previous segment not captured] ");
        }
        if ((flags & REUSED_PORTS) != 0) {
            sb.append("[TCP Port numbers reused] ");
        }
        if ((flags & OUT_OF_ORDER) != 0) {
            sb.append("[TCP Out-Of-Order] ");
        }
        if ((flags & SPURIOUS_RETRANSMISSION) != 0) {
            sb.append("[TCP Spurious Retransmission] ");
        }
        if ((flags & FAST_RETRANSMISSION) != 0) {
            sb.append("[TCP Fast Retransmission] ");
        }
        if ((flags & RETRANSMISSION) != 0) {
            sb.append("[TCP Retransmission] ");
        }
        return sb.toString();
    }

    /** Sequence comparison modulo 2^32 (RFC 9293 §3.4). */
    static boolean lt(long a, long b) {
        return (int) (a - b) < 0;
    }

    static boolean gt(long a, long b) {
        return (int) (a - b) > 0;
    }

    private record Key(String a, int aPort, String b, int bPort) {
        static Key of(String src, int sport, String dst, int dport) {
            // one key for both directions: the lower endpoint first
            int c = src.compareTo(dst);
            return c < 0 || c == 0 && sport <= dport ? new Key(src, sport, dst, dport) : new Key(dst, dport, src, sport);
        }
    }

    /**
     * Connections followed at once, finished ones lingering included. A phone holds a few; a
     * capture with more open at the same time is a scan or a flood, and following them all
     * would keep every one in memory until the end.
     */
    public static final int MAX_STREAMS = 65_536;

    /**
     * Finished connections kept for the segments that may still come after their close (a last
     * ACK, a repeated FIN or RST, data that was in flight); the earliest finished go first.
     */
    public static final int MAX_FINISHED = 4096;

    /** What is kept of a forgotten connection: enough to go on numbering as Wireshark does. */
    private record Forgotten(int index, long synSeq, boolean closed, boolean finished) {
    }

    /** The streams followed, the least recently active first (access order). */
    private final LinkedHashMap<Key, Stream> streams = new LinkedHashMap<>(16, 0.75f, true);
    /** Finished streams in the order they finished, at most {@link #maxFinished}. */
    private final ArrayDeque<Stream> finishedStreams = new ArrayDeque<>();
    /** Notes of forgotten streams, the least recently forgotten or used first, at most {@link #maxStreams}. */
    private final LinkedHashMap<Key, Forgotten> forgotten = new LinkedHashMap<>(16, 0.75f, true);
    /** The stream of the previous segment: once its segment is decoded, whether it finished is settled. */
    private Stream last;
    private int maxStreams = MAX_STREAMS;
    private int maxFinished = MAX_FINISHED;
    private long forgottenUnfinished;
    private final org.phonerescue.core.decode.tcp.Expectations expectations =
            new org.phonerescue.core.decode.tcp.Expectations();

    /**
     * Changes the bounds (before a capture is decoded): at most {@code streams} followed at once,
     * of which at most {@code finished} finished ones lingering.
     */
    void limits(int streams, int finished) {
        maxStreams = Math.max(1, streams);
        maxFinished = Math.max(0, Math.min(finished, maxStreams));
    }

    /** The stream of a segment; created on first sight unless {@code lookupOnly} (quoted data). */
    Stream stream(String src, int sport, String dst, int dport, boolean lookupOnly) {
        return stream(src, sport, dst, dport, lookupOnly, false, 0);
    }

    /**
     * The stream of a segment. A SYN (without ACK) on a connection that was closed (FIN or RST)
     * and that opened with another initial sequence number starts a new stream, as when a phone
     * reuses its port to retry a download.
     */
    Stream stream(String src, int sport, String dst, int dport, boolean lookupOnly, boolean openingSyn, long seq) {
        settle();
        Key key = Key.of(src, sport, dst, dport);
        Stream s = streams.get(key);
        boolean reused = false;
        if (s != null && !lookupOnly && openingSyn && s.closed && s.synSeq >= 0 && s.synSeq != seq) {
            s.followed = false;
            s.conversation().release();
            s = null;
            reused = true;
        }
        if (s == null && !lookupOnly) {
            Forgotten f = forgotten.remove(key);
            int index;
            if (f != null && !(openingSyn && f.closed() && f.synSeq() >= 0 && f.synSeq() != seq)) {
                index = f.index(); // a late segment of a forgotten connection: it keeps its number
            } else {
                index = count++;
                reused |= f != null;
                f = null;
            }
            s = new Stream(key, index, src, sport, dst, dport, budget);
            s.reused = reused;
            if (f != null) {
                s.synSeq = f.synSeq();
                s.closed = f.closed();
                s.finished = f.finished();
            }
            streams.put(key, s);
            expectations.claim(s.conversation());
            if (streams.size() > maxStreams) {
                Iterator<Stream> eldest = streams.values().iterator();
                Stream old = eldest.next();
                eldest.remove();
                forget(old);
                if (!old.finished) {
                    forgottenUnfinished++;
                }
            }
        }
        if (s != null && openingSyn && !lookupOnly && s.synSeq < 0) {
            s.synSeq = seq;
        }
        if (!lookupOnly) {
            last = s;
        }
        return s;
    }

    /**
     * Puts the stream of the previous segment, if that segment finished it, among the lingering
     * finished streams, and forgets the earliest finished beyond their bound. A finished stream
     * whose reassembly still holds a message cut short stays: what it holds is read at the end
     * (an HTTP response cut by the close).
     */
    private void settle() {
        Stream s = last;
        last = null;
        if (s == null || !s.finished || s.lingering) {
            return;
        }
        s.lingering = true;
        finishedStreams.addLast(s);
        while (finishedStreams.size() > maxFinished) {
            Stream done = finishedStreams.pollFirst();
            if (done.followed && !done.conversation().holdsData()) {
                streams.remove(done.key);
                forget(done);
            }
        }
    }

    /** Drops a stream that is no longer followed, keeping a note of it. */
    private void forget(Stream s) {
        s.followed = false;
        s.conversation().release();
        forgotten.put(s.key, new Forgotten(s.index, s.synSeq, s.closed, s.finished));
        if (forgotten.size() > maxStreams) {
            Iterator<Forgotten> eldest = forgotten.values().iterator();
            eldest.next();
            eldest.remove();
        }
    }

    /**
     * The connection between these endpoints (either way round; the latest one when the ports
     * were used again), or null.
     */
    public TcpConversation conversation(String address, int port, String otherAddress, int otherPort) {
        Stream s = streams.get(Key.of(address, port, otherAddress, otherPort));
        return s == null ? null : s.conversation();
    }

    private int count;
    private final ReassemblyBudget budget = new ReassemblyBudget(ReassemblyBudget.DEFAULT_LIMIT);

    /** What reassembly holds across all connections, and its limit. */
    public ReassemblyBudget reassemblyBudget() {
        return budget;
    }

    /** Connections announced by a control channel (FTP PASV, PORT …) that are not open yet. */
    public org.phonerescue.core.decode.tcp.Expectations expectations() {
        return expectations;
    }

    /** Number of streams seen (Wireshark's highest tcp.stream + 1). */
    public int size() {
        return count;
    }

    /** Number of streams followed now, finished ones lingering included. */
    int followed() {
        return streams.size();
    }

    /** Number of forgotten streams whose note is still kept. */
    int notes() {
        return forgotten.size();
    }

    /**
     * Connections forgotten before they finished, the least recently active of more than
     * {@value #MAX_STREAMS} followed at once: a later segment of one keeps its stream number,
     * but its sequence analysis and reassembly start afresh.
     */
    public long forgottenUnfinished() {
        return forgottenUnfinished;
    }
}
