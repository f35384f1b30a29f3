package org.phonerescue.servers.dhcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The byte-order examples of the field notes (§3), checked byte by byte. */
class OptionPreviewTest {

    @Test
    void option150GoesInNetworkByteOrder() {
        OptionPreview p = OptionPreview.of(150, DhcpOptionValues.addresses("192.168.1.1, 192.168.10.105"));
        assertEquals("option 150 TFTP server address    96 08 c0 a8 01 01 c0 a8 0a 69 -> 192.168.1.1, 192.168.10.105",
                p.render());
    }

    @Test
    void aReversedDwordIsReadBackWithAWarning() {
        OptionPreview.DwordReading r = OptionPreview.readReversedDword("0x0101A8C0");
        assertEquals("192.168.1.1", r.address().getHostAddress());
        assertEquals("1.1.168.192", r.asTyped().getHostAddress());
        assertTrue(r.warnings().get(0).contains("c0 a8 01 01"), r.warnings().toString());
        assertEquals("192.168.10.105", OptionPreview.readReversedDword("690AA8C0").address().getHostAddress());
    }

    @Test
    void aDwordWithADroppedDigitIsRefused() {
        OptionPreview.DwordReading r = OptionPreview.readReversedDword("0x69AA8C0");
        assertNull(r.address());
        assertTrue(r.warnings().get(0).contains("7 hex digits, not 8"), r.warnings().toString());
        assertNull(OptionPreview.readReversedDword("0xC0A8ZZ01").address());
    }

    @Test
    void textOptionsAndTheirPitfalls() {
        assertEquals("option  66 TFTP server name       42 08 31 30 2e 30 2e 30 2e 31 -> \"10.0.0.1\"",
                OptionPreview.of(66, DhcpOptionValues.text("10.0.0.1")).render());
        OptionPreview bootfile = OptionPreview.of(67, DhcpOptionValues.text("/spa71f6.bin"));
        assertTrue(bootfile.warnings().get(0).contains("leading slashes"), bootfile.warnings().toString());
        assertTrue(OptionPreview.of(150, new byte[] {1, 2, 3}).warnings().get(0).contains("not a list"));
    }

    @Test
    void typedValuesAreCheckedNotGuessed() {
        assertThrows(IllegalArgumentException.class, () -> DhcpOptionValues.addresses("tftp.example.com"));
        assertThrows(IllegalArgumentException.class, () -> DhcpOptionValues.addresses("192.168.1.256"));
        assertThrows(IllegalArgumentException.class, () -> DhcpOptionValues.parse("10.0.0.1"));
        assertEquals("0e10", java.util.HexFormat.of().formatHex(DhcpOptionValues.parse("u16:3600")));
        assertEquals("0a000001", java.util.HexFormat.of().formatHex(DhcpOptionValues.parse("ip:10.0.0.1")));
        assertEquals("010203", java.util.HexFormat.of().formatHex(DhcpOptionValues.parse("hex:01:02:03")));
    }
}
