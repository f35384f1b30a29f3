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
}
