package org.phonerescue.servers.dhcp;

import java.net.Inet4Address;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Which address belongs to which MAC. Used from the DHCP server's single thread only.
 *
 * <p>An address is offered for a short while (RFC 2131 §4.3.1 lets the server reserve it) and
 * bound when the client requests it; a static lease always wins for its MAC and is never given
 * to another; a declined address is never handed out again while the server runs.
 */
final class LeaseTable {

    /** How long an offered address stays reserved for the client that was offered it. */
    static final long OFFER_HOLD_NANOS = 30_000_000_000L;

    private record Lease(String mac, long address, long expiresNanos) {
    }

    private final DhcpServerConfig config;
    private final long first;
    private final long last;
    private final Map<String, Lease> byMac = new HashMap<>();
    private final Map<Long, Lease> byAddress = new HashMap<>();
    private final Set<Long> declined = new HashSet<>();
    private final Map<Long, String> staticOwners = new HashMap<>();

    LeaseTable(DhcpServerConfig config) {
        this.config = config;
        this.first = DhcpServerConfig.toLong(config.poolFirst());
        this.last = DhcpServerConfig.toLong(config.poolLast());
        config.staticLeases().forEach((mac, a) -> staticOwners.put(DhcpServerConfig.toLong(a), mac));
    }

    /** The address to offer {@code mac}, preferring {@code requested}; null when the pool is exhausted. */
    Inet4Address offer(String mac, Inet4Address requested, long now) {
        Inet4Address fixed = config.staticLeases().get(mac);
        if (fixed != null) {
            return fixed;
        }
        Lease existing = byMac.get(mac);
        if (existing != null && !declined.contains(existing.address())) {
            hold(mac, existing.address(), Math.max(existing.expiresNanos(), now + OFFER_HOLD_NANOS));
            return DhcpServerConfig.fromLong(existing.address());
        }
        if (requested != null && free(DhcpServerConfig.toLong(requested), mac, now)) {
            hold(mac, DhcpServerConfig.toLong(requested), now + OFFER_HOLD_NANOS);
            return requested;
        }
        for (long a = first; a <= last; a++) {
            if (free(a, mac, now)) {
                hold(mac, a, now + OFFER_HOLD_NANOS);
                return DhcpServerConfig.fromLong(a);
            }
        }
        return null;
    }

    /** Binds {@code address} to {@code mac} for the lease time, when it may be; false means NAK. */
    boolean bind(String mac, Inet4Address address, long now) {
        long a = DhcpServerConfig.toLong(address);
        Inet4Address fixed = config.staticLeases().get(mac);
        if (fixed != null) {
            return fixed.equals(address);
        }
        if (!free(a, mac, now)) {
            return false;
        }
        hold(mac, a, now + config.leaseSeconds() * 1_000_000_000L);
        return true;
    }

    void release(String mac, Inet4Address address) {
        Lease l = byMac.get(mac);
        if (l != null && l.address() == DhcpServerConfig.toLong(address)) {
            byMac.remove(mac);
            byAddress.remove(l.address());
        }
    }

    void decline(String mac, Inet4Address address) {
        long a = DhcpServerConfig.toLong(address);
        declined.add(a);
        Lease l = byAddress.remove(a);
        if (l != null) {
            byMac.remove(l.mac());
        }
    }

    /** Whether {@code a} is in the pool (or {@code mac}'s static address) and not someone else's. */
    private boolean free(long a, String mac, long now) {
        if (a < first || a > last || declined.contains(a)) {
            return false;
        }
        String owner = staticOwners.get(a);
        if (owner != null && !owner.equals(mac)) {
            return false;
        }
        Lease l = byAddress.get(a);
        return l == null || l.mac().equals(mac) || l.expiresNanos() - now < 0;
    }

    private void hold(String mac, long a, long until) {
        Lease old = byMac.remove(mac);
        if (old != null) {
            byAddress.remove(old.address());
        }
        Lease other = byAddress.remove(a);
        if (other != null) {
            byMac.remove(other.mac());
        }
        Lease l = new Lease(mac, a, until);
        byMac.put(mac, l);
        byAddress.put(a, l);
    }
}
