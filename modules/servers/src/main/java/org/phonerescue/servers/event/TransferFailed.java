package org.phonerescue.servers.event;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;

/**
 * A transfer that started but did not finish.
 *
 * @param bytes  file bytes carried before it stopped
 * @param reason what happened, in words (e.g. "no answer after 5 retransmissions", "client sent
 *               ERROR 0: transfer cancelled")
 */
public record TransferFailed(Instant time, ServedProtocol protocol, InetSocketAddress client, long transferId,
                             TransferDirection direction, String servedName, long bytes, Duration elapsed,
                             String reason) implements ServerEvent {
}
