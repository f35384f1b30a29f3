package org.phonerescue.core.report;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * IPv6 aliases in the documentation prefix 2001:db8::/32 (RFC 3849) that keep the /64 relation
 * (RFC 4291 §2.5.4: the subnet of nearly every IPv6 address): each real /64 becomes one alias
 * 2001:db8:0:n::/64, and the interface identifiers in it are numbered, not kept, since an
 * interface identifier often carries the MAC (RFC 4291 appendix A, link-local addresses).
 * No alias /64 is a /64 of the capture.
 */
final class Ipv6Aliases {

    private static final long DOCUMENTATION = 0x20010db800000000L;

    private final Set<Long> realNets = new HashSet<>();
    private final Map<Long, Long> aliasNets = new HashMap<>();
    private final Map<Long, Integer> hostCounters = new HashMap<>();
    private final Map<String, String> aliases = new LinkedHashMap<>();
    private long nextNet = 1;

    /** An address of the capture: no alias /64 may be its /64. */
    void real(String ip) {
        byte[] b = parse(ip);
        if (b != null) {
            realNets.add(ByteBuffer.wrap(b).getLong());
        }
    }

    /** Whether the address identifies nobody: the unspecified address and multicast (ff00::/8). */
    static boolean stays(String ip) {
        return ip.regionMatches(true, 0, "ff", 0, 2) || ip.equals("::");
    }

    String alias(String ip) {
        String known = aliases.get(ip);
        if (known != null) {
            return known;
        }
        byte[] b = parse(ip);
        // not an address a parser takes: a network of its own
        long net = b != null ? ByteBuffer.wrap(b).getLong() : Long.MIN_VALUE + aliases.size();
        long alias = aliasNets.computeIfAbsent(net, n -> {
            while (realNets.contains(DOCUMENTATION | nextNet)) {
                nextNet++;
            }
            return nextNet++;
        });
        int host = hostCounters.merge(net, 1, Integer::sum);
        String text = "2001:db8:0:" + Long.toHexString(alias) + "::" + Integer.toHexString(host);
        aliases.put(ip, text);
        return text;
    }

    /** Every address with its alias. */
    Map<String, String> all() {
        return aliases;
    }

    /** The 16 bytes of an IPv6 literal (a zone such as %eth0 left out), or null. */
    private static byte[] parse(String ip) {
        String s = ip.startsWith("[") && ip.endsWith("]") ? ip.substring(1, ip.length() - 1) : ip;
        int zone = s.indexOf('%');
        if (zone >= 0) {
            s = s.substring(0, zone);
        }
        if (s.indexOf(':') < 0 || !s.chars().allMatch(c -> c == ':' || c == '.' || Character.digit(c, 16) >= 0)) {
            return null; // InetAddress would look a name up
        }
        try {
            byte[] b = InetAddress.getByName(s).getAddress();
            return b.length == 16 ? b : null;
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
