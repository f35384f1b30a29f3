package org.phonerescue.core.pcap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.phonerescue.core.testing.SharedCaptures;
import org.phonerescue.core.testing.Tshark;

/**
 * What our writers write, tshark reads back with the same frame count, timestamps, lengths,
 * bytes and comments. Every readable packet of the shared corpus goes through both writers.
 */
class CaptureWriterRoundTripTest {

    private static final String SECTION_COMMENT = "PhoneRescue round trip: SPA S.O.S. capture, anonymised — ü";

    /** Every packet record of the corpus we can read, custom blocks aside. */
    private static final List<CapturedPacket> PACKETS = new ArrayList<>();

    @TempDir
    Path dir;

    @BeforeAll
    static void readCorpus() throws IOException {
        for (Path capture : SharedCaptures.withSummaryOracle()) {
            try (CaptureReader reader = CaptureReader.open(capture)) {
                CapturedPacket p;
                while ((p = reader.next()) != null) {
                    if (!p.linkType().equals(LinkType.CUSTOM_BLOCK)) {
                        PACKETS.add(p);
                    }
                }
            } catch (CaptureFormatException refused) {
                // files tshark refuses too: nothing to write
            }
        }
        assertTrue(PACKETS.size() > 1500, "corpus too small: " + PACKETS.size());
    }

    @Test
    void pcapngKeepsEveryPacketTimestampLengthByteAndComment() throws Exception {
        Path out = dir.resolve("all.pcapng");
        List<String> comments = new ArrayList<>();
        try (PcapngWriter w = PcapngWriter.create(out, SECTION_COMMENT)) {
            for (int i = 0; i < PACKETS.size(); i++) {
                CapturedPacket p = PACKETS.get(i);
                // Keep the original comments; give every seventh packet a new one, tab- and newline-free.
                String comment = p.comment() != null ? p.comment() : (i % 7 == 0 ? "packet " + (i + 1) + " — note" : null);
                comments.add(comment);
                w.write(p.epochSecond(), p.nanos(), p.originalLength(), p.linkType(), p.data(), 0, p.data().length,
                        comment);
            }
        }
        List<String[]> rows = Tshark.fields(out, "frame.number", "frame.time_epoch", "frame.len", "frame.cap_len",
                "frame.comment");
        assertFramesMatch(PACKETS, rows);
        for (int i = 0; i < PACKETS.size(); i++) {
            String expected = comments.get(i) == null ? "" : comments.get(i).replace("\n", "\\n");
            assertEquals(expected, rows.get(i)[4], "frame " + (i + 1) + " comment");
        }
        assertBytesMatch(PACKETS, Tshark.frameBytes(out));
        String info = Tshark.run(List.of("capinfos", "-k", out.toString()));
        assertTrue(info.contains(SECTION_COMMENT), "capinfos shows the section comment: " + info);
    }

    @Test
    void pcapKeepsEveryPacketOfItsLinkType() throws Exception {
        Map<LinkType, List<CapturedPacket>> byLinkType = new LinkedHashMap<>();
        for (CapturedPacket p : PACKETS) {
            if (p.epochSecond() >= 0 && p.epochSecond() <= 0xFFFFFFFFL) {
                byLinkType.computeIfAbsent(p.linkType(), k -> new ArrayList<>()).add(p);
            }
        }
        assertTrue(byLinkType.size() >= 3, "several link types: " + byLinkType.keySet());
        for (Map.Entry<LinkType, List<CapturedPacket>> e : byLinkType.entrySet()) {
            Path out = dir.resolve("linktype-" + e.getKey().code() + ".pcap");
            try (PcapWriter w = PcapWriter.create(out, e.getKey())) {
                for (CapturedPacket p : e.getValue()) {
                    w.write(p);
                }
            }
            List<CapturedPacket> written = e.getValue();
            assertFramesMatch(written.stream().map(CaptureWriterRoundTripTest::withoutMissingTimestamp).toList(),
                    Tshark.fields(out, "frame.number", "frame.time_epoch", "frame.len", "frame.cap_len"));
            assertBytesMatch(written, Tshark.frameBytes(out));
        }
    }

    @Test
    void pcapRefusesWhatItCannotHold() throws Exception {
        try (PcapWriter w = PcapWriter.create(dir.resolve("x.pcap"), LinkType.ETHERNET)) {
            byte[] frame = new byte[60];
            IllegalArgumentException other = assertThrows(IllegalArgumentException.class,
                    () -> w.write(1, 0, 60, LinkType.LINUX_SLL, frame, 0, 60, null));
            assertTrue(other.getMessage().contains("pcapng"), other.getMessage());
            IllegalArgumentException late = assertThrows(IllegalArgumentException.class,
                    () -> w.write(1L << 33, 0, 60, LinkType.ETHERNET, frame, 0, 60, null));
            assertTrue(late.getMessage().contains("pcapng"), late.getMessage());
            assertEquals(0, w.packetsWritten());
        }
    }

    /** Our pcap writer writes records without a timestamp (pcapng SPB) at time 0. */
    private static CapturedPacket withoutMissingTimestamp(CapturedPacket p) {
        return p.hasTimestamp() ? p : new CapturedPacket(p.number(), 0, 0, p.originalLength(), p.linkType(),
                p.interfaceId(), p.data(), p.comment(), p.fileOffset());
    }

    private static void assertFramesMatch(List<CapturedPacket> expected, List<String[]> rows) {
        assertEquals(expected.size(), rows.size(), "frame count");
        for (int i = 0; i < expected.size(); i++) {
            CapturedPacket p = expected.get(i);
            String[] row = rows.get(i);
            String where = "frame " + (i + 1) + " (from " + p.linkType() + " packet " + p.number() + ")";
            assertEquals(String.valueOf(i + 1), row[0], where);
            String epoch = p.hasTimestamp() ? p.epochText() : "0.000000000";
            assertEquals(epoch, row[1], where + " frame.time_epoch");
            assertEquals(String.valueOf(p.originalLength()), row[2], where + " frame.len");
            assertEquals(String.valueOf(p.capturedLength()), row[3], where + " frame.cap_len");
        }
    }

    private static void assertBytesMatch(List<CapturedPacket> expected, List<String> hexFrames) {
        assertEquals(expected.size(), hexFrames.size(), "frames with bytes");
        HexFormat hex = HexFormat.of();
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(hex.formatHex(expected.get(i).data()), hexFrames.get(i), "frame " + (i + 1) + " bytes");
        }
    }
}
