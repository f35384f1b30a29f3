package org.phonerescue.core.decode.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.phonerescue.core.decode.DecodedPacket;
import org.phonerescue.core.decode.tcp.TsharkCheck;
import org.phonerescue.core.pcap.CapturedPacket;
import org.phonerescue.core.testing.Frames;

/**
 * DNS names with compression pointers (RFC 1035 §4.1.4), laid out byte by byte: a response
 * whose answers point back into the question, and pointers that loop (to themselves, between
 * two names) or point past the message. Well-formed ones are checked against tshark; looping
 * ones must end, be flagged malformed, and keep what was read before the loop.
 */
class NameCompressionTest {

    private static final byte[] PHONE = Frames.ip("192.168.1.50");
    private static final byte[] DNS = Frames.ip("192.168.1.1");
    private static final byte[] PHONE_MAC = Frames.mac("00:04:f2:11:22:33");
    private static final byte[] DNS_MAC = Frames.mac("00:1b:21:aa:bb:cc");

    @TempDir
    Path dir;

    /** Header, then the question "tftp.example.com A IN" at offset 12. */
    private static ByteArrayOutputStream message(int id, int flags, int answers) {
        ByteArrayOutputStream m = new ByteArrayOutputStream();
        m.writeBytes(new byte[] {(byte) (id >> 8), (byte) id, (byte) (flags >> 8), (byte) flags, 0, 1, 0,
            (byte) answers, 0, 0, 0, 0});
        m.writeBytes(new byte[] {4, 't', 'f', 't', 'p', 7, 'e', 'x', 'a', 'm', 'p', 'l', 'e', 3, 'c', 'o', 'm', 0});
        m.writeBytes(new byte[] {0, 1, 0, 1});
        return m;
    }

    private static CapturedPacket udp(int number, boolean query, byte[] payload) {
        byte[] frame = query ? Frames.udp(PHONE_MAC, DNS_MAC, PHONE, DNS, 40000, 53, payload)
                : Frames.udp(DNS_MAC, PHONE_MAC, DNS, PHONE, 53, 40000, payload);
        return Frames.packet(number, frame);
    }

    @Test
    void answersPointIntoTheQuestion() throws Exception {
        ByteArrayOutputStream q = message(0x1234, 0x0100, 0);
        ByteArrayOutputStream r = message(0x1234, 0x8180, 2);
        // CNAME at 0xC00C ("tftp.example.com") → "boot" + pointer to "example.com" (offset 17)
        r.writeBytes(new byte[] {(byte) 0xC0, 12, 0, 5, 0, 1, 0, 0, 0x0E, 0x10, 0, 7, 4, 'b', 'o', 'o', 't',
            (byte) 0xC0, 17});
        // A record for the CNAME target, named by a pointer to "boot" + pointer above (offset 46)
        r.writeBytes(new byte[] {(byte) 0xC0, 46, 0, 1, 0, 1, 0, 0, 0x0E, 0x10, 0, 4, (byte) 192, (byte) 168, 1, 10});
        List<CapturedPacket> packets = List.of(udp(1, true, q.toByteArray()), udp(2, false, r.toByteArray()));
        List<DecodedPacket> ours = TsharkCheck.agree(dir, packets, "_ws.col.Protocol", "_ws.col.Info", "dns.qry.name",
                "dns.resp.name", "dns.cname", "dns.a", "dns.count.labels", "dns.qry.name.len", "dns.response_to",
                "dns.flags.rcode");
        assertEquals("tftp.example.com,boot.example.com", TsharkCheck.text(ours.get(1), "dns.resp.name"));
        assertEquals("192.168.1.10", TsharkCheck.text(ours.get(1), "dns.a"));
    }

    @Test
    @Timeout(5)
    void compressionLoopsEndAsMalformed() {
        List<CapturedPacket> packets = new ArrayList<>();
        // an answer whose name is a pointer to itself (offset 34)
        ByteArrayOutputStream self = message(1, 0x8180, 1);
        self.writeBytes(new byte[] {(byte) 0xC0, 34, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4, 10, 0, 0, 1});
        packets.add(udp(1, false, self.toByteArray()));
        // two names pointing at each other: "a" + pointer to 38, where "b" + pointer to 34
        ByteArrayOutputStream pair = message(2, 0x8180, 1);
        pair.writeBytes(new byte[] {1, 'a', (byte) 0xC0, 38, 1, 'b', (byte) 0xC0, 34, 0, 1, 0, 1, 0, 0, 0, 60, 0, 0});
        packets.add(udp(2, false, pair.toByteArray()));
        // a pointer past the end of the message
        ByteArrayOutputStream past = message(3, 0x8180, 1);
        past.writeBytes(new byte[] {(byte) 0xC3, (byte) 0xFF, 0, 1, 0, 1, 0, 0, 0, 60, 0, 0});
        packets.add(udp(3, false, past.toByteArray()));
        List<DecodedPacket> ours = TsharkCheck.decode(packets, d -> { });
        for (DecodedPacket p : ours) {
            assertTrue(p.malformed(), p.info());
            assertEquals("tftp.example.com", TsharkCheck.text(p, "dns.qry.name"), "the question is kept");
        }
        assertTrue(ours.get(0).expertNotes().get(0).text().contains("loop"));
        assertTrue(ours.get(1).expertNotes().get(0).text().contains("loop"));
    }
}
