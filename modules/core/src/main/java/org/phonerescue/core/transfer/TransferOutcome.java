package org.phonerescue.core.transfer;

import java.util.Locale;

/** How a file transfer ended, as far as the capture shows. */
public enum TransferOutcome {
    /** The last block arrived (TFTP: the first DATA shorter than the block size, RFC 1350 §6). */
    COMPLETE,
    /** The server sent an ERROR (code and message on the transfer). */
    ERROR,
    /**
     * The client ended it: it sent an ERROR (refused the options, only asked for the size, RFC
     * 2349), or started the same request again before this one finished.
     */
    ABORTED,
    /** Nothing more happened while the capture went on for at least the timeout. */
    TIMED_OUT,
    /** The capture ends during the transfer, too soon to say it timed out. */
    CAPTURE_ENDED;

    /** "complete", "error", "aborted", "timed-out", "capture-ended". */
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
