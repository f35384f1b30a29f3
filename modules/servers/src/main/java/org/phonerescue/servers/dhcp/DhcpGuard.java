package org.phonerescue.servers.dhcp;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.phonerescue.core.device.LoaderFingerprints;

/**
 * Looks for another DHCP server on the interface before ours answers anything: two networks'
 * worth of phones getting addresses from a laptop is the accident a DHCP server must never cause.
 *
 * <p>It broadcasts a DHCPDISCOVER (broadcast flag set, so answers are broadcast too) from the
 * interface's address — on Linux a limited broadcast from a bound address leaves through that
 * address's interface — twice during the probe, and listens on the client port for any
 * DHCPOFFER or DHCPACK. An answer to our own transaction ID can only come from that link; other
 * replies count when they come from the interface's subnet.
 */
public final class DhcpGuard {

    /** What the probe found. */
    public record Finding(List<String> otherServers) {

        public Finding {
            otherServers = List.copyOf(otherServers);
        }

        public boolean clear() {
            return otherServers.isEmpty();
        }
    }

    private DhcpGuard() {
    }

    /**
     * Probes for {@code config.probe()}.
     *
     * @throws IOException when the client port cannot be listened on (then nothing can be told)
     */
    public static Finding probe(DhcpServerConfig config) throws IOException {
        return probe(config.interfaceName(), config.serverAddress(), config.prefixLength(), config.probe(),
                config.serverPort(), config.clientPort());
    }

    /**
     * Probes interface {@code interfaceName}, whose IPv4 address is {@code address}/{@code prefix},
     * for {@code duration}.
     */
    public static Finding probe(String interfaceName, Inet4Address address, int prefix, java.time.Duration duration,
                                int serverPort, int clientPort) throws IOException {
        long xid = new SecureRandom().nextInt() & 0xFFFFFFFFL;
        byte[] mac = interfaceMac(interfaceName);
        Map<String, String> found = new LinkedHashMap<>();
        try (DatagramChannel listen = DatagramChannel.open(java.net.StandardProtocolFamily.INET);
             DatagramChannel send = DatagramChannel.open(java.net.StandardProtocolFamily.INET)) {
            for (DatagramChannel c : new DatagramChannel[] {listen, send}) {
                c.setOption(StandardSocketOptions.SO_REUSEADDR, true);
                c.setOption(StandardSocketOptions.SO_BROADCAST, true);
            }
            listen.bind(new InetSocketAddress(clientPort));
            send.bind(new InetSocketAddress(address, clientPort));
            listen.configureBlocking(false);
            java.nio.channels.Selector selector = java.nio.channels.Selector.open();
            listen.register(selector, java.nio.channels.SelectionKey.OP_READ);
            byte[] discover = discover(xid, mac);
            InetSocketAddress everyone = new InetSocketAddress("255.255.255.255", serverPort);
            long start = System.nanoTime();
            long end = start + duration.toNanos();
            long resendAt = start + duration.toNanos() / 2;
            boolean resent = false;
            send.send(ByteBuffer.wrap(discover), everyone);
            ByteBuffer buf = ByteBuffer.allocate(2048);
            while (true) {
                long now = System.nanoTime();
                if (!resent && now >= resendAt) {
                    send.send(ByteBuffer.wrap(discover), everyone);
                    resent = true;
                }
                long wait = Math.min(end, resent ? end : resendAt) - now;
                if (now >= end) {
                    break;
                }
                selector.select(Math.max(1, wait / 1_000_000));
                selector.selectedKeys().clear();
                InetSocketAddress from;
                while ((from = (InetSocketAddress) listen.receive(buf.clear())) != null) {
                    DhcpMessage m = DhcpMessage.parse(buf.array(), 0, buf.position());
                    if (m == null || m.op() != DhcpMessage.BOOTREPLY
                            || (m.messageType() != DhcpMessage.OFFER && m.messageType() != DhcpMessage.ACK)) {
                        continue;
                    }
                    boolean ours = m.xid() == xid;
                    boolean sameLink = from.getAddress() instanceof Inet4Address a
                            && DhcpServerConfig.inSubnet(a, address, prefix);
                    if (!ours && !sameLink) {
                        continue;
                    }
                    Inet4Address id = m.optionAddress(DhcpMessage.OPT_SERVER_ID);
                    String server = id != null ? id.getHostAddress() : from.getAddress().getHostAddress();
                    found.putIfAbsent(server, "DHCP server " + server + " (packets from "
                            + from.getAddress().getHostAddress() + ") "
                            + (ours ? "answered our probe" : "answered another client")
                            + (m.messageType() == DhcpMessage.OFFER ? " with an offer of " : " with a lease of ")
                            + DhcpMessage.address(m.yiaddr()).getHostAddress());
                }
            }
            selector.close();
        }
        return new Finding(new ArrayList<>(found.values()));
    }

    private static byte[] discover(long xid, byte[] mac) {
        Map<Integer, byte[]> opts = new LinkedHashMap<>();
        opts.put(DhcpMessage.OPT_MESSAGE_TYPE, new byte[] {DhcpMessage.DISCOVER});
        opts.put(DhcpMessage.OPT_PARAMETER_LIST, new byte[] {1, 3, 6, 54});
        opts.put(DhcpMessage.OPT_VENDOR_CLASS, DhcpOptionValues.text(LoaderFingerprints.SERVER_PROBE_VENDOR_CLASS));
        byte[] zero = new byte[4];
        return new DhcpMessage(DhcpMessage.BOOTREQUEST, 1, 0, xid, 0, DhcpMessage.FLAG_BROADCAST, zero, zero, zero,
                zero, mac, opts).encode();
    }

    /** The interface's MAC; a locally administered stand-in when it has none (e.g. a tunnel). */
    private static byte[] interfaceMac(String name) throws IOException {
        NetworkInterface nif = NetworkInterface.getByName(name);
        byte[] mac = nif == null ? null : nif.getHardwareAddress();
        return mac != null && mac.length == 6 ? mac : new byte[] {0x02, 0x50, 0x52, 0x00, 0x00, 0x01};
    }
}
