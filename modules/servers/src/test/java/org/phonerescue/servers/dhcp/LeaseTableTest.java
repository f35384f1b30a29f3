package org.phonerescue.servers.dhcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LeaseTableTest {

    private static DhcpServerConfig config(String first, String last, Map<String, java.net.Inet4Address> statics) {
        return new DhcpServerConfig("eth9", DhcpOptionValues.ipv4("10.0.0.1"), 24, DhcpOptionValues.ipv4(first),
                DhcpOptionValues.ipv4(last), 600, Map.of(), statics, Duration.ofSeconds(1), 67, 68);
    }

    private static String ip(java.net.Inet4Address a) {
        return a == null ? null : a.getHostAddress();
    }

    @Test
    void offersTheSameAddressAgainAndHonoursARequestedOne() {
        LeaseTable t = new LeaseTable(config("10.0.0.100", "10.0.0.102", Map.of()));
        assertEquals("10.0.0.100", ip(t.offer("aa:aa:aa:aa:aa:01", null, 0)));
        assertEquals("10.0.0.100", ip(t.offer("aa:aa:aa:aa:aa:01", null, 1)));
        assertEquals("10.0.0.102", ip(t.offer("aa:aa:aa:aa:aa:02", DhcpOptionValues.ipv4("10.0.0.102"), 2)));
        assertTrue(t.bind("aa:aa:aa:aa:aa:02", DhcpOptionValues.ipv4("10.0.0.102"), 3));
        assertFalse(t.bind("aa:aa:aa:aa:aa:03", DhcpOptionValues.ipv4("10.0.0.102"), 4), "taken");
        assertFalse(t.bind("aa:aa:aa:aa:aa:03", DhcpOptionValues.ipv4("10.0.0.50"), 4), "outside the pool");
    }

    @Test
    void anExhaustedPoolOffersNothingUntilAnOfferExpires() {
        LeaseTable t = new LeaseTable(config("10.0.0.100", "10.0.0.100", Map.of()));
        assertEquals("10.0.0.100", ip(t.offer("aa:aa:aa:aa:aa:01", null, 0)));
        assertNull(t.offer("aa:aa:aa:aa:aa:02", null, 1));
        assertEquals("10.0.0.100", ip(t.offer("aa:aa:aa:aa:aa:02", null, LeaseTable.OFFER_HOLD_NANOS + 1)));
    }

    @Test
    void staticLeasesAndDeclinedAddresses() {
        LeaseTable t = new LeaseTable(config("10.0.0.100", "10.0.0.101",
                Map.of("00:1b:54:01:02:03", DhcpOptionValues.ipv4("10.0.0.50"))));
        assertEquals("10.0.0.50", ip(t.offer("00:1b:54:01:02:03", DhcpOptionValues.ipv4("10.0.0.100"), 0)));
        assertTrue(t.bind("00:1b:54:01:02:03", DhcpOptionValues.ipv4("10.0.0.50"), 0));
        assertFalse(t.bind("00:1b:54:01:02:03", DhcpOptionValues.ipv4("10.0.0.100"), 0), "a static MAC gets its address");
        t.decline("aa:aa:aa:aa:aa:01", DhcpOptionValues.ipv4("10.0.0.100"));
        assertEquals("10.0.0.101", ip(t.offer("aa:aa:aa:aa:aa:01", null, 0)), "a declined address is not offered");
    }

    @Test
    void aPoolOutsideTheSubnetOrHoldingTheServerIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> config("10.0.1.100", "10.0.1.110", Map.of()));
        assertThrows(IllegalArgumentException.class, () -> config("10.0.0.1", "10.0.0.10", Map.of()));
        assertThrows(IllegalArgumentException.class, () -> config("10.0.0.20", "10.0.0.10", Map.of()));
    }
}
