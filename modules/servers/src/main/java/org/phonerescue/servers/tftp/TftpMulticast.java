package org.phonerescue.servers.tftp;

import java.net.InetAddress;

/**
 * A multicast group the TFTP server joins on one interface, for every socket it opens: the SPA
 * recovery loader sends its RRQ to 234.4.8.10:69 and every ACK to 234.4.8.10:TID (SPA field
 * model, "What the phone does after an Upgrade"), so only a server that joined the group on the
 * phone's interface hears it.
 *
 * @param group         the IPv4 group, e.g. 234.4.8.10
 * @param interfaceName the interface the phone is on
 */
public record TftpMulticast(InetAddress group, String interfaceName) {

    public TftpMulticast {
        if (!group.isMulticastAddress() || group.getAddress().length != 4) {
            throw new IllegalArgumentException(group.getHostAddress() + " is not an IPv4 multicast group");
        }
    }
}
