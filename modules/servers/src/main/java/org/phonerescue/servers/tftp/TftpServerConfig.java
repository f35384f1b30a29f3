package org.phonerescue.servers.tftp;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * How a {@link TftpServer} behaves. Start from {@link #defaults()} and change what differs.
 *
 * @param bind                 address and port to listen on (port 0: any free port)
 * @param writeEnabled         accept uploads (WRQ); off by default, and then nothing is ever written
 * @param rollover             the block number after 65535
 * @param retransmitTimeout    first wait for an answer before sending again, when the client did
 *                             not negotiate a timeout (RFC 2349)
 * @param maxRetransmitTimeout the wait doubles after each unanswered retransmission up to this
 * @param maxRetransmissions   unanswered retransmissions in a row before the transfer is given up
 * @param maxBlockSize         the largest blksize agreed to (RFC 2348 allows 65464)
 * @param maxWindowSize        the largest windowsize agreed to (RFC 7440)
 * @param maxTransfers         transfers at once; when full, a transfer that never heard from its
 *                             client makes room, otherwise the request is refused as busy
 * @param maxTransfersPerClient transfers at once from one client address
 * @param maxUploadBytes       the largest upload accepted
 * @param progressInterval     at most one progress event per transfer this often
 * @param ioThreads            network threads
 * @param multicast            a group every socket of the server joins, or null
 * @param transport            the sockets' network transport ({@link TftpTransport#AUTO}: native epoll
 *                             where it loads, else NIO)
 * @param lockStepThreads      a download in lock-step (windowsize 1, what most phones use) gets a
 *                             socket and a thread of its own that blocks on it, which answers each
 *                             ACK sooner than the event loops (see {@link ThreadTransferPort}); off:
 *                             every transfer runs on the event loops. Multicast transfers always do.
 */
public record TftpServerConfig(InetSocketAddress bind, boolean writeEnabled, BlockRollover rollover,
                               Duration retransmitTimeout, Duration maxRetransmitTimeout, int maxRetransmissions,
                               int maxBlockSize, int maxWindowSize, int maxTransfers, int maxTransfersPerClient,
                               long maxUploadBytes, Duration progressInterval, int ioThreads,
                               TftpMulticast multicast, TftpTransport transport, boolean lockStepThreads) {

    public static final int DEFAULT_PORT = 69;

    public TftpServerConfig {
        if (maxBlockSize < 8 || maxBlockSize > 65464) {
            throw new IllegalArgumentException("maxBlockSize must be 8..65464: " + maxBlockSize);
        }
        // Keeps a window shorter than the 65535-block cycle of the 16-bit numbers, so an ACK names
        // one block only (see BlockRollover.absolute).
        if (maxWindowSize < 1 || maxWindowSize > 4096) {
            throw new IllegalArgumentException("maxWindowSize must be 1..4096: " + maxWindowSize);
        }
        if (maxRetransmissions < 0 || maxTransfers < 1 || maxTransfersPerClient < 1 || ioThreads < 1) {
            throw new IllegalArgumentException("limits must be positive");
        }
        if (transport == null) {
            throw new IllegalArgumentException("transport must be given (AUTO: native where available)");
        }
        if (retransmitTimeout.isNegative() || retransmitTimeout.isZero()
                || maxRetransmitTimeout.compareTo(retransmitTimeout) < 0) {
            throw new IllegalArgumentException("retransmit timeouts: " + retransmitTimeout + ", " + maxRetransmitTimeout);
        }
    }

    /**
     * Port 69 on every address, read-only, wrap to 0, 1 s first timeout doubling up to 4 s, 5
     * retransmissions (about 20 s of silence ends a transfer), windows up to 64 blocks.
     */
    public static TftpServerConfig defaults() {
        return new TftpServerConfig(new InetSocketAddress(DEFAULT_PORT), false, BlockRollover.WRAP_TO_ZERO,
                Duration.ofSeconds(1), Duration.ofSeconds(4), 5, 65464, 64, 512, 128, 1L << 30,
                Duration.ofSeconds(1), Math.max(2, Runtime.getRuntime().availableProcessors()), null,
                TftpTransport.AUTO, true);
    }

    public TftpServerConfig withBind(InetSocketAddress address) {
        return new TftpServerConfig(address, writeEnabled, rollover, retransmitTimeout, maxRetransmitTimeout,
                maxRetransmissions, maxBlockSize, maxWindowSize, maxTransfers, maxTransfersPerClient, maxUploadBytes,
                progressInterval, ioThreads, multicast, transport, lockStepThreads);
    }

    public TftpServerConfig withBind(InetAddress address, int port) {
        return withBind(address == null ? new InetSocketAddress(port) : new InetSocketAddress(address, port));
    }

    public TftpServerConfig withWriteEnabled(boolean enabled) {
        return new TftpServerConfig(bind, enabled, rollover, retransmitTimeout, maxRetransmitTimeout,
                maxRetransmissions, maxBlockSize, maxWindowSize, maxTransfers, maxTransfersPerClient, maxUploadBytes,
                progressInterval, ioThreads, multicast, transport, lockStepThreads);
    }

    public TftpServerConfig withRollover(BlockRollover r) {
        return new TftpServerConfig(bind, writeEnabled, r, retransmitTimeout, maxRetransmitTimeout,
                maxRetransmissions, maxBlockSize, maxWindowSize, maxTransfers, maxTransfersPerClient, maxUploadBytes,
                progressInterval, ioThreads, multicast, transport, lockStepThreads);
    }

    public TftpServerConfig withRetransmission(Duration first, Duration max, int retransmissions) {
        return new TftpServerConfig(bind, writeEnabled, rollover, first, max, retransmissions, maxBlockSize,
                maxWindowSize, maxTransfers, maxTransfersPerClient, maxUploadBytes, progressInterval, ioThreads, multicast, transport, lockStepThreads);
    }

    public TftpServerConfig withLimits(int blockSize, int windowSize, int transfers, int transfersPerClient,
                                       long uploadBytes) {
        return new TftpServerConfig(bind, writeEnabled, rollover, retransmitTimeout, maxRetransmitTimeout,
                maxRetransmissions, blockSize, windowSize, transfers, transfersPerClient, uploadBytes,
                progressInterval, ioThreads, multicast, transport, lockStepThreads);
    }

    public TftpServerConfig withProgressInterval(Duration interval) {
        return new TftpServerConfig(bind, writeEnabled, rollover, retransmitTimeout, maxRetransmitTimeout,
                maxRetransmissions, maxBlockSize, maxWindowSize, maxTransfers, maxTransfersPerClient, maxUploadBytes,
                interval, ioThreads, multicast, transport, lockStepThreads);
    }

    /** Joins {@code m} on every socket (the SPA recovery loader's group); null for none. */
    public TftpServerConfig withMulticast(TftpMulticast m) {
        return new TftpServerConfig(bind, writeEnabled, rollover, retransmitTimeout, maxRetransmitTimeout,
                maxRetransmissions, maxBlockSize, maxWindowSize, maxTransfers, maxTransfersPerClient, maxUploadBytes,
                progressInterval, ioThreads, m, transport, lockStepThreads);
    }

    public TftpServerConfig withIoThreads(int threads) {
        return new TftpServerConfig(bind, writeEnabled, rollover, retransmitTimeout, maxRetransmitTimeout,
                maxRetransmissions, maxBlockSize, maxWindowSize, maxTransfers, maxTransfersPerClient, maxUploadBytes,
                progressInterval, threads, multicast, transport, lockStepThreads);
    }

    /** The sockets' network transport; {@link TftpTransport#AUTO} by default. */
    public TftpServerConfig withTransport(TftpTransport t) {
        return new TftpServerConfig(bind, writeEnabled, rollover, retransmitTimeout, maxRetransmitTimeout,
                maxRetransmissions, maxBlockSize, maxWindowSize, maxTransfers, maxTransfersPerClient, maxUploadBytes,
                progressInterval, ioThreads, multicast, t, lockStepThreads);
    }

    /** Lock-step downloads on threads of their own (the default) or on the event loops. */
    public TftpServerConfig withLockStepThreads(boolean on) {
        return new TftpServerConfig(bind, writeEnabled, rollover, retransmitTimeout, maxRetransmitTimeout,
                maxRetransmissions, maxBlockSize, maxWindowSize, maxTransfers, maxTransfersPerClient, maxUploadBytes,
                progressInterval, ioThreads, multicast, transport, on);
    }
}
