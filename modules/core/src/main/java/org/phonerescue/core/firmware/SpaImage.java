package org.phonerescue.core.firmware;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The header and module table of a Cisco/Linksys SPA firmware image, the "SkOsMo5 fIrMwArE"
 * container the recovery loader fetches by TFTP. Layout from spa-recovery-protocol.md, "Firmware
 * image container" (big-endian):
 * <pre>
 *  0x00 magic[16] "SkOsMo5 fIrMwArE"   0x10 signature[32] (zeros)
 *  0x30 digest[16]: MD5 over [0, N) with 0x10..0x3F zeroed, N = header length + count × module-header length
 *  0x40 randseq[16]: MD5 over (b[i] + 19·i) mod 256, i &lt; N, with 0x10..0x4F zeroed
 *  0x50 u32 header length (0x80)   0x54 u32 module-header length (0x40)   0x58 u32 file length
 *  0x5C version[32], NUL-terminated   0x7C u32 module count   0x80 module headers ({@link SpaImageModule})
 * </pre>
 * Parsing never fails: what the bytes do not hold is -1, null or left out, and {@link SpaImageCheck}
 * says why.
 *
 * @param size               bytes in the file
 * @param magic              the magic is there
 * @param signature          bytes 0x10..0x2F, or null when the file is shorter than the header
 * @param digest             bytes 0x30..0x3F, or null
 * @param randseq            bytes 0x40..0x4F, or null
 * @param headerLength       u32 at 0x50, or -1
 * @param moduleHeaderLength u32 at 0x54, or -1
 * @param declaredLength     u32 at 0x58, or -1
 * @param version            the version string at 0x5C up to its NUL, or null
 * @param moduleCount        u32 at 0x7C, or -1
 * @param modules            the module headers that lie inside the file (at most {@link #MAX_MODULES})
 */
public record SpaImage(long size, boolean magic, byte[] signature, byte[] digest, byte[] randseq, long headerLength,
                       long moduleHeaderLength, long declaredLength, String version, long moduleCount,
                       List<SpaImageModule> modules) {

    public static final byte[] MAGIC = "SkOsMo5 fIrMwArE".getBytes(StandardCharsets.US_ASCII);
    /** The fixed header, up to the first module header. */
    public static final int HEADER = 0x80;
    /** What the field model gives as the module-header length. */
    public static final int MODULE_HEADER = 0x40;
    /** Bytes of a module header the field model explains (sector, flags, length, offset, MD5). */
    public static final int MODULE_FIELDS = 28;
    /** More module headers than this are not read (real images have about 80). */
    public static final int MAX_MODULES = 4096;
    /** Where the field model says provenance: checks built on it say so in their output. */
    public static final String PROVENANCE = "layout from the SPA field model (read from the 7.4.4rec loader's code; "
            + "the header offsets agree with published hex dumps of spa50x-30x-7-6-2f.bin); the digests are computed "
            + "as that loader computes them and were not checked against a vendor image; the randseq reading is untested";

    public SpaImage {
        modules = List.copyOf(modules);
    }

    /** Whether the loader leaves this sector alone: 0–1 hold the boot loader, 3–4 the recovery code. */
    public static boolean keptSector(int sectorId) {
        return sectorId == 0 || sectorId == 1 || sectorId == 3 || sectorId == 4;
    }

    /** Whether {@code b} starts with the magic. */
    public static boolean hasMagic(byte[] b) {
        return b.length >= MAGIC.length && Arrays.equals(b, 0, MAGIC.length, MAGIC, 0, MAGIC.length);
    }

    /** N: the end of the module table as the header declares it, or -1. */
    public long tableEnd() {
        if (headerLength < 0 || moduleHeaderLength < 0 || moduleCount < 0) {
            return -1;
        }
        try {
            // three u32 fields: their product can pass Long.MAX_VALUE
            return Math.addExact(headerLength, Math.multiplyExact(moduleCount, moduleHeaderLength));
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }

    /** Reads the header and the module headers of {@code b}. */
    public static SpaImage parse(byte[] b) {
        boolean magic = hasMagic(b);
        if (!magic || b.length < HEADER) {
            return new SpaImage(b.length, magic, null, null, null, -1, -1, -1, null, -1, List.of());
        }
        ByteBuffer buf = ByteBuffer.wrap(b);
        long headerLength = u32(buf, 0x50);
        long moduleHeaderLength = u32(buf, 0x54);
        long declared = u32(buf, 0x58);
        int end = 0x5C;
        while (end < 0x7C && b[end] != 0) {
            end++;
        }
        String version = new String(b, 0x5C, end - 0x5C, StandardCharsets.ISO_8859_1);
        long count = u32(buf, 0x7C);
        List<SpaImageModule> modules = new ArrayList<>();
        // a header length or module-header length the fields do not fit in cannot be walked
        if (headerLength >= HEADER && moduleHeaderLength >= MODULE_FIELDS) {
            for (long i = 0; i < Math.min(count, MAX_MODULES); i++) {
                long at = headerLength + i * moduleHeaderLength;
                if (at + moduleHeaderLength > b.length) {
                    break;
                }
                int p = (int) at;
                modules.add(new SpaImageModule((int) i, at, buf.getShort(p) & 0xFFFF, buf.getShort(p + 2) & 0xFFFF,
                        u32(buf, p + 4), u32(buf, p + 8), Arrays.copyOfRange(b, p + 12, p + 28),
                        Arrays.copyOfRange(b, p + MODULE_FIELDS, (int) (at + moduleHeaderLength))));
            }
        }
        return new SpaImage(b.length, true, Arrays.copyOfRange(b, 0x10, 0x30), Arrays.copyOfRange(b, 0x30, 0x40),
                Arrays.copyOfRange(b, 0x40, 0x50), headerLength, moduleHeaderLength, declared, version, count, modules);
    }

    private static long u32(ByteBuffer b, int at) {
        return b.getInt(at) & 0xFFFFFFFFL;
    }
}
