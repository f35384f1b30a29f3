package org.phonerescue.servers.event;

import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.time.Instant;

/**
 * What the DHCP server did for one client message.
 *
 * @param mac          the client's hardware address, aa:bb:cc:dd:ee:ff
 * @param kind         what happened
 * @param address      the address offered, granted, released or declined; null when none
 * @param leaseSeconds the lease granted, or 0
 * @param hostname     option 12 as sent by the client, or null
 * @param vendorClass  option 60 as sent by the client (e.g. "TI-dhcp 0.1" from an SPA loader), or null
 * @param detail       for REFUSED: why, in words; else null
 */
public record LeaseEvent(Instant time, ServedProtocol protocol, InetSocketAddress client, String mac, Kind kind,
                         Inet4Address address, long leaseSeconds, String hostname, String vendorClass, String detail)
        implements ServerEvent {

    public enum Kind {
        /** DHCPOFFER sent for a DHCPDISCOVER. */
        OFFERED,
        /** DHCPACK sent: the client may use the address. */
        GRANTED,
        /** DHCPACK sent for a DHCPINFORM: options only, no address. */
        INFORMED,
        /** The client gave its address back (DHCPRELEASE). */
        RELEASED,
        /** The client found its address in use (DHCPDECLINE); it is not handed out again. */
        DECLINED,
        /** DHCPNAK sent, or nothing could be offered. */
        REFUSED
    }
}
