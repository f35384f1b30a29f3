package org.phonerescue.servers.tftp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.net.InetSocketAddress;
import java.util.concurrent.Future;

/**
 * A transfer's own UDP port (its transfer ID, RFC 1350 §4) and the thread discipline its state
 * lives under. Two kinds: a Netty channel on the server's event loops ({@link ChannelTransferPort})
 * and a socket with a thread of its own that blocks on it ({@link ThreadTransferPort}). Either way
 * the transfer is called by one thread at a time, so it needs no locks of its own.
 */
interface TransferPort {

    ByteBufAllocator alloc();

    /** Queues a datagram; the port owns {@code packet} from now on. {@link #flush()} sends what is queued. */
    void write(ByteBuf packet, InetSocketAddress to);

    void flush();

    /** Runs {@code task} for the transfer after {@code delayNanos}. */
    Future<?> schedule(Runnable task, long delayNanos);

    /** Runs {@code task} for the transfer soon; callable from any thread. */
    void execute(Runnable task);

    boolean isOpen();

    void close();
}
