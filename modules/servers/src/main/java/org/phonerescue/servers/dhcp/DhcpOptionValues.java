package org.phonerescue.servers.dhcp;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * Turns what an engineer types into option bytes. Addresses always go on the wire in network
 * byte order (RFC 2132 §2; RFC 5859 for option 150) — the byte order is never taken from input.
 */
public final class DhcpOptionValues {

    private DhcpOptionValues() {
    }

    /** IPv4 addresses, comma-separated, four bytes each in network byte order. */
    public static byte[] addresses(String commaSeparated) {
        List<Inet4Address> list = addressList(commaSeparated);
        byte[] out = new byte[4 * list.size()];
        for (int i = 0; i < list.size(); i++) {
            System.arraycopy(list.get(i).getAddress(), 0, out, 4 * i, 4);
        }
        return out;
    }

    public static List<Inet4Address> addressList(String commaSeparated) {
        List<Inet4Address> list = new ArrayList<>();
        for (String part : commaSeparated.split(",")) {
            String s = part.trim();
            if (!s.isEmpty()) {
                list.add(ipv4(s));
            }
        }
        if (list.isEmpty()) {
            throw new IllegalArgumentException("no address in '" + commaSeparated + "'");
        }
        return list;
    }

    /** A dotted-quad IPv4 address; never a host name (no DNS lookups from a typed value). */
    public static Inet4Address ipv4(String dotted) {
        String[] parts = dotted.trim().split("\\.", -1);
        if (parts.length != 4) {
            throw new IllegalArgumentException("'" + dotted + "' is not an IPv4 address (a.b.c.d)");
        }
        byte[] b = new byte[4];
        for (int i = 0; i < 4; i++) {
            if (!parts[i].matches("\\d{1,3}") || Integer.parseInt(parts[i]) > 255) {
                throw new IllegalArgumentException("'" + dotted + "' is not an IPv4 address (a.b.c.d)");
            }
            b[i] = (byte) Integer.parseInt(parts[i]);
        }
        try {
            return (Inet4Address) InetAddress.getByAddress(b);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    public static byte[] text(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** Hex bytes: "0a0b0c", "0a:0b:0c" or "0a 0b 0c". */
    public static byte[] hex(String s) {
        String digits = s.replaceAll("[\\s:]", "");
        if (digits.startsWith("0x") || digits.startsWith("0X")) {
            digits = digits.substring(2);
        }
        if (digits.length() % 2 != 0 || !digits.matches("[0-9a-fA-F]*")) {
            throw new IllegalArgumentException("'" + s + "' is not a whole number of hex bytes");
        }
        return HexFormat.of().parseHex(digits);
    }

    /**
     * A free-form option value: {@code ip:A[,B...]}, {@code text:STRING}, {@code hex:BYTES},
     * {@code u8:N}, {@code u16:N}, {@code u32:N}.
     */
    public static byte[] parse(String typed) {
        int colon = typed.indexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("'" + typed + "': say what it is, e.g. ip:10.0.0.1, text:name, hex:0a0b, u32:3600");
        }
        String kind = typed.substring(0, colon).toLowerCase(Locale.ROOT);
        String value = typed.substring(colon + 1);
        return switch (kind) {
            case "ip" -> addresses(value);
            case "text" -> text(value);
            case "hex" -> hex(value);
            case "u8" -> number(value, 1);
            case "u16" -> number(value, 2);
            case "u32" -> number(value, 4);
            default -> throw new IllegalArgumentException("'" + kind + "' is not ip, text, hex, u8, u16 or u32");
        };
    }

    private static byte[] number(String value, int bytes) {
        long v = Long.parseLong(value.trim());
        if (v < 0 || v >= 1L << (8 * bytes)) {
            throw new IllegalArgumentException(value + " does not fit in " + bytes + " bytes");
        }
        byte[] out = new byte[bytes];
        for (int i = 0; i < bytes; i++) {
            out[bytes - 1 - i] = (byte) (v >>> (8 * i));
        }
        return out;
    }
}
