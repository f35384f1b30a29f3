package org.phonerescue.ui.packets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.phonerescue.core.pcap.CaptureFormatException;
import org.phonerescue.core.pcap.CaptureWarning;
import org.phonerescue.core.pcap.LinkType;
import org.phonerescue.core.pcap.PcapWriter;

/** What the packet list gets from damaged, foreign and cancelled reads. */
class PacketListReaderTest {

    /** Record header of packet 50 in tftp-rrq.pcap (24-byte file header, then 16 + captured bytes per record). */
    private static final int PACKET_50_OFFSET = 15_702;

    @TempDir
    Path dir;

    @Test
    void truncatedCaptureKeepsTheWholePacketsAndSaysWhereItStopped() throws IOException {
        byte[] whole = Files.readAllBytes(PacketTableModelTest.sampleCapture("tftp-rrq.pcap"));
        // cut through packet 50's data, as a capture copied off a dying phone's upload would be
        Path cut = dir.resolve("cut.pcap");
        Files.write(cut, Arrays.copyOf(whole, PACKET_50_OFFSET + 16 + 100));

        PacketListReader.Loaded loaded = PacketListReader.read(cut, offset -> { }, () -> false);
        PacketTableModel model = new PacketTableModel();
        model.show(loaded.capture());
        CaptureLoadResult result = loaded.result();

        assertEquals(49, model.getRowCount());
        assertEquals(49, result.packetCount());
        assertEquals(49L, model.rowAt(48).number());
        assertTrue(result.stoppedEarly(), result.warnings()::toString);
        CaptureWarning last = result.warnings().get(result.warnings().size() - 1);
        assertEquals(PACKET_50_OFFSET, last.fileOffset(), last::toString);
        assertTrue(result.statusText().startsWith("cut.pcap \u2014 49 packets \u2014 reading stopped"), result::statusText);
        model.clear();
    }

    @Test
    void textFileIsRejectedWithTheReadersMessage() throws IOException {
        Path notes = dir.resolve("notes.pcap");
        Files.writeString(notes, "phone MAC 00:1b:d4:aa:bb:cc, TFTP server 10.0.0.1\n", StandardCharsets.US_ASCII);
        CaptureFormatException e = assertThrows(CaptureFormatException.class,
                () -> PacketListReader.read(notes, offset -> { }, () -> false));
        assertTrue(e.getMessage() != null && !e.getMessage().isBlank());
    }

    @Test
    void cancellingStopsTheIndexingAndListsNothing() throws IOException {
        Path big = dir.resolve("big.pcap");
        byte[] frame = new byte[60];
        try (PcapWriter w = PcapWriter.create(big, LinkType.ETHERNET)) {
            for (int i = 0; i < 100_000; i++) {
                w.write(1_700_000_000L, i, 60, LinkType.ETHERNET, frame, 0, 60, null);
            }
        }
        AtomicInteger asked = new AtomicInteger();
        // cancelled at the second check: the reader checks between blocks of packets
        PacketListReader.Loaded loaded = PacketListReader.read(big, offset -> { }, () -> asked.incrementAndGet() > 1);
        assertNull(loaded.capture());
        CaptureLoadResult result = loaded.result();
        assertTrue(result.cancelled());
        assertTrue(result.packetCount() > 0 && result.packetCount() < 100_000, () -> "read " + result.packetCount());
        assertEquals("big.pcap \u2014 " + result.packetCount() + " packets read, then cancelled: nothing listed",
                result.statusText());
    }
}
