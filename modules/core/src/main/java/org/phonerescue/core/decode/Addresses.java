package org.phonerescue.core.decode;

/** Text forms of link and network addresses, as Wireshark prints them with name resolution off. */
public final class Addresses {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private Addresses() {
    }

    /** {@code 00:0b:82:01:fc:42}. */
    public static String mac(byte[] b, int p) {
        char[] c = new char[17];
        for (int i = 0; i < 6; i++) {
            int v = b[p + i] & 0xFF;
            c[i * 3] = HEX[v >>> 4];
            c[i * 3 + 1] = HEX[v & 0xF];
            if (i < 5) {
                c[i * 3 + 2] = ':';
            }
        }
        return new String(c);
    }

    /** Dotted quad. */
    public static String ipv4(byte[] b, int p) {
        return (b[p] & 0xFF) + "." + (b[p + 1] & 0xFF) + "." + (b[p + 2] & 0xFF) + "." + (b[p + 3] & 0xFF);
    }

    /**
     * RFC 5952 §4 canonical text: lower-case hex, leading zeros dropped, the longest run of two or
     * more zero groups (the first one on a tie) shortened to {@code ::}; IPv4-mapped and
     * IPv4-compatible addresses end in a dotted quad (§5), as inet_ntop writes them.
     */
    public static String ipv6(byte[] b, int p) {
        int[] g = new int[8];
        for (int i = 0; i < 8; i++) {
            g[i] = ((b[p + 2 * i] & 0xFF) << 8) | (b[p + 2 * i + 1] & 0xFF);
        }
        boolean firstFiveZero = g[0] == 0 && g[1] == 0 && g[2] == 0 && g[3] == 0 && g[4] == 0;
        boolean mapped = firstFiveZero && g[5] == 0xFFFF;
        boolean compatible = firstFiveZero && g[5] == 0 && (g[6] != 0 || g[7] > 1);
        int groups = mapped || compatible ? 6 : 8;
        int bestStart = -1;
        int bestLen = 1;
        for (int i = 0; i < groups; ) {
            if (g[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < groups && g[j] == 0) {
                j++;
            }
            if (j - i > bestLen) {
                bestStart = i;
                bestLen = j - i;
            }
            i = j;
        }
        StringBuilder sb = new StringBuilder(39);
        for (int i = 0; i < groups; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLen - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            sb.append(Integer.toHexString(g[i]));
        }
        if (groups == 6) {
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            sb.append(ipv4(b, p + 12));
        }
        return sb.toString();
    }
}
