package org.phonerescue.servers.dhcp;

import java.net.Inet4Address;
import java.net.InterfaceAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How a {@link DhcpServer} behaves: the one interface it serves, its pool, its options.
 *
 * @param interfaceName  the interface the phone is on; replies leave only through it
 * @param serverAddress  this machine's IPv4 address on that interface (the server identifier)
 * @param prefixLength   the interface's prefix (option 1 is derived from it)
 * @param poolFirst      first address handed out
 * @param poolLast       last address handed out
 * @param leaseSeconds   lease time (option 51)
 * @param options        options sent in every OFFER and ACK, in this order (3, 6, 66, 67, 150, 43,
 *                       free-form), values as on the wire
 * @param staticLeases   MAC (aa:bb:cc:dd:ee:ff) → address, always given to that MAC
 * @param probe          how long to look for another DHCP server before answering anything
 * @param serverPort     67 (other values for tests only)
 * @param clientPort     68 (other values for tests only)
 */
public record DhcpServerConfig(String interfaceName, Inet4Address serverAddress, int prefixLength,
                               Inet4Address poolFirst, Inet4Address poolLast, long leaseSeconds,
                               Map<Integer, byte[]> options, Map<String, Inet4Address> staticLeases, Duration probe,
                               int serverPort, int clientPort) {

    /**
     * Servers check that an address is free before offering it — busybox udhcpd pings for 2 s,
     * ISC dhcpd for 1 s — so their offer comes seconds after the DISCOVER; 5 s sees them all.
     */
    public static final Duration DEFAULT_PROBE = Duration.ofSeconds(5);

    public DhcpServerConfig {
        options = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(options));
        staticLeases = Map.copyOf(staticLeases);
        if (prefixLength < 8 || prefixLength > 30) {
            throw new IllegalArgumentException("prefix /" + prefixLength + " is not a LAN a phone can be served on");
        }
        long first = toLong(poolFirst);
        long last = toLong(poolLast);
        if (last < first) {
            throw new IllegalArgumentException("pool " + poolFirst.getHostAddress() + "-" + poolLast.getHostAddress()
                    + " ends before it starts");
        }
        if (last - first > 65535) {
            throw new IllegalArgumentException("pool of " + (last - first + 1) + " addresses; at most 65536");
        }
        for (Inet4Address a : new Inet4Address[] {poolFirst, poolLast}) {
            if (!inSubnet(a, serverAddress, prefixLength)) {
                throw new IllegalArgumentException(a.getHostAddress() + " is not in " + interfaceName + "'s subnet "
                        + serverAddress.getHostAddress() + "/" + prefixLength);
            }
        }
        long self = toLong(serverAddress);
        if (self >= first && self <= last) {
            throw new IllegalArgumentException("the pool holds this machine's own address " + serverAddress.getHostAddress());
        }
        for (Map.Entry<String, Inet4Address> e : staticLeases.entrySet()) {
            if (!inSubnet(e.getValue(), serverAddress, prefixLength)) {
                throw new IllegalArgumentException("static lease " + e.getKey() + " = " + e.getValue().getHostAddress()
                        + " is not in the subnet");
            }
        }
        if (probe.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("the probe for other DHCP servers lasts at least 1 s");
        }
    }

    /**
     * The configuration for interface {@code name}: its first IPv4 address and prefix, a one-hour
     * lease, a 5 s probe, the standard ports.
     *
     * @throws IllegalArgumentException when there is no such interface or it has no IPv4 address
     */
    public static DhcpServerConfig forInterface(String name, Inet4Address poolFirst, Inet4Address poolLast)
            throws SocketException {
        NetworkInterface nif = NetworkInterface.getByName(name);
        if (nif == null) {
            throw new IllegalArgumentException("no network interface named '" + name + "' (see 'ip -brief link')");
        }
        for (InterfaceAddress ia : nif.getInterfaceAddresses()) {
            if (ia.getAddress() instanceof Inet4Address a) {
                return new DhcpServerConfig(name, a, ia.getNetworkPrefixLength(), poolFirst, poolLast, 3600,
                        Map.of(), Map.of(), DEFAULT_PROBE, 67, 68);
            }
        }
        throw new IllegalArgumentException("interface '" + name + "' has no IPv4 address; give it one first,"
                + " e.g. 'sudo ip address add 192.168.1.1/24 dev " + name + "'");
    }

    public DhcpServerConfig withOptions(Map<Integer, byte[]> opts) {
        return new DhcpServerConfig(interfaceName, serverAddress, prefixLength, poolFirst, poolLast, leaseSeconds, opts,
                staticLeases, probe, serverPort, clientPort);
    }

    public DhcpServerConfig withStaticLeases(Map<String, Inet4Address> leases) {
        return new DhcpServerConfig(interfaceName, serverAddress, prefixLength, poolFirst, poolLast, leaseSeconds,
                options, leases, probe, serverPort, clientPort);
    }

    public DhcpServerConfig withLease(long seconds, Duration probeTime) {
        return new DhcpServerConfig(interfaceName, serverAddress, prefixLength, poolFirst, poolLast, seconds, options,
                staticLeases, probeTime, serverPort, clientPort);
    }

    public DhcpServerConfig withPorts(int server, int client) {
        return new DhcpServerConfig(interfaceName, serverAddress, prefixLength, poolFirst, poolLast, leaseSeconds,
                options, staticLeases, probe, server, client);
    }

    /** Option 1, from the prefix. */
    public byte[] subnetMask() {
        long mask = prefixLength == 0 ? 0 : (0xFFFFFFFFL << (32 - prefixLength)) & 0xFFFFFFFFL;
        return new byte[] {(byte) (mask >>> 24), (byte) (mask >>> 16), (byte) (mask >>> 8), (byte) mask};
    }

    static long toLong(Inet4Address a) {
        byte[] b = a.getAddress();
        return ((b[0] & 0xFFL) << 24) | ((b[1] & 0xFFL) << 16) | ((b[2] & 0xFFL) << 8) | (b[3] & 0xFFL);
    }

    static Inet4Address fromLong(long v) {
        return DhcpMessage.address(new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v});
    }

    static boolean inSubnet(Inet4Address a, Inet4Address net, int prefix) {
        long mask = (0xFFFFFFFFL << (32 - prefix)) & 0xFFFFFFFFL;
        return (toLong(a) & mask) == (toLong(net) & mask);
    }
}
