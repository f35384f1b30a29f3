package org.phonerescue.core.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.phonerescue.core.pcap.CaptureFormatException;
import org.phonerescue.core.pcap.CaptureReader;
import org.phonerescue.core.pcap.CapturedPacket;
import org.phonerescue.core.testing.SharedCaptures;
import org.phonerescue.core.testing.Tshark;

/** IPv6 addresses print exactly as tshark prints ipv6.src / ipv6.dst (RFC 5952 text). */
class Ipv6AddressOracleTest {

    @Test
    void everyIpv6AddressOfTheCorpusPrintsAsTsharkPrintsIt() throws Exception {
        PacketSummarizer summarizer = new PacketSummarizer();
        int compared = 0;
        for (Path capture : SharedCaptures.withSummaryOracle()) {
            List<PacketSummary> ours = new ArrayList<>();
            boolean anyIpv6 = false;
            try (CaptureReader reader = CaptureReader.open(capture)) {
                CapturedPacket p;
                while ((p = reader.next()) != null) {
                    PacketSummary s = summarizer.summarize(p.linkType(), p.data(), 0, p.data().length);
                    ours.add(s);
                    anyIpv6 |= s.ipVersion() == 6;
                }
            } catch (CaptureFormatException refused) {
                continue;
            }
            if (!anyIpv6 || SharedCaptures.isMalformed(capture)) {
                continue;
            }
            List<String[]> rows = Tshark.fields(capture, "ipv6.src", "ipv6.dst");
            for (int i = 0; i < ours.size(); i++) {
                PacketSummary s = ours.get(i);
                if (s.ipVersion() != 6) {
                    continue;
                }
                String where = capture.getFileName() + " frame " + (i + 1);
                assertEquals(rows.get(i)[0].split(",")[0], s.ipSource(), where + " ipv6.src");
                assertEquals(rows.get(i)[1].split(",")[0], s.ipDestination(), where + " ipv6.dst");
                compared += 2;
            }
        }
        assertTrue(compared >= 8, "only " + compared + " IPv6 addresses compared");
    }

    @Test
    /** The examples of RFC 5952 §4.2.2, §4.2.3 and §5, and a link-local address. */
    void specialFormsFollowRfc5952() throws IOException {
        assertEquals("::", Addresses.ipv6(new byte[16], 0));
        assertEquals("::1", Addresses.ipv6(bytes("00000000000000000000000000000001"), 0));
        assertEquals("2001:db8::1:0:0:1", Addresses.ipv6(bytes("20010db8000000000001000000000001"), 0));
        assertEquals("2001:db8:0:1:1:1:1:1", Addresses.ipv6(bytes("20010db8000000010001000100010001"), 0));
        assertEquals("::ffff:192.0.2.1", Addresses.ipv6(bytes("00000000000000000000ffffc0000201"), 0));
        assertEquals("fe80::20c:29ff:fe12:3456", Addresses.ipv6(bytes("fe80000000000000020c29fffe123456"), 0));
    }

    private static byte[] bytes(String hex) {
        return java.util.HexFormat.of().parseHex(hex);
    }
}
