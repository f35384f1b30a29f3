package org.phonerescue.core.transfer;

/** Numbers as message fields write them: Content-Length (RFC 9110 §8.6), TFTP's tsize and blksize (RFC 2349, 2348). */
final class Decimal {

    private Decimal() {
    }

    /** The number {@code text} holds, white space around it allowed; -1 when there is no text or it is no number. */
    static long parse(String text) {
        if (text == null) {
            return -1;
        }
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
