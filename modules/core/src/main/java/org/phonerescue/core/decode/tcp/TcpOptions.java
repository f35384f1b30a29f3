package org.phonerescue.core.decode.tcp;

import org.phonerescue.core.decode.Dissection;
import org.phonerescue.core.decode.Field;

/**
 * TCP options (RFC 9293 §3.2; window scale and timestamps RFC 7323; SACK RFC 2018) with
 * Wireshark's field names, and the summary tshark appends to the Info column
 * ("MSS=1460 WS=128 SACK_PERM TSval=… TSecr=…").
 */
public final class TcpOptions {

    private TcpOptions() {
    }

    /**
     * Dissects the options in {@code d.bytes()[p, end)} under {@code tcp}, appends the Info
     * summary to {@code info}, and returns the window scale shift, or -1 when there is none.
     */
    public static int dissect(Dissection d, Field tcp, int p, int end, StringBuilder info) {
        int shift = -1;
        while (p < end) {
            int kind = d.u8(p);
            if (kind == 0) {
                d.uint(tcp, "tcp.option_kind", "Kind", p, 1, kind);
                break; // End of Option List
            }
            if (kind == 1) {
                d.uint(tcp, "tcp.option_kind", "Kind", p, 1, kind);
                p++;
                continue;
            }
            if (p + 1 >= end) {
                d.malformed(tcp, "option " + kind + " without its length", p);
                return shift;
            }
            int len = d.u8(p + 1);
            if (len < 2 || p + len > end) {
                d.malformed(tcp, "option " + kind + " length " + len + " runs past the header", p + 1);
                return shift;
            }
            d.uint(tcp, "tcp.option_kind", "Kind", p, 1, kind);
            d.uint(tcp, "tcp.option_len", "Length", p + 1, 1, len);
            switch (kind) {
                case 2 -> {
                    if (len == 4) {
                        int mss = d.u16(p + 2);
                        d.uint(tcp, "tcp.options.mss_val", "MSS Value", p + 2, 2, mss);
                        info.append(" MSS=").append(mss);
                    }
                }
                case 3 -> {
                    if (len == 3) {
                        shift = d.u8(p + 2);
                        d.uint(tcp, "tcp.options.wscale.shift", "Shift count", p + 2, 1, shift);
                        long multiplier = 1L << Math.min(shift, 14);
                        d.generated(tcp, "tcp.options.wscale.multiplier", "Multiplier", multiplier,
                                Long.toString(multiplier));
                        info.append(" WS=").append(multiplier);
                    }
                }
                case 4 -> {
                    d.text(tcp, "tcp.options.sack_perm", "TCP Option - SACK permitted", p, len);
                    info.append(" SACK_PERM");
                }
                case 5 -> {
                    for (int q = p + 2; q + 8 <= p + len; q += 8) {
                        d.uint(tcp, "tcp.options.sack_le", "left edge", q, 4, d.u32(q));
                        d.uint(tcp, "tcp.options.sack_re", "right edge", q + 4, 4, d.u32(q + 4));
                    }
                }
                case 8 -> {
                    if (len == 10) {
                        long tsval = d.u32(p + 2);
                        long tsecr = d.u32(p + 6);
                        d.uint(tcp, "tcp.options.timestamp.tsval", "Timestamp value", p + 2, 4, tsval);
                        d.uint(tcp, "tcp.options.timestamp.tsecr", "Timestamp echo reply", p + 6, 4, tsecr);
                        info.append(" TSval=").append(tsval).append(" TSecr=").append(tsecr);
                    }
                }
                default -> {
                }
            }
            p += len;
        }
        return shift;
    }
}
