package org.phonerescue.core.session;

import java.util.List;
import java.util.Locale;

/**
 * One attempt of a phone to recover, from its first recovery step to its reappearance.
 *
 * @param number     1 for the first attempt in the capture
 * @param phases     in order
 * @param outcome    how it ended
 * @param firstFrame first frame of the attempt
 * @param lastFrame  last frame of the attempt
 */
public record RecoveryAttempt(int number, List<RecoveryPhase> phases, Outcome outcome, long firstFrame,
                              long lastFrame) {

    public enum Outcome {
        /** The phone came back running its firmware. */
        RECOVERED,
        /** The image arrived, and the phone came back in its recovery loader: the loop. */
        LOOPED,
        /** A download failed (error, timeout, abandoned) and nothing completed after it. */
        FAILED,
        /** The capture ends before the attempt does. */
        UNFINISHED;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
