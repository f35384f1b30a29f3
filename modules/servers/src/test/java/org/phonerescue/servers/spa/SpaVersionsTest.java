package org.phonerescue.servers.spa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The version rule of the field notes (§1) and the image header of the SPA field model. */
class SpaVersionsTest {

    @TempDir
    Path dir;

    @Test
    void versionsCompareByNumbersThenByTheLetterRevision() {
        assertTrue(SpaVersions.compare("7.4.4rec", "7.5.2b") < 0);
        assertTrue(SpaVersions.compare("7.5.2b", "7.5.2c") < 0);
        assertEquals(0, SpaVersions.compare("7.5.2b", "7.5.2B"));
        assertTrue(SpaVersions.compare("7.6.2f", "7.5.2b") > 0);
        assertTrue(SpaVersions.compare("7.4.9c", "7.4.10") < 0);
        assertTrue(SpaVersions.oldSide("7.5.2b"));
        assertFalse(SpaVersions.oldSide("7.5.3"));
    }

    @Test
    void theFieldNotesExampleLoader744NeedsAnOldSideImage() {
        // field notes §1: loader 7.4.4 -> the 7.4.4 tool does not exist, use 7.4.9c
        assertNull(SpaVersions.mismatch("7.4.4rec", "7.4.9c"));
        assertTrue(SpaVersions.mismatch("7.4.4rec", "7.6.2f").contains("7.5.2b or older"));
        assertTrue(SpaVersions.mismatch("7.6.2", "7.5.2b").contains("newer than 7.5.2b"));
        assertNull(SpaVersions.mismatch(null, "7.6.2f"));
        assertNull(SpaVersions.mismatch("rec", "7.6.2f"));
    }

    @Test
    void theImageHeaderGivesMagicVersionAndLength() throws Exception {
        byte[] b = new byte[1000];
        System.arraycopy("SkOsMo5 fIrMwArE".getBytes(StandardCharsets.US_ASCII), 0, b, 0, 16);
        ByteBuffer.wrap(b, 0x58, 4).putInt(1000);
        System.arraycopy("7.6.2f".getBytes(StandardCharsets.US_ASCII), 0, b, 0x5C, 6);
        b[0x5C + 6] = 0;
        b[0x5C + 7] = 'X'; // after the NUL: not part of the version
        SpaImageHeader ok = SpaImageHeader.read(Files.write(dir.resolve("ok.bin"), b));
        assertTrue(ok.spaImage());
        assertEquals("7.6.2f", ok.version());
        assertEquals(1000, ok.declaredLength());
        assertTrue(ok.problems().isEmpty(), ok.problems().toString());

        SpaImageHeader cut = SpaImageHeader.read(Files.write(dir.resolve("cut.bin"), java.util.Arrays.copyOf(b, 900)));
        assertTrue(cut.problems().get(0).contains("declares 1000 bytes, the file has 900"), cut.problems().toString());

        SpaImageHeader other = SpaImageHeader.read(Files.write(dir.resolve("other.bin"), new byte[300]));
        assertFalse(other.spaImage());
        assertNull(other.version());
    }
}
