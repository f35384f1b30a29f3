package org.phonerescue.cli;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * An SPA firmware image laid out field by field from spa-recovery-protocol.md ("Firmware image
 * container"): the header, one module header per module, the modules stored as they are (flag
 * bit 0), then randseq and the digest over the header and module table.
 */
public final class SpaImageFile {

    private SpaImageFile() {
    }

    /** An image of {@code version} whose modules are {@code contents}, written to sectors 2, 5, 6, … */
    public static byte[] build(String version, byte[]... contents) throws Exception {
        int n = 0x80 + contents.length * 0x40;
        int size = n + Arrays.stream(contents).mapToInt(c -> c.length).sum();
        ByteBuffer b = ByteBuffer.allocate(size);
        b.put("SkOsMo5 fIrMwArE".getBytes(StandardCharsets.US_ASCII));
        b.putInt(0x50, 0x80).putInt(0x54, 0x40).putInt(0x58, size);
        b.put(0x5C, version.getBytes(StandardCharsets.US_ASCII));
        b.putInt(0x7C, contents.length);
        int offset = n;
        for (int i = 0; i < contents.length; i++) {
            int h = 0x80 + i * 0x40;
            b.putShort(h, (short) (i == 0 ? 2 : 4 + i)).putShort(h + 2, (short) 1);
            b.putInt(h + 4, contents[i].length).putInt(h + 8, offset);
            b.put(h + 12, MessageDigest.getInstance("MD5").digest(contents[i]));
            b.put(offset, contents[i]);
            offset += contents[i].length;
        }
        byte[] out = b.array();
        byte[] mixed = Arrays.copyOf(out, n);
        Arrays.fill(mixed, 0x10, 0x50, (byte) 0);
        for (int i = 0; i < n; i++) {
            mixed[i] = (byte) ((mixed[i] & 0xFF) + 19 * i);
        }
        System.arraycopy(MessageDigest.getInstance("MD5").digest(mixed), 0, out, 0x40, 16);
        byte[] covered = Arrays.copyOf(out, n);
        Arrays.fill(covered, 0x10, 0x40, (byte) 0);
        System.arraycopy(MessageDigest.getInstance("MD5").digest(covered), 0, out, 0x30, 16);
        return out;
    }
}
