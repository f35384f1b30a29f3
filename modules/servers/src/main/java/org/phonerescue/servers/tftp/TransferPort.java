package org.phonerescue.servers.tftp;

import io.netty.buffer.ByteBuf;
import java.net.InetSocketAddress;
import java.util.concurrent.Future;

/**
 * A transfer's own UDP port (its transfer ID, RFC 1350 §4) and the thread discipline its state
 * lives under. Two kinds: a Netty channel on the server's event loops ({@link ChannelTransferPort})
 * and a socket with a thread of its own that blocks on it ({@link ThreadTransferPort}). Either way
 * the transfer is called by one thread at a time, so it needs no locks of its own.
 */
interface TransferPort {

    /** An empty buffer for one outgoing datagram of up to {@code capacity} bytes, the kind this port sends best. */
    ByteBuf packetBuffer(int capacity);

    /** Queues a datagram; the port owns {@code packet} from now on. {@link #flush()} sends what is queued. */
    void write(ByteBuf packet, InetSocketAddress to);

    void flush();

    /**
     * How many DATA of {@code segmentSize} bytes one {@link #writeSegments} may carry: more than one
     * where the kernel cuts one large send into datagrams itself (UDP generic segmentation offload),
     * else 1, and then {@link #writeSegments} is not to be called.
     */
    default int segmentsPerWrite(int segmentSize) {
        return 1;
    }

    /**
     * Queues {@code segments}, datagrams of {@code segmentSize} bytes back to back (only the last may
     * be shorter), to leave in one send. When the kernel refuses the send — a datagram larger than
     * the route's MTU may not be segmented, only fragmented — nothing was sent and {@code refused}
     * runs on the transfer's thread.
     */
    default void writeSegments(ByteBuf segments, int segmentSize, InetSocketAddress to, Runnable refused) {
        throw new UnsupportedOperationException("no segmentation offload");
    }

    /** Runs {@code task} for the transfer after {@code delayNanos}. */
    Future<?> schedule(Runnable task, long delayNanos);

    /** Runs {@code task} for the transfer soon; callable from any thread. */
    void execute(Runnable task);

    boolean isOpen();

    void close();
}
