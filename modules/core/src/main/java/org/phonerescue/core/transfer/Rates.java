package org.phonerescue.core.transfer;

/** Throughput arithmetic shared by the transfer records. */
final class Rates {

    private Rates() {
    }

    /** Bytes per second from the first data to the last frame, or -1 when it cannot be told. */
    static double throughput(long bytes, long firstDataTime, long endTime) {
        if (firstDataTime == Long.MIN_VALUE || endTime <= firstDataTime) {
            return -1;
        }
        return bytes / ((endTime - firstDataTime) / 1e9);
    }
}
