package org.phonerescue.core.pcap;

import java.util.Map;

/**
 * A capture's link-layer header type, as registered in the tcpdump.org LINKTYPE_ list
 * (also draft-ietf-opsawg-pcaplinktype). Unknown codes are kept, not rejected: the packets
 * are still listed, only their contents stay undecoded.
 *
 * @param code the LINKTYPE_ value found in the file (the low 16 bits of the pcap header field)
 */
public record LinkType(int code) {

    /** For a pcapng packet whose interface was never described (a damaged file). */
    public static final LinkType NO_INTERFACE = new LinkType(-1);
    /**
     * Not a link type: marks a pcapng Custom Block (§4.8), which Wireshark lists as a frame of its
     * own. Keeping it as a record keeps our packet numbers equal to Wireshark's frame numbers.
     */
    public static final LinkType CUSTOM_BLOCK = new LinkType(-2);
    public static final LinkType NULL = new LinkType(0);
    public static final LinkType ETHERNET = new LinkType(1);
    public static final LinkType RAW = new LinkType(101);
    public static final LinkType IEEE802_11 = new LinkType(105);
    public static final LinkType LOOP = new LinkType(108);
    public static final LinkType LINUX_SLL = new LinkType(113);
    public static final LinkType IPV4 = new LinkType(228);
    public static final LinkType IPV6 = new LinkType(229);
    public static final LinkType LINUX_SLL2 = new LinkType(276);

    private static final Map<Integer, String> NAMES = Map.ofEntries(
            Map.entry(-2, "PCAPNG custom block"),
            Map.entry(-1, "no interface description"),
            Map.entry(0, "NULL (BSD loopback)"),
            Map.entry(1, "Ethernet"),
            Map.entry(6, "IEEE 802.5 Token Ring"),
            Map.entry(9, "PPP"),
            Map.entry(101, "Raw IP"),
            Map.entry(104, "Cisco HDLC"),
            Map.entry(105, "IEEE 802.11"),
            Map.entry(108, "OpenBSD loopback"),
            Map.entry(113, "Linux cooked (SLL)"),
            Map.entry(127, "IEEE 802.11 radiotap"),
            Map.entry(147, "User 0"),
            Map.entry(228, "Raw IPv4"),
            Map.entry(229, "Raw IPv6"),
            Map.entry(276, "Linux cooked v2 (SLL2)"));

    public static LinkType of(int code) {
        return switch (code) {
            case 0 -> NULL;
            case 1 -> ETHERNET;
            case 101 -> RAW;
            case 108 -> LOOP;
            case 113 -> LINUX_SLL;
            case 228 -> IPV4;
            case 229 -> IPV6;
            case 276 -> LINUX_SLL2;
            default -> new LinkType(code);
        };
    }

    /** Whether the decoders of this product understand this link type. */
    public boolean isDecodable() {
        return switch (code) {
            case 0, 1, 101, 108, 113, 228, 229, 276 -> true;
            default -> false;
        };
    }

    public String displayName() {
        String name = NAMES.get(code);
        return name != null ? name : "unknown link type " + code;
    }

    @Override
    public String toString() {
        return displayName();
    }
}
