package org.phonerescue.servers.dhcp;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One BOOTP/DHCP message (RFC 951, RFC 2131 §2, options RFC 2132), parsed from or encoded to a
 * UDP payload. Pure: no network, no state.
 *
 * <pre>
 *   0 op | 1 htype | 2 hlen | 3 hops | 4 xid (4) | 8 secs (2) | 10 flags (2)
 *  12 ciaddr | 16 yiaddr | 20 siaddr | 24 giaddr | 28 chaddr (16) | 44 sname (64) | 108 file (128)
 * 236 magic cookie 99.130.83.99 | 240 options: code, length, value ... 255
 * </pre>
 *
 * @param op      1 BOOTREQUEST, 2 BOOTREPLY
 * @param xid     transaction ID
 * @param flags   bit 15: the client asks for broadcast replies (RFC 2131 §4.1)
 * @param chaddr  the client hardware address (hlen bytes)
 * @param options option code → value, in wire order; a repeated option's parts are joined
 *                (RFC 3396); pad and end are not listed
 */
public record DhcpMessage(int op, int htype, int hops, long xid, int secs, int flags, byte[] ciaddr, byte[] yiaddr,
                          byte[] siaddr, byte[] giaddr, byte[] chaddr, Map<Integer, byte[]> options) {

    public static final int BOOTREQUEST = 1;
    public static final int BOOTREPLY = 2;
    public static final int FLAG_BROADCAST = 0x8000;
    /** RFC 2131 §3: the first four octets of the options field. */
    static final int MAGIC_COOKIE = 0x63825363;
    private static final int FIXED = 236;
    /** RFC 951: a BOOTP message is at least 300 bytes; some clients drop shorter replies. */
    private static final int MIN_LENGTH = 300;

    public static final int OPT_SUBNET_MASK = 1;
    public static final int OPT_ROUTER = 3;
    public static final int OPT_DNS = 6;
    public static final int OPT_HOSTNAME = 12;
    public static final int OPT_VENDOR_SPECIFIC = 43;
    public static final int OPT_REQUESTED_IP = 50;
    public static final int OPT_LEASE_TIME = 51;
    public static final int OPT_OVERLOAD = 52;
    public static final int OPT_MESSAGE_TYPE = 53;
    public static final int OPT_SERVER_ID = 54;
    public static final int OPT_PARAMETER_LIST = 55;
    public static final int OPT_MESSAGE = 56;
    public static final int OPT_RENEWAL_TIME = 58;
    public static final int OPT_REBINDING_TIME = 59;
    public static final int OPT_VENDOR_CLASS = 60;
    public static final int OPT_CLIENT_ID = 61;
    public static final int OPT_TFTP_SERVER_NAME = 66;
    public static final int OPT_BOOTFILE = 67;
    /** RFC 5859: TFTP server addresses, IPv4 in network byte order. */
    public static final int OPT_TFTP_SERVER_ADDRESS = 150;

    public static final int DISCOVER = 1;
    public static final int OFFER = 2;
    public static final int REQUEST = 3;
    public static final int DECLINE = 4;
    public static final int ACK = 5;
    public static final int NAK = 6;
    public static final int RELEASE = 7;
    public static final int INFORM = 8;

    public DhcpMessage {
        options = Collections.unmodifiableMap(new LinkedHashMap<>(options));
    }

    /** The DHCP message type (option 53), or 0 for plain BOOTP. */
    public int messageType() {
        byte[] v = options.get(OPT_MESSAGE_TYPE);
        return v != null && v.length == 1 ? v[0] & 0xFF : 0;
    }

    public byte[] option(int code) {
        return options.get(code);
    }

    /** The option as one IPv4 address, or null when absent or not 4 bytes. */
    public Inet4Address optionAddress(int code) {
        byte[] v = options.get(code);
        return v != null && v.length == 4 ? address(v) : null;
    }

    public String optionText(int code) {
        byte[] v = options.get(code);
        return v == null ? null : new String(v, StandardCharsets.ISO_8859_1);
    }

    /** The client's MAC as aa:bb:cc:dd:ee:ff (Ethernet), else the hardware address in hex. */
    public String clientMac() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < chaddr.length; i++) {
            if (i > 0) {
                sb.append(':');
            }
            sb.append(String.format("%02x", chaddr[i] & 0xFF));
        }
        return sb.toString();
    }

    public boolean broadcastFlag() {
        return (flags & FLAG_BROADCAST) != 0;
    }

    public static Inet4Address address(byte[] four) {
        try {
            return (Inet4Address) InetAddress.getByAddress(four);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /**
     * Parses a payload. Returns null for anything that is not a DHCP message (shorter than the
     * fixed header, no magic cookie, an option running past the end): the server drops it.
     */
    public static DhcpMessage parse(byte[] b, int offset, int length) {
        if (length < FIXED + 4) {
            return null;
        }
        ByteBuffer in = ByteBuffer.wrap(b, offset, length).slice();
        int op = in.get(0) & 0xFF;
        int htype = in.get(1) & 0xFF;
        int hlen = in.get(2) & 0xFF;
        if (hlen > 16 || in.getInt(FIXED) != MAGIC_COOKIE) {
            return null;
        }
        Map<Integer, byte[]> options = new LinkedHashMap<>();
        int p = FIXED + 4;
        while (p < length) {
            int code = in.get(p) & 0xFF;
            if (code == 0) {
                p++;
                continue;
            }
            if (code == 255) {
                break;
            }
            if (p + 1 >= length) {
                return null;
            }
            int len = in.get(p + 1) & 0xFF;
            if (p + 2 + len > length) {
                return null;
            }
            byte[] v = new byte[len];
            in.get(p + 2, v);
            // RFC 3396: an option split over several instances is their concatenation.
            options.merge(code, v, DhcpMessage::concat);
            p += 2 + len;
        }
        byte[] chaddr = new byte[hlen];
        in.get(28, chaddr);
        return new DhcpMessage(op, htype, in.get(3) & 0xFF, in.getInt(4) & 0xFFFFFFFFL, in.getShort(8) & 0xFFFF,
                in.getShort(10) & 0xFFFF, four(in, 12), four(in, 16), four(in, 20), four(in, 24), chaddr, options);
    }

    /** The message on the wire: options in map order, each over 255 bytes split (RFC 3396), END, padded to 300 bytes. */
    public byte[] encode() {
        int size = FIXED + 4 + 1;
        for (byte[] v : options.values()) {
            size += v.length + 2 * Math.max(1, (v.length + 254) / 255);
        }
        ByteBuffer out = ByteBuffer.allocate(Math.max(MIN_LENGTH, size));
        out.put((byte) op).put((byte) htype).put((byte) chaddr.length).put((byte) hops);
        out.putInt((int) xid).putShort((short) secs).putShort((short) flags);
        out.put(ciaddr).put(yiaddr).put(siaddr).put(giaddr);
        out.put(Arrays.copyOf(chaddr, 16));
        out.position(FIXED);
        out.putInt(MAGIC_COOKIE);
        for (Map.Entry<Integer, byte[]> e : options.entrySet()) {
            byte[] v = e.getValue();
            int done = 0;
            do {
                int n = Math.min(255, v.length - done);
                out.put((byte) (int) e.getKey()).put((byte) n).put(v, done, n);
                done += n;
            } while (done < v.length);
        }
        out.put((byte) 255);
        return out.array();
    }

    private static byte[] four(ByteBuffer in, int at) {
        byte[] a = new byte[4];
        in.get(at, a);
        return a;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
