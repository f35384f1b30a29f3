package org.phonerescue.servers.event;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;

/**
 * A transfer that ended well: every byte was acknowledged (read) or written (write).
 *
 * @param servedName      the file, relative to the root
 * @param bytes           file bytes carried
 * @param elapsed         from the request to the end
 * @param retransmissions packets sent again because the peer did not answer in time
 */
public record TransferCompleted(Instant time, ServedProtocol protocol, InetSocketAddress client, long transferId,
                                TransferDirection direction, String servedName, long bytes, Duration elapsed,
                                long retransmissions) implements ServerEvent {
}
