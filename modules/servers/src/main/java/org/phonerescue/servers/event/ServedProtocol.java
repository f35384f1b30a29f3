package org.phonerescue.servers.event;

/** The protocol a server event belongs to. */
public enum ServedProtocol {
    TFTP, HTTP, FTP, DHCP
}
