package org.phonerescue.core.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;

/** Pseudonyms: consistent, vendor block kept, byte-reversed pairs and hex forms kept reversed. */
class AnonymizerTest {

    @Test
    void macsKeepTheirVendorBlockAndTheSameMacTheSameAliasInEveryForm() {
        Anonymizer an = new Anonymizer();
        String a = an.mac("00:0e:08:de:ad:01");
        assertEquals("00:0e:08:00:00:01", a);
        assertEquals("00:0e:08:00:00:02", an.mac("00:0e:08:de:ad:02"));
        assertEquals("00:1b:21:00:00:01", an.mac("00:1b:21:aa:bb:cc"), "a counter per vendor block");
        assertEquals("phone 00:0e:08:00:00:01 asked for SEP000E08000001.cnf.xml, then 00:0e:08:00:00:01 again",
                an.text("phone 00:0E:08:DE:AD:01 asked for SEP000E08DEAD01.cnf.xml, then 00-0e-08-de-ad-01 again"));
    }

    @Test
    void addressesBecomeDocumentationAddressesAndReversedPairsStayReversed() {
        Anonymizer an = new Anonymizer();
        assertEquals("192.0.2.1", an.ipv4("192.168.1.1"));
        assertEquals("1.2.0.192", an.ipv4("1.1.168.192"), "the reversed address gets the reversed alias");
        assertEquals("192.0.2.2", an.ipv4("10.1.1.50"));
        for (String same : new String[] {"0.0.0.0", "255.255.255.0", "255.255.255.255", "127.0.0.1", "234.4.8.10"}) {
            assertEquals(same, an.ipv4(same));
        }
        // the hex forms a DHCP server GUI wants follow their address, in both byte orders
        assertEquals("option 150 1.2.0.192: type 192.0.2.1 as 0xC0000201, not 0x010200C0",
                an.text("option 150 1.1.168.192: type 192.168.1.1 as 0xC0A80101, not 0x0101A8C0"));
        assertEquals("version 10.1.33.33 is not an address of the capture",
                an.text("version 10.1.33.33 is not an address of the capture"));
        assertNotEquals(an.ipv4("192.168.1.2"), an.ipv4("192.168.1.3"));
        // a network with its prefix length names the poster's network, an address of the capture or not
        assertEquals("192.0.2.1 is not in 192.0.2.5/24, the phone's network if its netmask is 255.255.255.0",
                an.text("192.168.1.1 is not in 10.231.60.0/24, the phone's network if its netmask is 255.255.255.0"));
        assertEquals("192.0.2.5/24, then 192.0.2.5 alone keeps its alias",
                an.text("10.231.60.0/24, then 10.231.60.0 alone keeps its alias"));
    }
}
