package org.phonerescue.core.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.phonerescue.core.device.RequestedFile.Kind;

/** File names from the field notes and spa-recovery-protocol.md, and what each says about the phone. */
class RequestedFileTest {

    @Test
    void spaRecoveryImages() {
        RequestedFile tool = RequestedFile.of("/spa71f6.bin");
        assertEquals(Kind.SPA_IMAGE, tool.kind());
        assertTrue(tool.leadingSlash());
        assertNull(tool.model());

        RequestedFile bundle = RequestedFile.of("spa50x-30x-7-6-2f.bin");
        assertEquals(Kind.SPA_IMAGE, bundle.kind());
        assertEquals("SPA30x/50x", bundle.model());
        assertEquals("7.6.2f", bundle.version());
        assertFalse(bundle.leadingSlash());

        assertEquals("SPA51x", RequestedFile.of("spa51x-7-6-2e.bin").model());
        RequestedFile bt = RequestedFile.of("spa525g-7-6-2e-bt.bin");
        assertEquals("SPA525G", bt.model());
        assertEquals("7.6.2e", bt.version());
        assertEquals("SPA firmware image (SPA525G, version 7.6.2e)", bt.describe());
    }

    @Test
    void cisco79xxFiles() {
        RequestedFile config = RequestedFile.of("SEP001122AABBCC.cnf.xml");
        assertEquals(Kind.CISCO_CONFIG, config.kind());
        assertEquals("00:11:22:aa:bb:cc", config.mac());
        assertEquals(Kind.CISCO_DEFAULT_CONFIG, RequestedFile.of("XMLDefault.cnf.xml").kind());
        RequestedFile loads = RequestedFile.of("term61.default.loads");
        assertEquals(Kind.CISCO_LOADS, loads.kind());
        assertEquals("7961", loads.model());
        assertEquals("7941", RequestedFile.of("term41.default.loads").model());
        RequestedFile image = RequestedFile.of("cnu41.9-4-2ES26.sbn");
        assertEquals(Kind.CISCO_IMAGE, image.kind());
        assertEquals("7941/7961", image.model(), "one package's images serve both models");
        assertEquals("7962", RequestedFile.of("term62.default.loads").model());
        assertEquals("7942/7962", RequestedFile.of("SCCP42.9-4-2SR3-1S.loads").model());
        assertEquals("7975", RequestedFile.of("jar75sccp.9-4-2SR3-1S.sbn").model());
        assertEquals(Kind.CISCO_LOADS, RequestedFile.of("SCCP41.9-4-2SR3-1S.loads").kind());
        assertEquals(Kind.CISCO_SECURITY, RequestedFile.of("CTLSEP001122AABBCC.tlv").kind());
    }

    @Test
    void snomPerModelNames() {
        RequestedFile r = RequestedFile.of("snom370-r.bin");
        assertEquals(Kind.SNOM_IMAGE, r.kind());
        assertEquals("snom370", r.model());
        RequestedFile d = RequestedFile.of("tftp/snomD785-10.1.33.33-r.bin");
        assertEquals("snomD785", d.model());
        assertEquals("snomD785", RequestedFile.of("SNOMd785-r.bin").model(), "as Snom writes its model names");
        assertEquals("10.1.33.33", d.version());
        assertEquals("snom300", RequestedFile.of("snom300-8.7.5.35-SIP-f.bin").model());
    }

    @Test
    void otherFilesSayNothing() {
        RequestedFile r = RequestedFile.of("rfc1350.txt");
        assertEquals(Kind.OTHER, r.kind());
        assertEquals("file", r.describe());
        assertEquals("file1", RequestedFile.baseName("C:\\tftp\\file1"));
    }
}
