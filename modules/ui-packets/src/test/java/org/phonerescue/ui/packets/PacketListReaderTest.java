package org.phonerescue.ui.packets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.phonerescue.core.pcap.CaptureFormatException;
import org.phonerescue.core.pcap.CaptureWarning;

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

        List<PacketRow> rows = new ArrayList<>();
        CaptureLoadResult result = PacketListReader.read(cut, (batch, bytesRead) -> rows.addAll(batch), () -> false);

        assertEquals(49, rows.size());
        assertEquals(49, result.packetCount());
        assertEquals(49L, rows.get(48).number());
        assertTrue(result.stoppedEarly(), result.warnings()::toString);
        CaptureWarning last = result.warnings().get(result.warnings().size() - 1);
        assertTrue(last.fileOffset() >= PACKET_50_OFFSET && last.fileOffset() <= PACKET_50_OFFSET + 16 + 100, last::toString);
        assertTrue(result.statusText().startsWith("cut.pcap \u2014 49 packets \u2014 reading stopped"), result::statusText);
    }

    @Test
    void textFileIsRejectedWithTheReadersMessage() throws IOException {
        Path notes = dir.resolve("notes.pcap");
        Files.writeString(notes, "phone MAC 00:1b:d4:aa:bb:cc, TFTP server 10.0.0.1\n", StandardCharsets.US_ASCII);
        CaptureFormatException e = assertThrows(CaptureFormatException.class,
                () -> PacketListReader.read(notes, (batch, bytesRead) -> { }, () -> false));
        assertTrue(e.getMessage() != null && !e.getMessage().isBlank());
    }

    @Test
    void cancellingStopsBetweenPackets() throws IOException {
        AtomicInteger asked = new AtomicInteger();
        // cancelled from the third check on: two packets are read, then reading stops
        CaptureLoadResult result = PacketListReader.read(PacketTableModelTest.sampleCapture("tftp-rrq.pcap"),
                (batch, bytesRead) -> { }, () -> asked.incrementAndGet() > 2);
        assertEquals(2, result.packetCount());
        assertTrue(result.cancelled());
        assertEquals("tftp-rrq.pcap \u2014 2 packets (reading cancelled)", result.statusText());
    }
}
