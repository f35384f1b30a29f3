package org.phonerescue.core.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Pseudonyms: consistent, vendor block kept, networks kept, byte-reversed pairs and hex forms kept reversed. */
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
        // another network, another documentation network; the host part stays
        assertEquals("198.51.100.50", an.ipv4("10.1.1.50"));
        for (String same : new String[] {"0.0.0.0", "255.255.255.0", "255.255.255.255", "127.0.0.1", "234.4.8.10"}) {
            assertEquals(same, an.ipv4(same));
        }
        // the hex forms a DHCP server GUI wants follow their address, in both byte orders
        assertEquals("option 150 1.2.0.192: type 192.0.2.1 as 0xC0000201, not 0x010200C0",
                an.text("option 150 1.1.168.192: type 192.168.1.1 as 0xC0A80101, not 0x0101A8C0"));
        assertEquals("version 10.1.33.33 is not an address of the capture",
                an.text("version 10.1.33.33 is not an address of the capture"));
        assertNotEquals(an.ipv4("192.168.1.2"), an.ipv4("192.168.1.3"));
        // a network with its prefix length names the poster's network, an address of the capture or not;
        // it stays a network, and not the network of an address outside it
        assertEquals("192.0.2.1 is not in 203.0.113.0/24, the phone's network if its netmask is 255.255.255.0",
                an.text("192.168.1.1 is not in 10.231.60.0/24, the phone's network if its netmask is 255.255.255.0"));
        assertEquals("203.0.113.0/24, then 203.0.113.0 alone keeps its alias",
                an.text("10.231.60.0/24, then 10.231.60.0 alone keeps its alias"));
    }

    /** Aliases keep networks: "192.0.2.2 is not in 192.0.2.4/24" about a phone at 192.0.2.1 would read as nonsense. */
    @Test
    void everyRealNetworkBecomesOneAliasNetworkWithItsHostPartsKept() {
        Anonymizer an = new Anonymizer();
        List<String> real = List.of("10.231.60.5", "10.231.50.1", "10.231.60.1", "10.231.60.0", "10.231.60.255",
                "10.231.50.0", "172.16.9.200", "10.231.61.5", "192.168.1.1");
        Map<String, String> alias = new HashMap<>();
        real.forEach(ip -> alias.put(ip, an.ipv4(ip)));
        for (String a : real) {
            // the host part stays: a network address stays one, the broadcast stays the broadcast
            assertEquals(a.substring(a.lastIndexOf('.')), alias.get(a).substring(alias.get(a).lastIndexOf('.')), a);
            for (String b : real) {
                assertEquals(net24(a).equals(net24(b)), net24(alias.get(a)).equals(net24(alias.get(b))), a + " and " + b);
            }
        }
        assertEquals(5, alias.values().stream().map(AnonymizerTest::net24).distinct().count(),
                "five real networks, five alias networks");
        // the first three from RFC 5737, then RFC 2544's benchmarking network 198.18.0.0/15
        assertEquals(List.of("192.0.2.", "198.51.100.", "203.0.113.", "198.18.0."), List.of(net24(alias.get("10.231.60.5")),
                net24(alias.get("10.231.50.1")), net24(alias.get("172.16.9.200")), net24(alias.get("10.231.61.5"))));
    }

    /** No alias may be a real address or MAC of the capture: a reader would chase the wrong device. */
    @Test
    void noAliasNetworkIsARealNetwork() {
        Ipv4Aliases v4 = new Ipv4Aliases();
        for (String ip : List.of("192.0.2.7", "198.51.100.9", "10.0.0.1")) {
            v4.real(ip);
        }
        assertEquals("203.0.113.1", v4.alias("10.0.0.1"));
        assertEquals("198.18.0.7", v4.alias("192.0.2.7"), "a documentation address of the capture is real too");
        assertEquals("198.18.1.9", v4.alias("198.51.100.9"));
        assertEquals("198.18.2.0/24", v4.alias("172.16.0.0") + "/24", "a network only named is no real one");
    }

    /** A DHCP netmask wider than /24 makes one block: addresses in the same /16 stay in the same /16. */
    @Test
    void aDhcpNetmaskKeepsItsWholeNetworkTogether() {
        Ipv4Aliases v4 = new Ipv4Aliases();
        v4.real("10.20.30.40");
        v4.real("10.20.99.1");
        v4.real("10.21.0.5");
        v4.network("10.20.30.40", "255.255.0.0");
        assertEquals("198.18.30.40", v4.alias("10.20.30.40"));
        assertEquals("198.18.99.1", v4.alias("10.20.99.1"));
        assertEquals("198.18.0.0", v4.alias("10.20.0.0"), "the network address of the /16");
        assertEquals("192.0.2.5", v4.alias("10.21.0.5"), "another /16: outside the block");
        // a /8 is kept as the /16 around the address it came with
        Ipv4Aliases wide = new Ipv4Aliases();
        wide.network("10.1.2.3", "255.0.0.0");
        assertEquals("198.18.2.3", wide.alias("10.1.2.3"));
        assertEquals("198.18.200.1", wide.alias("10.1.200.1"));
        assertEquals("192.0.2.1", wide.alias("10.2.0.1"));
    }

    @Test
    void ipv6AddressesKeepTheirSlash64() {
        Ipv6Aliases v6 = new Ipv6Aliases();
        v6.real("2001:db8:0:1::5");
        assertEquals("2001:db8:0:2::1", v6.alias("fe80::20e:8ff:fe11:2233"), "2001:db8:0:1::/64 is the capture's");
        assertEquals("2001:db8:0:2::2", v6.alias("fe80::1"));
        assertEquals("2001:db8:0:3::1", v6.alias("2a02:1:2:3::1"));
        assertEquals("2001:db8:0:4::1", v6.alias("2001:db8:0:1::5"));
        assertEquals("2001:db8:0:2::1", v6.alias("fe80::20e:8ff:fe11:2233"));
    }

    /** SPA provisioning names carry the MAC after letters. */
    @Test
    void aMacAfterLettersInAFileNameFollowsItsAlias() {
        Anonymizer an = new Anonymizer();
        assertEquals("00:0e:08:00:00:01", an.mac("00:0e:08:11:22:33"));
        assertEquals("spa000e08000001.cfg, /cfg/SPA000E08000001.xml, 000e08000001.xml, SEP000E08000001.cnf.xml",
                an.text("spa000e08112233.cfg, /cfg/SPA000E08112233.xml, 000e08112233.xml, SEP000E08112233.cnf.xml"));
        // only a MAC of the capture, and not inside a longer number
        assertEquals("spa000e08112234.cfg 1000e08112233 000e081122334", an.text("spa000e08112234.cfg 1000e08112233 000e081122334"));
    }

    @Test
    void credentialsInRequestTargetsAreMasked() {
        Anonymizer an = new Anonymizer();
        assertEquals("'/prov/spa504G.cfg?user=***&password=***&mac=0011' by HTTP",
                an.text("'/prov/spa504G.cfg?user=alice&password=S3cret!&mac=0011' by HTTP"));
        assertEquals("/c.xml?PWD=***;Passwd=***&sip_pass=***&Secret=***&token=***&apikey=***&auth=***&model=spa",
                an.text("/c.xml?PWD=a1;Passwd=b2&sip_pass=c3&Secret=d4&token=e5&apikey=f6&auth=g7&model=spa"));
        assertEquals("| `ftp://***@host-x/spa.bin` | GET http://***@prov/x.cfg from",
                an.text("| `ftp://bob:hunter2@host-x/spa.bin` | GET http://bob@prov/x.cfg from"));
        assertEquals("option 66 ***:***@tftp.example/ and sip:alice@pbx stay a URI",
                an.text("option 66 bob:hunter2@tftp.example/ and sip:alice@pbx stay a URI"));
    }

    private static String net24(String ip) {
        return ip.substring(0, ip.lastIndexOf('.') + 1);
    }
}
