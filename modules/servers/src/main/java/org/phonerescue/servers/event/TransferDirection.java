package org.phonerescue.servers.event;

/** READ: the client downloads from us (TFTP RRQ, HTTP GET). WRITE: the client uploads (TFTP WRQ). */
public enum TransferDirection {
    READ, WRITE
}
