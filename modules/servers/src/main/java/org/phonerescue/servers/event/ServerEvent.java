package org.phonerescue.servers.event;

import java.net.InetSocketAddress;
import java.time.Instant;

/**
 * Something a file server did for a client: a request it accepted, progress, the end of a
 * transfer, or a request it refused. The timeline shows these events as they come; the log prints
 * one line per event.
 */
public sealed interface ServerEvent
        permits TransferRequested, TransferProgress, TransferCompleted, TransferFailed, RequestRefused, LeaseEvent {

    /** When the server saw it happen. */
    Instant time();

    ServedProtocol protocol();

    /** The client's address and port (for TFTP, its transfer ID). */
    InetSocketAddress client();
}
