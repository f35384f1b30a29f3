package org.phonerescue.servers.event;

import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.Map;

/**
 * A request the server accepted; the transfer with {@code transferId} starts now.
 *
 * @param requestedName the name exactly as the client sent it
 * @param servedName    the file served (or written), relative to the root, after the lookup rules
 * @param options       what was agreed with the client (TFTP: the options of the OACK, in order;
 *                      HTTP: e.g. the range); empty when nothing was negotiated
 * @param size          bytes the transfer will carry, or -1 when not known in advance
 */
public record TransferRequested(Instant time, ServedProtocol protocol, InetSocketAddress client, long transferId,
                                TransferDirection direction, String requestedName, String servedName,
                                Map<String, String> options, long size) implements ServerEvent {

    public TransferRequested {
        options = Map.copyOf(options);
    }
}
