package org.phonerescue.core.session;

import java.util.List;
import java.util.Locale;

/**
 * One phase of a recovery attempt.
 *
 * @param kind       what the phone was doing
 * @param firstFrame first frame of the phase
 * @param lastFrame  last frame of the phase
 * @param startTime  ns since 1970, or {@code PacketView.NO_TIME}
 * @param endTime    ns since 1970
 * @param details    what happened, one line per event (downloads: one per file)
 */
public record RecoveryPhase(Kind kind, long firstFrame, long lastFrame, long startTime, long endTime,
                            List<String> details) {

    public enum Kind {
        /** Getting an address: DHCP (the SPA loader may also use a saved static one). */
        ADDRESS,
        /** The SPA recovery protocol: Request, Reply, Upgrade, acknowledgement. */
        HANDSHAKE,
        /** File transfers. */
        DOWNLOAD,
        /** Nothing from the phone after a complete image: it writes its flash and reboots. */
        SILENCE,
        /** The phone shows up again: running its firmware, or back in its loader. */
        REAPPEARANCE;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Duration in seconds, or 0 without timestamps. */
    public double seconds() {
        return startTime == Long.MIN_VALUE || endTime == Long.MIN_VALUE ? 0 : (endTime - startTime) / 1e9;
    }
}
