package org.phonerescue.core.pcap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.phonerescue.core.testing.SharedCaptures;

/** Random access through the offset index gives exactly what streaming gives. */
class IndexedCaptureTest {

    @TempDir
    Path dir;

    @Test
    void everyPacketOfTheCorpusReadsBackTheSameInReverseOrder() throws IOException {
        int files = 0;
        for (Path capture : SharedCaptures.withSummaryOracle()) {
            List<CapturedPacket> streamed = new ArrayList<>();
            try (CaptureReader reader = CaptureReader.open(capture)) {
                CapturedPacket p;
                while ((p = reader.next()) != null) {
                    streamed.add(p);
                }
            } catch (CaptureFormatException refused) {
                assertThrows(CaptureFormatException.class, () -> IndexedCapture.open(capture));
                continue;
            }
            try (IndexedCapture indexed = IndexedCapture.open(capture)) {
                assertEquals(streamed.size(), indexed.size(), capture.toString());
                for (int i = streamed.size(); i >= 1; i--) {
                    assertSamePacket(streamed.get(i - 1), indexed.packet(i), capture + " packet " + i);
                }
            }
            files++;
        }
        assertTrue(files > 80);
    }

    @Test
    void theIndexCostsAtMostSixteenBytesAPacket() throws IOException {
        Path file = dir.resolve("many.pcap");
        int packets = 300_000;
        byte[] frame = new byte[60];
        try (PcapWriter w = PcapWriter.create(file, LinkType.ETHERNET)) {
            for (int i = 0; i < packets; i++) {
                frame[59] = (byte) i;
                frame[58] = (byte) (i >>> 8);
                w.write(1_700_000_000L + i / 1000, (i % 1000) * 1_000_000, 60, LinkType.ETHERNET, frame, 0, 60, null);
            }
        }
        try (IndexedCapture indexed = IndexedCapture.open(file)) {
            assertEquals(packets, indexed.size());
            assertTrue(indexed.indexBytes() <= 16L * packets, indexed.indexBytes() + " bytes for " + packets);
            CapturedPacket p = indexed.packet(123_457);
            assertEquals(123_457, p.number());
            assertEquals((byte) 123_456, p.data()[59]);
            assertEquals((byte) (123_456 >>> 8), p.data()[58]);
            assertEquals("1700000123.456000000", p.epochText());
            assertThrows(IndexOutOfBoundsException.class, () -> indexed.packet(packets + 1));
            assertThrows(IndexOutOfBoundsException.class, () -> indexed.packet(0));
        }
    }

    @Test
    void pcapngSectionsKeepTheirOwnInterfacesUnderRandomAccess() throws IOException {
        // hadrielk test202: three sections of different byte order, each with its own interfaces.
        // tshark -T fields -e frame.encap_type -e frame.interface_id: frames 4 and 11 are interface 1,
        // BSD loopback (Wireshark's encapsulation 15), the others interface 0, Ethernet (1).
        Path capture = SharedCaptures.dir().resolve("pcapng/hadrielk_le_test202.pcapng");
        try (IndexedCapture indexed = IndexedCapture.open(capture)) {
            assertEquals(11, indexed.size());
            assertEquals(LinkType.CUSTOM_BLOCK, indexed.packet(10).linkType());
            assertEquals(LinkType.NULL, indexed.packet(11).linkType());
            assertEquals(1, indexed.packet(11).interfaceId());
            assertEquals(LinkType.ETHERNET, indexed.packet(9).linkType());
            assertEquals(LinkType.NULL, indexed.packet(4).linkType());
            assertEquals(LinkType.ETHERNET, indexed.packet(2).linkType());
        }
    }

    static void assertSamePacket(CapturedPacket expected, CapturedPacket actual, String where) {
        assertEquals(expected.number(), actual.number(), where);
        assertEquals(expected.epochSecond(), actual.epochSecond(), where);
        assertEquals(expected.nanos(), actual.nanos(), where);
        assertEquals(expected.originalLength(), actual.originalLength(), where);
        assertEquals(expected.linkType(), actual.linkType(), where);
        assertEquals(expected.interfaceId(), actual.interfaceId(), where);
        assertEquals(expected.comment(), actual.comment(), where);
        assertEquals(expected.fileOffset(), actual.fileOffset(), where);
        assertArrayEquals(expected.data(), actual.data(), where);
    }
}
