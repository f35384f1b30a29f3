package org.phonerescue.core.testing;

import java.nio.ByteBuffer;
import org.phonerescue.core.pcap.CapturedPacket;
import org.phonerescue.core.pcap.LinkType;

/**
 * Builds Ethernet/IPv4/UDP frames byte by byte for tests (RFC 791 header with a correct checksum,
 * RFC 768 header with checksum 0, which means "none" for IPv4).
 */
public final class Frames {

    private Frames() {
    }

    public static byte[] ip(String dotted) {
        String[] parts = dotted.split("\\.");
        byte[] b = new byte[4];
        for (int i = 0; i < 4; i++) {
            b[i] = (byte) Integer.parseInt(parts[i]);
        }
        return b;
    }

    public static byte[] mac(String colons) {
        String[] parts = colons.split(":");
        byte[] b = new byte[6];
        for (int i = 0; i < 6; i++) {
            b[i] = (byte) Integer.parseInt(parts[i], 16);
        }
        return b;
    }

    /** Destination MAC for an IPv4 multicast group (RFC 1112 §6.4). */
    public static byte[] multicastMac(byte[] group) {
        return new byte[] {1, 0, 0x5E, (byte) (group[1] & 0x7F), group[2], group[3]};
    }

    public static byte[] udp(byte[] srcMac, byte[] dstMac, byte[] srcIp, byte[] dstIp, int sport, int dport,
                             byte[] payload) {
        return ipv4(srcMac, dstMac, srcIp, dstIp, 17, 0, false, 0x1234, udpDatagram(sport, dport, payload));
    }

    public static byte[] udpDatagram(int sport, int dport, byte[] payload) {
        ByteBuffer u = ByteBuffer.allocate(8 + payload.length);
        u.putShort((short) sport).putShort((short) dport).putShort((short) (8 + payload.length)).putShort((short) 0)
                .put(payload);
        return u.array();
    }

    /** An IPv4 packet (fragment) in an Ethernet frame; {@code fragmentOffset} in bytes, a multiple of 8. */
    public static byte[] ipv4(byte[] srcMac, byte[] dstMac, byte[] srcIp, byte[] dstIp, int protocol,
                              int fragmentOffset, boolean moreFragments, int id, byte[] payload) {
        ByteBuffer f = ByteBuffer.allocate(14 + 20 + payload.length);
        f.put(dstMac).put(srcMac).putShort((short) 0x0800);
        int ipStart = f.position();
        f.put((byte) 0x45).put((byte) 0).putShort((short) (20 + payload.length)).putShort((short) id)
                .putShort((short) ((moreFragments ? 0x2000 : 0) | (fragmentOffset / 8)))
                .put((byte) 60).put((byte) protocol).putShort((short) 0).put(srcIp).put(dstIp);
        byte[] a = f.array();
        int sum = 0;
        for (int i = ipStart; i < ipStart + 20; i += 2) {
            sum += ((a[i] & 0xFF) << 8) | (a[i + 1] & 0xFF);
        }
        sum = (sum & 0xFFFF) + (sum >>> 16);
        sum = (sum & 0xFFFF) + (sum >>> 16);
        f.putShort(ipStart + 10, (short) ~sum);
        f.put(payload);
        return f.array();
    }

    /**
     * A TCP segment (RFC 9293 §3.1): a 20-byte header without options, window 65535, checksum
     * left 0 (tshark does not check it by default). {@code flags}: FIN 0x01, SYN 0x02, RST 0x04,
     * PSH 0x08, ACK 0x10.
     */
    public static byte[] tcpSegment(int sport, int dport, long seq, long ack, int flags, byte[] payload) {
        ByteBuffer t = ByteBuffer.allocate(20 + payload.length);
        t.putShort((short) sport).putShort((short) dport).putInt((int) seq).putInt((int) ack)
                .put((byte) 0x50).put((byte) flags).putShort((short) 0xFFFF).putShort((short) 0).putShort((short) 0)
                .put(payload);
        return t.array();
    }

    public static CapturedPacket packet(long number, byte[] frame) {
        return new CapturedPacket(number, 1_700_000_000L + number, 0, frame.length, LinkType.ETHERNET, 0, frame, null,
                0);
    }
}
