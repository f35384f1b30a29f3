package org.phonerescue.servers.tftp;

import java.net.InetSocketAddress;
import org.phonerescue.servers.event.ServerEventListener;

/**
 * What a transfer is given when the request is accepted.
 *
 * @param size bytes the transfer will carry, or -1 when not known in advance
 */
record TransferSetup(long id, InetSocketAddress client, String requestedName, String servedName, long size,
                     NegotiatedOptions options, TftpServerConfig config, ServerEventListener events,
                     TransferRegistry registry) {
}
