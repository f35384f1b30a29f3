package org.phonerescue.core.transfer;

import java.util.List;
import org.phonerescue.core.analysis.PacketView;

/**
 * A TFTP request and its repeats (RFC 1350 §4: a client sends its request again while no answer
 * comes), in bounded memory: a phone asking an absent server for hours, or a flood from one port,
 * sends the same request millions of times. The count is exact. Of the frames, the first and
 * the last {@value #KEPT_EACH_END} are kept, so that evidence shows how the asking began and that
 * it went on to the end. The rhythm of the asking is kept as bursts, runs of requests without a
 * pause of {@link #PAUSE_NANOS} or more, the first and the last {@value #BURSTS_EACH_END}: the SPA
 * loader's rounds of URL attempts (spa-recovery-protocol.md "The loader's loop") are told apart
 * from them, for some hours of a loader's back-off, where the frames kept would tell only the
 * first and the last round.
 * ARP requests a host repeats for an address nobody answers (RFC 826; the host's retries) are
 * kept the same way.
 *
 * @param count      requests sent: the first and every repeat
 * @param frames     frames of the first and the last {@value #KEPT_EACH_END} requests (all of them
 *                   when there are no more than twice as many), ascending
 * @param times      their times (ns since 1970, or {@code PacketView.NO_TIME}), in the same order
 * @param bursts     the first and the last {@value #BURSTS_EACH_END} bursts, in order
 * @param burstCount bursts in all: more than {@code bursts.size()} when those between the first and
 *                   the last ones kept were left out (see {@link #burstsLeftOutAfter()})
 */
public record RequestRepeats(long count, List<Long> frames, List<Long> times, List<Burst> bursts, long burstCount) {

    /** Frames and times kept at each end of the requests: together as many as the tracker keeps of other repeats. */
    public static final int KEPT_EACH_END = TftpTransferTracker.EVIDENCE_FRAMES / 2;

    /** Bursts kept at each end. */
    public static final int BURSTS_EACH_END = 16;

    /**
     * A pause this long or longer between two requests starts a new burst: the SPA loader's
     * listen window between two rounds of URL attempts ("The loader's loop": 5 s), longer than
     * the 2 s between its repeats within a round. A rule that groups requests by pauses of at
     * least this length can do so from the bursts exactly.
     */
    public static final long PAUSE_NANOS = 5_000_000_000L;

    /**
     * A run of requests with no pause of {@link #PAUSE_NANOS} or more between two of them.
     *
     * @param firstFrame its first request
     * @param start      that request's time, or {@code PacketView.NO_TIME} when no request of it has one
     * @param lastFrame  its last request
     * @param end        the time of its last request with one, or {@code PacketView.NO_TIME}
     * @param count      requests in it
     */
    public record Burst(long firstFrame, long start, long lastFrame, long end, long count) {
    }

    /** Whether the frame of every request is kept. */
    public boolean complete() {
        return frames.size() == count;
    }

    /**
     * The index in {@link #bursts()} after which bursts were left out (nothing is known of the
     * requests between that burst's end and the next one's start), or -1 when all are kept.
     */
    public int burstsLeftOutAfter() {
        return burstCount > bursts.size() ? BURSTS_EACH_END - 1 : -1;
    }

    /**
     * Counts the requests as they come, keeping what {@link RequestRepeats} keeps: requests of
     * any protocol that a client repeats while no answer comes (TFTP, ARP).
     */
    public static final class Builder {
        private static final long NO_TIME = PacketView.NO_TIME;

        private final FirstAndLast<Long> frames = new FirstAndLast<>(KEPT_EACH_END);
        private final FirstAndLast<Long> times = new FirstAndLast<>(KEPT_EACH_END);
        private final FirstAndLast<Burst> bursts = new FirstAndLast<>(BURSTS_EACH_END);
        /** The burst going on: requests in it (0 before the first request), its ends. */
        private long inBurst;
        private long firstFrame;
        private long start = NO_TIME;
        private long lastFrame;
        private long end = NO_TIME;

        public Builder() {
        }

        /** One more request, in frame order; {@code time} may be {@code PacketView.NO_TIME}. */
        public void add(long frame, long time) {
            frames.add(frame);
            times.add(time);
            if (inBurst > 0 && time != NO_TIME && end != NO_TIME && time - end >= PAUSE_NANOS) {
                bursts.add(current());
                inBurst = 0;
                start = NO_TIME;
                end = NO_TIME;
            }
            if (inBurst == 0) {
                firstFrame = frame;
            }
            if (start == NO_TIME) {
                start = time;
            }
            if (time != NO_TIME) {
                end = time;
            }
            lastFrame = frame;
            inBurst++;
        }

        /** The frame of the newest request. */
        long lastFrame() {
            return lastFrame;
        }

        private Burst current() {
            return new Burst(firstFrame, start, lastFrame, end, inBurst);
        }

        public RequestRepeats build() {
            List<Burst> all = bursts.list();
            if (inBurst > 0) {
                all.add(current());
                if (bursts.count() >= 2L * BURSTS_EACH_END) {
                    all.remove(BURSTS_EACH_END); // the burst going on pushes the oldest of the last ones out
                }
            }
            return new RequestRepeats(frames.count(), List.copyOf(frames.list()), List.copyOf(times.list()),
                    List.copyOf(all), bursts.count() + (inBurst > 0 ? 1 : 0));
        }
    }
}
