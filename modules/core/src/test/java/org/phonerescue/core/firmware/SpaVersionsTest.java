package org.phonerescue.core.firmware;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The version rule of the field notes (§1). */
class SpaVersionsTest {

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
    void onlyAVersionWithANumberIsReadable() {
        assertTrue(SpaVersions.readable("7.4.4rec"));
        assertTrue(SpaVersions.readable("7.6.2f"));
        assertFalse(SpaVersions.readable("rec"));
        assertFalse(SpaVersions.readable("garbage"));
        assertFalse(SpaVersions.readable(""));
        assertFalse(SpaVersions.readable(null));
    }

    @Test
    void versionsFromTheWireWithEndlessDigitsCompareWithoutFailing() {
        assertTrue(SpaVersions.compare("333333333333.1", "7.5.2b") > 0);
        assertTrue(SpaVersions.mismatch("7.4.4rec", "7.99999999999999999.1").contains("7.5.2b or older"));
    }
}
