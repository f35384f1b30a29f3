package org.phonerescue.core.pcap;

import org.phonerescue.core.text.Utf8Buffer;

/** Renders timestamps the way Wireshark's frame.time_epoch does. */
public final class TimestampFormat {

    private TimestampFormat() {
    }

    /** {@code seconds.nnnnnnnnn}; nanos must be 0..999 999 999. */
    public static String epoch(long epochSecond, int nanos) {
        StringBuilder sb = new StringBuilder(21);
        appendEpoch(sb, epochSecond, nanos);
        return sb.toString();
    }

    public static void appendEpoch(StringBuilder sb, long epochSecond, int nanos) {
        sb.append(epochSecond).append('.');
        for (int unit = 100_000_000; unit > 0; unit /= 10) { // nine digits, leading zeros kept
            sb.append((char) ('0' + nanos / unit % 10));
        }
    }

    /** {@link #appendEpoch(StringBuilder, long, int)} as UTF-8, for output of millions of lines. */
    public static void appendEpoch(Utf8Buffer out, long epochSecond, int nanos) {
        out.append(epochSecond).append('.').appendZeroPadded(nanos, 9);
    }
}
