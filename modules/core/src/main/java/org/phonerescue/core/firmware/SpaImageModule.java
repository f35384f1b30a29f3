package org.phonerescue.core.firmware;

import java.util.HexFormat;

/**
 * One module header of an SPA firmware image (64 bytes from 0x80 on; SPA field model,
 * spa-recovery-protocol.md "Firmware image container"):
 * <pre>
 *  0  u16 sector id        2  u16 flags (bit 0 set: stored as is; clear: zlib)
 *  4  u32 length in the file   8  u32 absolute offset in the file   12  MD5[16] of the inflated content
 *  28 .. 63  not described by the field model (kept raw)
 * </pre>
 *
 * @param index        0 for the first module header
 * @param headerOffset where this module header starts in the file
 * @param sectorId     the flash sector it is written to
 * @param flags        the flags as read
 * @param length       bytes it occupies in the file
 * @param offset       where those bytes start in the file
 * @param md5          MD5 of the module's content after inflating (16 bytes)
 * @param rest         the header bytes after the MD5, whose meaning is not known
 */
public record SpaImageModule(int index, long headerOffset, int sectorId, int flags, long length, long offset,
                             byte[] md5, byte[] rest) {

    /** Bits of {@link #flags} whose meaning is known. */
    public static final int KNOWN_FLAGS = 0x0001;

    /** Whether the content is stored as is (flag bit 0); otherwise it is a zlib stream. */
    public boolean stored() {
        return (flags & 1) != 0;
    }

    /** Whether the loader writes this module to flash: every sector but the boot loader's and the recovery code's. */
    public boolean flashed() {
        return !SpaImage.keptSector(sectorId);
    }

    public String md5Hex() {
        return HexFormat.of().formatHex(md5);
    }

    /** Whether any of the unexplained header bytes is set. */
    public boolean restUsed() {
        for (byte b : rest) {
            if (b != 0) {
                return true;
            }
        }
        return false;
    }
}
