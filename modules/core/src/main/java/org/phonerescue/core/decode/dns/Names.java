package org.phonerescue.core.decode.dns;

import org.phonerescue.core.decode.Dissection;

/**
 * Domain names in a DNS message (RFC 1035 §3.1, §4.1.4): labels of up to 63 bytes, or a
 * two-byte pointer to a name earlier in the message. A chain of pointers is followed at most
 * once per offset, so a loop ends with a problem instead of running for ever; a name longer
 * than 255 bytes is a problem too.
 */
final class Names {

    /** A name read at some offset: its text, where it ends in place, its length and label count. */
    record Name(String text, int end, int length, int labels, String problem) {
    }

    private static final int MAX_NAME = 255;

    private final Dissection d;
    /** Start of the DNS message: pointers are offsets from here. */
    private final int base;
    private final int end;

    Names(Dissection d, int base, int end) {
        this.d = d;
        this.base = base;
        this.end = end;
    }

    Name read(int p) {
        StringBuilder sb = new StringBuilder();
        int q = p;
        int after = -1;
        int labels = 0;
        int length = 0;
        java.util.BitSet visited = new java.util.BitSet();
        while (true) {
            if (q >= end) {
                return new Name(text(sb), after >= 0 ? after : q, length, labels, "name runs past the message");
            }
            int len = d.u8(q);
            if (len == 0) {
                if (after < 0) {
                    after = q + 1;
                }
                break;
            }
            if ((len & 0xC0) == 0xC0) {
                if (q + 1 >= end) {
                    return new Name(text(sb), end, length, labels, "compression pointer cut short");
                }
                int target = base + (((len & 0x3F) << 8) | d.u8(q + 1));
                if (after < 0) {
                    after = q + 2;
                }
                if (visited.get(target - base) || target >= end) {
                    return new Name(text(sb), after, length, labels, target >= end
                            ? "compression pointer past the message" : "name compression loop");
                }
                visited.set(target - base);
                q = target;
                continue;
            }
            if ((len & 0xC0) != 0) {
                return new Name(text(sb), after >= 0 ? after : q + 1, length, labels, "unknown label type " + (len >>> 6));
            }
            if (q + 1 + len > end) {
                return new Name(text(sb), after >= 0 ? after : end, length, labels, "label runs past the message");
            }
            if (sb.length() > 0) {
                sb.append('.');
            }
            for (int i = q + 1; i <= q + len; i++) {
                int c = d.u8(i);
                if (c > 0x20 && c < 0x7F) {
                    sb.append((char) c);
                } else {
                    sb.append(String.format("\\%03d", c));
                }
            }
            labels++;
            length = sb.length();
            if (length > MAX_NAME) {
                return new Name(text(sb), after >= 0 ? after : q + 1 + len, length, labels, "name longer than 255 bytes");
            }
            q += 1 + len;
        }
        return new Name(text(sb), after, length == 0 ? 6 : length, labels, null);
    }

    private static String text(StringBuilder sb) {
        return sb.length() == 0 ? "<Root>" : sb.toString();
    }
}
