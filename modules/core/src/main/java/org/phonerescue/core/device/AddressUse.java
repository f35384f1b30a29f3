package org.phonerescue.core.device;

/**
 * One IP address a device used, and when: the first and last frame it appeared in as the
 * device's source address (or was assigned to it by a DHCP ACK).
 *
 * @param ip         dotted quad or RFC 5952 text
 * @param firstFrame frame number, from 1
 * @param lastFrame  frame number
 * @param firstTime  nanoseconds since 1970, or {@code PacketView.NO_TIME}
 * @param lastTime   nanoseconds since 1970
 * @param how        how it was first learnt: "source" (sent from it), "arp", "dhcp" (assigned)
 * @param sent       whether the device sent IP packets from this address
 */
public record AddressUse(String ip, long firstFrame, long lastFrame, long firstTime, long lastTime, String how,
                         boolean sent) {
}
