package org.phonerescue.cli;

import java.net.Inet4Address;
import java.net.SocketException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.phonerescue.servers.dhcp.DhcpOptionValues;
import org.phonerescue.servers.dhcp.DhcpServerConfig;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The options of {@code serve --dhcp IFACE}: pool, static leases, lease time, probe, and what the phone is told. */
final class DhcpServeMixin {

    @Mixin
    DhcpOptionsMixin values;

    @Option(names = "--dhcp-pool", paramLabel = "FIRST-LAST", description = "addresses to hand out, e.g. 192.168.1.100-192.168.1.150")
    String pool;

    @Option(names = "--dhcp-static", paramLabel = "MAC=ADDRESS", description = "always give ADDRESS to MAC; repeatable")
    Map<String, String> statics = new LinkedHashMap<>();

    @Option(names = "--dhcp-lease", defaultValue = "3600", paramLabel = "SECONDS", description = "lease time; default ${DEFAULT-VALUE}")
    long leaseSeconds;

    @Option(names = "--dhcp-probe", defaultValue = "5", paramLabel = "SECONDS",
            description = "how long to look for another DHCP server first (at least 1; servers that check an"
                    + " address before offering it answer after 1-2 s); default ${DEFAULT-VALUE}")
    long probeSeconds;

    DhcpServerConfig config(String interfaceName) throws SocketException {
        if (pool == null) {
            throw new IllegalArgumentException("--dhcp needs --dhcp-pool FIRST-LAST");
        }
        String[] ends = pool.split("-");
        if (ends.length != 2) {
            throw new IllegalArgumentException("--dhcp-pool is FIRST-LAST, e.g. 192.168.1.100-192.168.1.150");
        }
        Map<String, Inet4Address> fixed = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : statics.entrySet()) {
            String mac = e.getKey().toLowerCase(java.util.Locale.ROOT).replace('-', ':');
            if (!mac.matches("([0-9a-f]{2}:){5}[0-9a-f]{2}")) {
                throw new IllegalArgumentException("'" + e.getKey() + "' is not a MAC address (aa:bb:cc:dd:ee:ff)");
            }
            fixed.put(mac, DhcpOptionValues.ipv4(e.getValue()));
        }
        return DhcpServerConfig.forInterface(interfaceName, DhcpOptionValues.ipv4(ends[0]), DhcpOptionValues.ipv4(ends[1]))
                .withOptions(values.options().values())
                .withStaticLeases(fixed)
                .withLease(leaseSeconds, Duration.ofSeconds(probeSeconds));
    }
}
