package org.phonerescue.core.transfer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** What {@link ContentStore#forChecks()} keeps: SPA images, packing lists and configurations; hashes of everything. */
class ContentStoreTest {

    static FileContent store(ContentStore store, String name, byte[]... blocks) {
        ContentStore.Builder b = store.begin(name);
        for (byte[] block : blocks) {
            b.append(block, 0, block.length);
        }
        return b.finish(true);
    }

    @Test
    void imagesPackingListsAndConfigurationsAreKeptTheRestOnlyHashed() throws Exception {
        try (ContentStore store = ContentStore.forChecks()) {
            byte[] spa = "SkOsMo5 fIrMwArE and the rest".getBytes(StandardCharsets.US_ASCII);
            FileContent image = store(store, "whatever.bin", spa, new byte[700]);
            assertTrue(image.kept());
            assertEquals(spa.length + 700, image.head(1000).length);
            byte[] loads = "SCCP41.9-4-2SR3-1S\r\n".getBytes(StandardCharsets.US_ASCII);
            assertArrayEquals(loads, store(store, "/TERM41.DEFAULT.LOADS", loads).head(100));
            assertTrue(store(store, "SEP001122334455.cnf.xml", "<device/>".getBytes(StandardCharsets.US_ASCII)).kept());
            FileContent other = store(store, "snom370-r.bin", new byte[5000]);
            assertFalse(other.kept());
            assertEquals(5000, other.size());
            assertEquals("e8b04e2d8c3ae2bea1a1a7ab76d8f6bdb63e61b6b3bd3cfa1e9bfd2ba2c6c4c0".length(), other.sha256().length());
            // a "packing list" of several MB is not one: it is dropped when it grows past the limit
            byte[] mb = new byte[1 << 20];
            FileContent big = store(store, "x.loads", mb, mb);
            assertFalse(big.kept());
            assertEquals(2L << 20, big.size());
            assertTrue(store.inMemory() < 4096, "what was dropped is no longer held: " + store.inMemory());
        }
    }

    /**
     * Hashing runs on its own thread over copied chunks: contents appended in turn, in pieces of
     * every size across chunk boundaries and well past the chunks in flight, from one array the
     * appender overwrites at once, each hash as sha256sum computes it from the bytes written out.
     */
    @Test
    void interleavedContentsHashAsSha256sumHashesThem(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.util.Random random = new java.util.Random(42);
        int contents = 5;
        java.io.ByteArrayOutputStream[] written = new java.io.ByteArrayOutputStream[contents];
        FileContent[] hashed = new FileContent[contents + 1];
        try (ContentStore store = ContentStore.hashingOnly()) {
            ContentStore.Builder[] builders = new ContentStore.Builder[contents];
            for (int i = 0; i < contents; i++) {
                builders[i] = store.begin("file" + i);
                written[i] = new java.io.ByteArrayOutputStream();
            }
            byte[] source = new byte[80_000];
            int total = 3 * ContentStore.CHUNKS * ContentStore.CHUNK_BYTES;
            for (int done = 0; done < total; ) {
                int i = random.nextInt(contents);
                if (i == 0 && written[0].size() > ContentStore.CHUNK_BYTES) {
                    continue; // the first ends early, while the others go on
                }
                int length = random.nextInt(4) == 0 ? random.nextInt(source.length) + 1 : 512;
                int offset = random.nextInt(source.length - length + 1);
                random.nextBytes(source);
                builders[i].append(source, offset, length);
                written[i].write(source, offset, length);
                java.util.Arrays.fill(source, (byte) 0); // the store must have copied what it needs
                done += length;
                if (i == 0 && written[0].size() > ContentStore.CHUNK_BYTES) {
                    hashed[0] = builders[0].finish(true);
                }
            }
            Thread.currentThread().interrupt(); // a wait for the hashing thread keeps the interrupt
            for (int i = 1; i < contents; i++) {
                hashed[i] = builders[i].finish(true);
            }
            assertTrue(Thread.interrupted());
            hashed[contents] = store.begin("empty").finish(true);
        }
        for (int i = 0; i <= contents; i++) {
            byte[] bytes = i < contents ? written[i].toByteArray() : new byte[0];
            java.nio.file.Path file = java.nio.file.Files.write(dir.resolve("content" + i), bytes);
            Process p = new ProcessBuilder("sha256sum", file.toString()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            assertEquals(0, p.waitFor(), out);
            assertEquals(out.substring(0, 64), hashed[i].sha256(), "content " + i);
            assertEquals(bytes.length, hashed[i].size(), "content " + i);
        }
    }
}
