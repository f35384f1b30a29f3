package org.phonerescue.core.decode.enip;

import org.phonerescue.core.decode.Dissection;

/** Little-endian readers: EtherNet/IP and CIP put integers least significant byte first. */
final class Le {

    private Le() {
    }

    static int u16(Dissection d, int p) {
        return d.u8(p) | (d.u8(p + 1) << 8);
    }

    static long u32(Dissection d, int p) {
        return u16(d, p) | ((long) u16(d, p + 2) << 16);
    }
}
