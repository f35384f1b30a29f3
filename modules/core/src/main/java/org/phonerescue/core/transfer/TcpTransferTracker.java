package org.phonerescue.core.transfer;

import org.phonerescue.core.analysis.PacketView;

/**
 * What the trackers of the transfers over TCP (HTTP, FTP) share: where contents go, how long
 * silence ends an unfinished transfer, the time of the last packet, and each packet's TCP
 * segment, which is all they look at.
 */
abstract sealed class TcpTransferTracker permits HttpTransferTracker, FtpTransferTracker {

    final ContentStore store;
    /** Which finished transfers are kept, and the count of the others. */
    final TransferRecords records;
    /** Silence (ns) after which an unfinished transfer counts as timed out rather than cut by the capture's end. */
    final long timeout;
    /** Time of the last packet with a time, or {@code PacketView.NO_TIME}. */
    long lastTime = PacketView.NO_TIME;

    TcpTransferTracker(ContentStore store, long timeoutNanos, TransferRecords records) {
        this.store = store;
        this.timeout = timeoutNanos;
        this.records = records;
    }

    /** Takes in one packet, in file order. */
    public final void accept(PacketView p) {
        if (p.time() != PacketView.NO_TIME) {
            lastTime = p.time();
        }
        TcpSegment s = TcpSegment.of(p);
        if (s != null) {
            accept(p, s);
        }
    }

    /** A packet that carries a TCP segment. */
    abstract void accept(PacketView p, TcpSegment s);
}
