package org.phonerescue.servers.spa;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What the header of an SPA firmware image ("SkOsMo5 fIrMwArE" container, SPA field model) says:
 * its magic, its version string at 0x5C and the file length it declares. Enough to compare the
 * image with the loader's version before sending it; the full checker (digests, module MD5s)
 * belongs to the diagnosis.
 *
 * @param spaImage       the magic is there
 * @param version        the version string at 0x5C (up to its NUL), or null
 * @param declaredLength the length field at 0x58, or -1
 * @param actualLength   the file's size
 * @param problems       what does not fit
 */
public record SpaImageHeader(boolean spaImage, String version, long declaredLength, long actualLength,
                             List<String> problems) {

    static final byte[] MAGIC = "SkOsMo5 fIrMwArE".getBytes(StandardCharsets.US_ASCII);
    private static final int HEADER = 0x80;

    public SpaImageHeader {
        problems = List.copyOf(problems);
    }

    public static SpaImageHeader read(Path image) throws IOException {
        long size = Files.size(image);
        byte[] h = new byte[HEADER];
        int n;
        try (InputStream in = Files.newInputStream(image)) {
            n = in.readNBytes(h, 0, HEADER);
        }
        List<String> problems = new ArrayList<>();
        boolean magic = n >= MAGIC.length && java.util.Arrays.equals(h, 0, MAGIC.length, MAGIC, 0, MAGIC.length);
        if (!magic) {
            problems.add("no \"SkOsMo5 fIrMwArE\" magic at the start: not an SPA firmware image");
            return new SpaImageHeader(false, null, -1, size, problems);
        }
        if (n < HEADER) {
            problems.add("shorter than the 128-byte image header");
            return new SpaImageHeader(true, null, -1, size, problems);
        }
        long declared = ByteBuffer.wrap(h, 0x58, 4).getInt() & 0xFFFFFFFFL;
        int end = 0x5C;
        while (end < 0x5C + 32 && h[end] != 0) {
            end++;
        }
        String version = new String(h, 0x5C, end - 0x5C, StandardCharsets.ISO_8859_1);
        if (declared != size) {
            problems.add("the header declares " + declared + " bytes, the file has " + size + ": truncated or padded");
        }
        return new SpaImageHeader(true, version, declared, size, problems);
    }
}
