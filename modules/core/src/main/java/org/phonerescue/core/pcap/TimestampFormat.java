package org.phonerescue.core.pcap;

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
        String frac = Integer.toString(nanos);
        for (int i = frac.length(); i < 9; i++) {
            sb.append('0');
        }
        sb.append(frac);
    }
}
