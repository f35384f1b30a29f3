package org.phonerescue.servers.event;

import java.net.InetSocketAddress;
import java.time.Instant;

/**
 * A request the server answered with an error and no transfer.
 *
 * @param requestedName the name exactly as the client sent it (null when the request had none)
 * @param reason        why, as a category
 * @param detail        why, in words
 * @param closestName   for {@link RefusalReason#NOT_FOUND}: the existing name closest to the one
 *                      asked for, relative to the root, or null when the root holds nothing alike
 */
public record RequestRefused(Instant time, ServedProtocol protocol, InetSocketAddress client,
                             String requestedName, RefusalReason reason, String detail, String closestName)
        implements ServerEvent {
}
