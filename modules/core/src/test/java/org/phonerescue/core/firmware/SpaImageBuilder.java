package org.phonerescue.core.firmware;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.Deflater;

/**
 * Lays out an SPA firmware image field by field, as spa-recovery-protocol.md "Firmware image
 * container" describes it: header, module headers, module data; then randseq and digest.
 */
public final class SpaImageBuilder {

    /** One module: its sector, whether it is stored (else zlib), and its content before compression. */
    public record Module(int sector, boolean stored, byte[] content) {
    }

    private final String version;
    private final List<Module> modules = new ArrayList<>();

    public SpaImageBuilder(String version) {
        this.version = version;
    }

    public SpaImageBuilder module(int sector, boolean stored, byte[] content) {
        modules.add(new Module(sector, stored, content));
        return this;
    }

    /** Content that compresses but is not trivial. */
    public static byte[] content(int size, int seed) {
        byte[] b = new byte[size];
        long x = seed * 2654435761L + 1;
        for (int i = 0; i < size; i++) {
            x = x * 6364136223846793005L + 1442695040888963407L;
            b[i] = (byte) (i % 7 == 0 ? (x >>> 56) : 'a' + i % 13);
        }
        return b;
    }

    public List<Module> modules() {
        return modules;
    }

    /** What module {@code i} occupies in the file. */
    public static byte[] encoded(Module m) {
        if (m.stored()) {
            return m.content();
        }
        Deflater d = new Deflater();
        d.setInput(m.content());
        d.finish();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] chunk = new byte[4096];
        while (!d.finished()) {
            out.write(chunk, 0, d.deflate(chunk));
        }
        d.end();
        return out.toByteArray();
    }

    public byte[] build() throws Exception {
        int n = 0x80 + modules.size() * 0x40;
        List<byte[]> data = modules.stream().map(SpaImageBuilder::encoded).toList();
        int size = n + data.stream().mapToInt(x -> x.length).sum();
        ByteBuffer b = ByteBuffer.allocate(size);
        b.put("SkOsMo5 fIrMwArE".getBytes(StandardCharsets.US_ASCII));
        b.putInt(0x50, 0x80).putInt(0x54, 0x40).putInt(0x58, size);
        b.put(0x5C, version.getBytes(StandardCharsets.US_ASCII));
        b.putInt(0x7C, modules.size());
        int offset = n;
        for (int i = 0; i < modules.size(); i++) {
            int h = 0x80 + i * 0x40;
            Module m = modules.get(i);
            b.putShort(h, (short) m.sector()).putShort(h + 2, (short) (m.stored() ? 1 : 0));
            b.putInt(h + 4, data.get(i).length).putInt(h + 8, offset);
            b.put(h + 12, MessageDigest.getInstance("MD5").digest(m.content()));
            b.put(offset, data.get(i));
            offset += data.get(i).length;
        }
        byte[] out = b.array();
        // randseq first (it covers the digest field as zeros), then the digest (which covers randseq)
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
