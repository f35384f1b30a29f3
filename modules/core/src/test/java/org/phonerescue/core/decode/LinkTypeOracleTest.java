package org.phonerescue.core.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.phonerescue.core.pcap.CaptureFormatException;
import org.phonerescue.core.pcap.CaptureReader;
import org.phonerescue.core.pcap.CapturedPacket;
import org.phonerescue.core.pcap.LinkType;
import org.phonerescue.core.pcap.PcapWriter;
import org.phonerescue.core.testing.SharedCaptures;
import org.phonerescue.core.testing.Tshark;

/**
 * The link types the corpus lacks (raw IP, raw IPv4/IPv6, SLL2, OpenBSD LOOP, NULL with the IPv6
 * families of other systems) are checked by re-framing real IPv4 and IPv6 datagrams from the
 * corpus under each link header, writing a pcap per link type, and comparing our header walk
 * with tshark's reading of the same file.
 */
class LinkTypeOracleTest {

    @TempDir
    Path dir;

    @Test
    void everyLinkTypeWalksToTheSameAddressesAndPortsAsTshark() throws Exception {
        List<byte[]> datagrams = ipDatagramsFromTheCorpus();
        assertTrue(datagrams.stream().anyMatch(d -> (d[0] & 0xF0) == 0x60), "need IPv6 datagrams");
        assertTrue(datagrams.size() > 200, "datagrams: " + datagrams.size());

        check(LinkType.RAW, datagrams, d -> d);
        check(LinkType.IPV4, datagrams.stream().filter(d -> (d[0] & 0xF0) == 0x40).toList(), d -> d);
        check(LinkType.IPV6, datagrams.stream().filter(d -> (d[0] & 0xF0) == 0x60).toList(), d -> d);
        check(LinkType.LINUX_SLL2, datagrams, d -> concat(sll2Header(d), d));
        check(LinkType.LINUX_SLL, datagrams, d -> concat(sllHeader(d), d));
        // OpenBSD LOOP: address family in network byte order, AF_INET6 = 24.
        check(LinkType.LOOP, datagrams, d -> concat(family(ByteOrder.BIG_ENDIAN, isV6(d) ? 24 : 2), d));
        // NULL: the capturing host's byte order; AF_INET6 is 30 on macOS, 28 on FreeBSD.
        check(LinkType.NULL, datagrams, d -> concat(family(ByteOrder.LITTLE_ENDIAN, isV6(d) ? 30 : 2), d));
        check(LinkType.NULL, datagrams, d -> concat(family(ByteOrder.BIG_ENDIAN, isV6(d) ? 28 : 2), d));
    }

    @Test
    void anUnknownLinkTypeIsListedNotRefused() throws Exception {
        Path file = dir.resolve("unknown.pcap");
        try (PcapWriter w = PcapWriter.create(file, LinkType.of(147))) {
            w.write(1_700_000_000L, 0, 4, LinkType.of(147), new byte[] {1, 2, 3, 4}, 0, 4, null);
        }
        try (CaptureReader r = CaptureReader.open(file)) {
            CapturedPacket p = r.next();
            PacketSummary s = PacketSummarizer.summarize(p);
            assertEquals("User 0", s.protocol());
            assertTrue(s.problem().contains("147"), s.problem());
        }
    }

    private interface Framer {
        byte[] frame(byte[] datagram);
    }

    private void check(LinkType linkType, List<byte[]> datagrams, Framer framer) throws Exception {
        Path file = dir.resolve("linktype-" + linkType.code() + "-" + System.nanoTime() + ".pcap");
        List<PacketSummary> ours = new ArrayList<>();
        PacketSummarizer summarizer = new PacketSummarizer();
        try (PcapWriter w = PcapWriter.create(file, linkType)) {
            long t = 1_700_000_000L;
            for (byte[] d : datagrams) {
                byte[] f = framer.frame(d);
                w.write(t++, 0, f.length, linkType, f, 0, f.length, null);
                ours.add(summarizer.summarize(linkType, f, 0, f.length));
            }
        }
        List<String[]> rows = Tshark.fields(file, "ip.src", "ip.dst", "ipv6.src", "ipv6.dst", "udp.srcport",
                "udp.dstport", "tcp.srcport", "tcp.dstport");
        assertEquals(ours.size(), rows.size());
        for (int i = 0; i < ours.size(); i++) {
            PacketSummary s = ours.get(i);
            String[] r = rows.get(i);
            String where = linkType + " frame " + (i + 1);
            boolean v4 = s.ipVersion() == 4;
            assertEquals(first(r[0]), v4 ? s.ipSource() : "", where + " ip.src");
            assertEquals(first(r[1]), v4 ? s.ipDestination() : "", where + " ip.dst");
            assertEquals(first(r[2]), !v4 && s.ipVersion() == 6 ? s.ipSource() : "", where + " ipv6.src");
            assertEquals(first(r[3]), !v4 && s.ipVersion() == 6 ? s.ipDestination() : "", where + " ipv6.dst");
            String udpSrc = first(r[4]);
            String tcpSrc = first(r[6]);
            if (!udpSrc.isEmpty() || !tcpSrc.isEmpty() || s.sourcePort() >= 0) {
                assertEquals(udpSrc.isEmpty() ? tcpSrc : udpSrc, String.valueOf(s.sourcePort()), where + " source port");
                assertEquals(udpSrc.isEmpty() ? first(r[7]) : first(r[5]), String.valueOf(s.destinationPort()),
                        where + " destination port");
            }
        }
    }

    /** IPv4 and IPv6 datagrams of untagged Ethernet frames, without ICMP errors and fragments. */
    private static List<byte[]> ipDatagramsFromTheCorpus() throws Exception {
        List<byte[]> out = new ArrayList<>();
        FrameHeaders h = new FrameHeaders();
        for (Path capture : SharedCaptures.withSummaryOracle()) {
            if (SharedCaptures.isMalformed(capture)) {
                continue;
            }
            try (CaptureReader r = CaptureReader.open(capture)) {
                CapturedPacket p;
                while ((p = r.next()) != null) {
                    boolean linkOk = p.linkType().equals(LinkType.ETHERNET) || p.linkType().equals(LinkType.LINUX_SLL);
                    if (!linkOk || p.capturedLength() != p.originalLength()) {
                        continue;
                    }
                    h.parse(p.linkType(), p.data(), 0, p.data().length);
                    boolean plainIp = h.vlanCount == 0 && !h.llc && h.networkOffset >= 0 && h.ipVersion != 0
                            && h.problem == null && !h.laterFragment && !h.firstFragment && !isIcmpError(h);
                    if (plainIp) {
                        out.add(Arrays.copyOfRange(p.data(), h.networkOffset, p.data().length));
                    }
                }
            } catch (CaptureFormatException refused) {
                // nothing to take
            }
        }
        out.addAll(ipv6ExtensionHeaderChains());
        return out;
    }

    /**
     * IPv6 datagrams that walk the extension-header chain of RFC 8200 §4 to UDP or TCP: hop-by-hop,
     * destination options, routing, an atomic fragment (§4.5, offset 0 and M clear), and an
     * authentication header (RFC 4302, length in 4-byte units minus 2).
     */
    private static List<byte[]> ipv6ExtensionHeaderChains() {
        byte[] udp = {(byte) 0xC3, 0x50, 0x00, 0x45, 0, 12, 0, 0, 'R', 'R', 'Q', 0}; // 50000 -> 69
        byte[] tcp = new byte[20];
        tcp[0] = 0x13; tcp[1] = (byte) 0xC4; tcp[2] = 0x00; tcp[3] = 0x50; tcp[12] = 0x50; tcp[13] = 0x02; // 5060 -> 80 SYN
        byte[] hopByHop = {0, 0, 1, 4, 0, 0, 0, 0};              // next, len 0, PadN
        byte[] destination = {0, 1, 1, 12, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}; // len 1 = 16 bytes
        byte[] routing = new byte[24];                           // type 2 (RFC 6275 §6.4): len 2, one address
        routing[1] = 2;
        routing[2] = 2;
        routing[3] = 1;
        byte[] fragment = {0, 0, 0, 0, 0x12, 0x34, 0x56, 0x78};  // offset 0, M clear
        byte[] auth = {0, 4, 0, 0, 0, 0, 0x10, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}; // 24 bytes
        List<byte[]> out = new ArrayList<>();
        out.add(ipv6(17, udp));
        out.add(ipv6(0, chain(hopByHop, 17), udp));
        out.add(ipv6(0, chain(hopByHop, 60), chain(destination, 6), tcp));
        out.add(ipv6(43, chain(routing, 44), chain(fragment, 17), udp));
        out.add(ipv6(51, chain(auth, 17), udp));
        out.add(ipv6(60, chain(destination, 51), chain(auth, 6), tcp));
        return out;
    }

    private static byte[] chain(byte[] header, int next) {
        byte[] h = header.clone();
        h[0] = (byte) next;
        return h;
    }

    private static byte[] ipv6(int next, byte[]... parts) {
        int payload = Arrays.stream(parts).mapToInt(x -> x.length).sum();
        ByteBuffer b = ByteBuffer.allocate(40 + payload);
        b.putInt(0x60000000).putShort((short) payload).put((byte) next).put((byte) 64);
        b.put(java.util.HexFormat.of().parseHex("20010db8000000000000000000000001"));
        b.put(java.util.HexFormat.of().parseHex("20010db8000000000000000000000069"));
        for (byte[] part : parts) {
            b.put(part);
        }
        return b.array();
    }

    /** ICMP errors quote another datagram, whose addresses tshark adds to the fields. */
    private static boolean isIcmpError(FrameHeaders h) {
        if (h.transportOffset < 0 || h.transportOffset >= h.end()) {
            return h.ipProtocol == FrameHeaders.IP_PROTO_ICMP || h.ipProtocol == FrameHeaders.IP_PROTO_ICMPV6;
        }
        int type = h.buffer()[h.transportOffset] & 0xFF;
        return switch (h.ipProtocol) {
            case FrameHeaders.IP_PROTO_ICMP -> type == 3 || type == 4 || type == 5 || type == 11 || type == 12;
            case FrameHeaders.IP_PROTO_ICMPV6 -> type < 128;
            default -> false;
        };
    }

    private static boolean isV6(byte[] d) {
        return (d[0] & 0xF0) == 0x60;
    }

    private static byte[] sll2Header(byte[] d) {
        ByteBuffer b = ByteBuffer.allocate(20);
        b.putShort((short) (isV6(d) ? 0x86DD : 0x0800)).putShort((short) 0).putInt(2).putShort((short) 1)
                .put((byte) 0).put((byte) 6).put(new byte[] {0, 0x0b, (byte) 0x82, 1, 2, 3, 0, 0});
        return b.array();
    }

    private static byte[] sllHeader(byte[] d) {
        ByteBuffer b = ByteBuffer.allocate(16);
        b.putShort((short) 0).putShort((short) 1).putShort((short) 6).put(new byte[] {0, 0x0b, (byte) 0x82, 1, 2, 3, 0, 0})
                .putShort((short) (isV6(d) ? 0x86DD : 0x0800));
        return b.array();
    }

    private static byte[] family(ByteOrder order, int family) {
        return ByteBuffer.allocate(4).order(order).putInt(family).array();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    private static String first(String aggregated) {
        return aggregated.split(",", -1)[0];
    }
}
