package org.phonerescue.core.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Vendors from the IEEE listings that Debian's ieee-data package installs (the README's set-up
 * installs it). The CSV reading is checked against the same registry's text listing, read here
 * with a separate, line-based parser, and against hand-checked assignments.
 */
class OuiRegistryTest {

    @TempDir
    Path dir;

    private static OuiRegistry system() {
        assertTrue(Files.isReadable(OuiRegistry.DEBIAN_DIRECTORY.resolve("oui.csv")),
                "Debian package ieee-data is not installed: run scripts/install-system-packages.sh");
        return OuiRegistry.load(OuiRegistry.DEBIAN_DIRECTORY);
    }

    @Test
    void handCheckedAssignmentsOfPhoneMakers() {
        OuiRegistry r = system();
        // MA-L lines of oui.csv, checked by eye: 000E08 Cisco-Linksys (SPA phones), 000B82 Grandstream
        // (the corpus DHCP client), 0004F2 Polycom.
        assertEquals("Cisco-Linksys, LLC", r.vendor("00:0e:08:de:ad:01"));
        assertEquals("Grandstream Networks, Inc.", r.vendor("00:0B:82:01:FC:42"));
        assertEquals("Polycom", r.vendor("00-04-f2-11-22-33"));
    }

    @Test
    void everyOuiOfTheTextListingGivesTheSameOrganisationAsTheCsv() throws IOException {
        system();
        // MA-L alone: blocks split into MA-M/MA-S assignments would otherwise answer with the longer prefix
        Files.createSymbolicLink(dir.resolve("oui.csv"), OuiRegistry.DEBIAN_DIRECTORY.resolve("oui.csv"));
        OuiRegistry r = OuiRegistry.load(dir);
        Path text = OuiRegistry.DEBIAN_DIRECTORY.resolve("oui.txt");
        assertTrue(Files.isReadable(text));
        // "00-22-72   (hex)\t\tAmerican Micro-Fuel Device Corp." — an independent reading of the text form
        Map<String, String> expected = new HashMap<>();
        for (String line : Files.readAllLines(text, StandardCharsets.UTF_8)) {
            String[] parts = line.split("\\s+\\(hex\\)\\s+", 2);
            if (parts.length == 2 && parts[0].matches("[0-9A-F]{2}-[0-9A-F]{2}-[0-9A-F]{2}")) {
                expected.putIfAbsent(parts[0], parts[1].trim());
            }
        }
        assertTrue(expected.size() > 30000, "oui.txt entries: " + expected.size());
        int checked = 0;
        for (Map.Entry<String, String> e : expected.entrySet()) {
            String mac = e.getKey().replace('-', ':') + ":00:00:00";
            // the text form drops the quotes that the CSV doubles (e.g. CCEB18 OOO "TSS")
            assertEquals(e.getValue(), r.vendor(mac).replace("\"", ""), mac);
            checked++;
        }
        assertTrue(checked > 29000, "checked " + checked);
    }

    @Test
    void theLongestRegisteredPrefixWinsAndQuotedAddressesSpanLines() throws IOException {
        Files.writeString(dir.resolve("oui.csv"), "Registry,Assignment,Organization Name,Organization Address\r\n"
                + "MA-L,001122,\"Large Block, Inc.\",\"Street 1\r\nTown\"\r\n"
                + "MA-L,0A1122,Listed Before The U/L Bit,Nowhere\r\n");
        Files.writeString(dir.resolve("mam.csv"), "Registry,Assignment,Organization Name,Organization Address\n"
                + "MA-M,0011223,\"Medium \"\"Quoted\"\" Ltd\",Road 2\n");
        Files.writeString(dir.resolve("oui36.csv"), "Registry,Assignment,Organization Name,Organization Address\n"
                + "MA-S,001122334,Small Co,\n");
        OuiRegistry r = OuiRegistry.load(dir);
        assertEquals("Large Block, Inc.", r.vendor("00:11:22:ff:00:01"));
        assertEquals("Medium \"Quoted\" Ltd", r.vendor("00:11:22:3f:00:01"));
        assertEquals("Small Co", r.vendor("00:11:22:33:4f:01"));
        // early blocks with the U/L bit set are listed too: the listing is followed as it is
        assertEquals("Listed Before The U/L Bit", r.vendor("0a:11:22:00:00:01"));
        assertEquals(OuiRegistry.UNKNOWN, r.vendor("02:42:ac:11:00:02"));
        assertEquals(OuiRegistry.UNKNOWN, r.vendor("not a mac"));
        assertEquals(4, r.size());
    }

    @Test
    void withoutTheListingsEveryVendorIsUnknown() throws IOException {
        OuiRegistry none = OuiRegistry.load(dir.resolve("missing"));
        assertFalse(none.available());
        assertEquals(OuiRegistry.UNKNOWN, none.vendor("00:0e:08:de:ad:01"));
        Files.writeString(dir.resolve("oui.txt"), "OUI/MA-L\t\tOrganization\r\n\r\n"
                + "00-0E-08   (hex)\t\tFrom Text\r\n000E08     (base 16)\t\tFrom Text\r\n");
        assertEquals("From Text", OuiRegistry.load(dir).vendor("00:0e:08:de:ad:01"), "oui.txt is read when oui.csv is absent");
    }
}
