package org.phonerescue.core.report;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * IPv4 aliases that keep what a finding says about networks true: "A is not in N/24, the phone's
 * network" must still hold after aliasing, or the report contradicts itself.
 *
 * <p>Each real network (its /24, or the wider network a DHCP netmask names) gets one alias network
 * of the same size, and the host part is kept: a network address stays a network address,
 * {@code .255} stays the broadcast, {@code .1} stays {@code .1}. Two addresses in one real /24
 * share an alias /24, addresses of different real /24s get different ones, and no alias network
 * is a network of the capture, so no alias is a real address of the capture. The host part alone
 * (one octet, or two in a /16) identifies nobody.
 *
 * <p>Alias networks come from RFC 5737's documentation networks first, which a reader knows for
 * stand-ins; then from 198.18.0.0/15 (RFC 2544 §C.2.2, benchmarking, in RFC 6890's special-purpose
 * registry: never routed, so never a real network of the reader's either), which also holds the
 * wider networks; then from 240.0.0.0/4 (RFC 1112 §4, reserved, never assigned), only for captures
 * of hundreds of networks. A netmask wider than /16 is kept as its /16: beyond that the relation
 * holds for the /16 around the address the mask came with, not the whole network.
 */
final class Ipv4Aliases {

    /** The widest network whose relations are kept. */
    static final int WIDEST = 16;

    private static final int[] DOCUMENTATION = {0xC00002, 0xC63364, 0xCB0071}; // 192.0.2, 198.51.100, 203.0.113
    /** Pools of /24s, as {first /24, count}: 198.18.0.0/15, then 240.0.0.0/4. */
    private static final int[][] POOLS = {{0xC61200, 512}, {0xF00000, 1 << 20}};

    /** A network: its address and prefix length. */
    private record Block(int base, int prefix) {
        boolean contains(int ip) {
            return (ip & mask(prefix)) == base;
        }
    }

    private final Set<Integer> real = new HashSet<>();
    private final Set<Integer> realNets = new HashSet<>();
    private final List<Block> dhcpNetworks = new ArrayList<>();
    private final Map<Block, Integer> aliasNetworks = new HashMap<>();
    private final Set<Integer> usedNets = new HashSet<>();
    private final Map<String, String> aliases = new HashMap<>();
    private final Set<String> aliasValues = new HashSet<>();
    private final int[] cursors = new int[POOLS.length];

    /** An address of the capture: no alias may be it, nor fall in its /24. Call before any {@link #alias}. */
    void real(String ip) {
        Integer v = parse(ip);
        if (v != null && !stays(v)) {
            real.add(v);
            realNets.add(v >>> 8);
        }
    }

    /** A network a DHCP server gave (an address and its netmask): its addresses map as one block. */
    void network(String ip, String netmask) {
        Integer v = ip == null ? null : parse(ip);
        Integer m = netmask == null ? null : parse(netmask);
        if (v == null || m == null || stays(v)) {
            return;
        }
        int prefix = Integer.bitCount(m);
        if (m != mask(prefix) || prefix >= 24) {
            return; // not contiguous (RFC 950), or no wider than the /24 every address keeps anyway
        }
        prefix = Math.max(prefix, WIDEST);
        Block b = new Block(v & mask(prefix), prefix);
        if (!dhcpNetworks.contains(b)) {
            dhcpNetworks.add(b);
        }
    }

    boolean has(String ip) {
        return aliases.containsKey(ip);
    }

    /** The alias of an address; addresses that identify nobody stay as they are. */
    String alias(String ip) {
        String known = aliases.get(ip);
        if (known != null) {
            return known;
        }
        Integer v = parse(ip);
        if (v == null) {
            return ip;
        }
        if (stays(v)) {
            return ip;
        }
        String alias = reversedTwin(ip, v);
        if (alias == null) {
            Block block = blockOf(v);
            alias = dotted(aliasNetwork(block) | v & ~mask(block.prefix()));
        }
        aliases.put(ip, alias);
        aliasValues.add(alias);
        return alias;
    }

    /**
     * An address whose bytes reversed already have an alias gets that alias reversed, so an
     * option-150 byte-order finding still reads true; unless that lands on a real address or in
     * the alias networks, where it could be taken for another device.
     */
    private String reversedTwin(String ip, int v) {
        String reversed = dotted(Integer.reverseBytes(v));
        if (reversed.equals(ip) || !aliases.containsKey(reversed)) {
            return null;
        }
        int twin = Integer.reverseBytes(parse(aliases.get(reversed)));
        String alias = dotted(twin);
        return real.contains(twin) || inAliasSpace(twin) || aliasValues.contains(alias) ? null : alias;
    }

    /** The real network an address maps with: the widest DHCP network holding it, else its /24. */
    private Block blockOf(int v) {
        Block best = new Block(v & mask(24), 24);
        for (Block b : dhcpNetworks) {
            if (b.prefix() < best.prefix() && b.contains(v)) {
                best = b;
            }
        }
        return best;
    }

    private int aliasNetwork(Block block) {
        Integer known = aliasNetworks.get(block);
        if (known != null) {
            return known;
        }
        int count = 1 << (24 - block.prefix());
        int base = -1;
        if (count == 1) {
            for (int net : DOCUMENTATION) {
                if (free(net, 1)) {
                    base = net;
                    break;
                }
            }
        }
        for (int p = 0; base < 0 && p < POOLS.length; p++) {
            base = fromPool(p, count);
        }
        if (base < 0) {
            throw new IllegalStateException("more networks than 240.0.0.0/4 holds");
        }
        for (int i = 0; i < count; i++) {
            usedNets.add(base + i);
        }
        int alias = base << 8;
        aliasNetworks.put(block, alias);
        return alias;
    }

    /** The first run of count free /24s in a pool, aligned to count; -1 when the pool is full. */
    private int fromPool(int pool, int count) {
        int first = POOLS[pool][0];
        int size = POOLS[pool][1];
        if (count == 1) {
            // /24s are handed out in order: everything below the cursor is taken
            while (cursors[pool] < size && !free(first + cursors[pool], 1)) {
                cursors[pool]++;
            }
            return cursors[pool] < size ? first + cursors[pool] : -1;
        }
        for (int i = 0; i + count <= size; i += count) {
            if (free(first + i, count)) {
                return first + i;
            }
        }
        return -1;
    }

    private boolean free(int net, int count) {
        for (int i = 0; i < count; i++) {
            if (usedNets.contains(net + i) || realNets.contains(net + i)) {
                return false;
            }
        }
        return true;
    }

    private static boolean inAliasSpace(int v) {
        int net = v >>> 8;
        for (int d : DOCUMENTATION) {
            if (net == d) {
                return true;
            }
        }
        for (int[] pool : POOLS) {
            if (net >= pool[0] && net < pool[0] + pool[1]) {
                return true;
            }
        }
        return false;
    }

    /** 0.0.0.0, masks and broadcast (255.x), loopback and multicast (the SPA group 234.4.8.10) mean the same everywhere. */
    private static boolean stays(int v) {
        int first = v >>> 24;
        return v == 0 || first == 255 || first == 127 || first >= 224 && first <= 239;
    }

    static int mask(int prefix) {
        return prefix == 0 ? 0 : -1 << (32 - prefix);
    }

    /** The address as a 32-bit value, or null when the text is no dotted quad. */
    static Integer parse(String ip) {
        String[] p = ip.split("\\.", -1);
        if (p.length != 4) {
            return null;
        }
        int v = 0;
        for (String part : p) {
            if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(Character::isDigit)) {
                return null;
            }
            int n = Integer.parseInt(part);
            if (n > 255) {
                return null;
            }
            v = v << 8 | n;
        }
        return v;
    }

    static String dotted(int v) {
        return (v >>> 24) + "." + (v >>> 16 & 0xFF) + "." + (v >>> 8 & 0xFF) + "." + (v & 0xFF);
    }
}
