package org.phonerescue.servers.event;

import java.net.InetSocketAddress;
import java.time.Instant;

/**
 * How far a transfer has got; sent at most a few times a second per transfer.
 *
 * @param bytes      bytes acknowledged by the client (read) or received (write) so far
 * @param size       bytes in all, or -1 when not known
 * @param retransmissions packets sent again so far because the peer did not answer in time
 */
public record TransferProgress(Instant time, ServedProtocol protocol, InetSocketAddress client, long transferId,
                               long bytes, long size, long retransmissions) implements ServerEvent {
}
