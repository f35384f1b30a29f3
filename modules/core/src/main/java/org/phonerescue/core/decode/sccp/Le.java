package org.phonerescue.core.decode.sccp;

import org.phonerescue.core.decode.Dissection;

/** Skinny puts its integers little-endian. */
final class Le {

    private Le() {
    }

    static long u32(Dissection d, int p) {
        return (d.u8(p) | (d.u8(p + 1) << 8) | (d.u8(p + 2) << 16)) | ((long) d.u8(p + 3) << 24);
    }
}
