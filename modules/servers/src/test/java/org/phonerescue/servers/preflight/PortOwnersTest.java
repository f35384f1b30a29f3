package org.phonerescue.servers.preflight;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Reads the real /proc of this machine: a port this test holds must be found, with this process as owner. */
class PortOwnersTest {

    @Test
    void findsThisProcessHoldingAUdpAndATcpPort() throws Exception {
        long me = ProcessHandle.current().pid();
        try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
             ServerSocket tcp = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            List<PortOwners.Holder> u = new PortOwners().holders("udp", udp.getLocalPort());
            assertEquals(1, u.size(), u.toString());
            assertEquals("127.0.0.1:" + udp.getLocalPort(), u.get(0).localAddress());
            assertTrue(u.get(0).owners().stream().anyMatch(o -> o.pid() == me), u.toString());
            List<PortOwners.Holder> t = new PortOwners().holders("tcp", tcp.getLocalPort());
            assertEquals(1, t.size(), t.toString());
            assertTrue(t.get(0).owners().stream().anyMatch(o -> o.pid() == me), t.toString());
        }
    }

    @Test
    void aFreePortHasNoHolders() throws Exception {
        int port;
        try (DatagramSocket probe = new DatagramSocket(0)) {
            port = probe.getLocalPort();
        }
        assertEquals(List.of(), new PortOwners().holders("udp", port));
    }

    @Test
    void readsProcAddresses() {
        assertEquals("127.0.0.1", PortOwners.address("0100007F"));
        assertEquals("0.0.0.0", PortOwners.address("00000000"));
        assertEquals("[::]", PortOwners.address("00000000000000000000000000000000"));
        assertEquals("10.231.20.1", PortOwners.address("0000000000000000FFFF00000114E70A"));
    }
}
