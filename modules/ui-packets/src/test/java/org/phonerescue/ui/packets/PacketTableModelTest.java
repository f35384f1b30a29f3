package org.phonerescue.ui.packets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.phonerescue.core.pcap.IndexedCapture;

/**
 * The packet list filled from a real capture. Expected cells come from
 * {@code tshark -r sample-captures/tftp-rrq.pcap -T fields -e frame.number -e frame.time_relative
 * -e ip.src -e udp.srcport -e ip.dst -e udp.dstport -e ip.proto -e frame.len}.
 */
class PacketTableModelTest {

    private static final int NO = PacketTableModel.Column.NUMBER.ordinal();
    private static final int TIME = PacketTableModel.Column.TIME.ordinal();
    private static final int SOURCE = PacketTableModel.Column.SOURCE.ordinal();
    private static final int DESTINATION = PacketTableModel.Column.DESTINATION.ordinal();
    private static final int PROTOCOL = PacketTableModel.Column.PROTOCOL.ordinal();
    private static final int LENGTH = PacketTableModel.Column.LENGTH.ordinal();

    private static PacketTableModel model;
    private static CaptureLoadResult result;

    static Path sampleCapture(String name) {
        return Path.of(System.getProperty("sample.captures.dir", "../../sample-captures"), name);
    }

    @BeforeAll
    static void load() throws IOException {
        model = new PacketTableModel();
        PacketListReader.Loaded loaded = PacketListReader.read(sampleCapture("tftp-rrq.pcap"), offset -> { }, () -> false);
        model.show(loaded.capture());
        result = loaded.result();
    }

    @AfterAll
    static void close() {
        model.clear();
    }

    @Test
    void listsEveryPacket() {
        assertEquals(99, model.getRowCount());
        assertEquals(99, result.packetCount());
        assertEquals(List.of(), result.warnings());
        assertEquals("tftp-rrq.pcap \u2014 99 packets", result.statusText());
    }

    @Test
    void columnsAreWiresharksDefaults() {
        assertEquals(6, model.getColumnCount());
        assertEquals(List.of("No.", "Time", "Source", "Destination", "Protocol", "Length"),
                List.of(model.getColumnName(0), model.getColumnName(1), model.getColumnName(2),
                        model.getColumnName(3), model.getColumnName(4), model.getColumnName(5)));
        assertEquals(Long.class, model.getColumnClass(NO));
        assertEquals(Integer.class, model.getColumnClass(LENGTH));
    }

    @Test
    void readRequestIsTheFirstRow() {
        // tshark: 1|0.000000000|192.168.0.253|50618|192.168.0.10|69|17|62
        assertRow(0, 1L, "0.000000", "192.168.0.253:50618", "192.168.0.10:69", 62);
    }

    @Test
    void firstDataBlockComesFromTheServersTransferPort() {
        // tshark: 2|0.104391000|192.168.0.10|3445|192.168.0.253|50618|17|558
        assertRow(1, 2L, "0.104391", "192.168.0.10:3445", "192.168.0.253:50618", 558);
    }

    @Test
    void lastBlockAndItsAcknowledgementEndTheList() {
        // tshark: 98|0.283293000|192.168.0.10|3445|192.168.0.253|50618|17|69
        assertRow(97, 98L, "0.283293", "192.168.0.10:3445", "192.168.0.253:50618", 69);
        // tshark: 99|0.285949000|192.168.0.253|50618|192.168.0.10|3445|17|60
        assertRow(98, 99L, "0.285949", "192.168.0.253:50618", "192.168.0.10:3445", 60);
    }

    @Test
    void clearEmptiesTheListAndClosesTheCapture() throws IOException {
        PacketTableModel other = new PacketTableModel();
        IndexedCapture capture = IndexedCapture.open(sampleCapture("tftp-rrq.pcap"));
        other.show(capture);
        assertEquals(99, other.getRowCount());
        other.clear();
        assertEquals(0, other.getRowCount());
        assertThrows(IOException.class, () -> capture.packet(1), "the model closed the capture");
    }

    @Test
    void rowsAreReadBackInAnyOrderAndCachedWithinABound() throws IOException {
        PacketTableModel other = new PacketTableModel();
        other.show(IndexedCapture.open(sampleCapture("tftp-rrq.pcap")));
        try {
            for (int row = 98; row >= 0; row--) {
                assertEquals((long) row + 1, other.getValueAt(row, NO));
            }
            assertEquals(model.getValueAt(57, SOURCE), other.getValueAt(57, SOURCE));
            assertSame(other.rowAt(57), other.rowAt(57));
        } finally {
            other.clear();
        }
    }

    @Test
    void relativeTimeBorrowsFromTheSecondsAndKeepsTheSign() {
        PacketRow first = row(1_367_411_051L, 972_852_000);
        assertEquals("0.104391", PacketTableModel.relativeTime(first, row(1_367_411_052L, 77_243_000)));
        assertEquals("10.000000", PacketTableModel.relativeTime(first, row(1_367_411_061L, 972_852_999)));
        // a packet stamped before the first one, as in merged or clock-stepped captures
        assertEquals("-0.500000", PacketTableModel.relativeTime(first, row(1_367_411_051L, 472_852_000)));
        assertEquals("-1.900000", PacketTableModel.relativeTime(first, row(1_367_411_050L, 72_852_000)));
    }

    private static PacketRow row(long epochSecond, int nanos) {
        return new PacketRow(1, epochSecond, nanos, "", "", "", 60, null);
    }

    private static void assertRow(int row, long number, String time, String source, String destination, int length) {
        assertEquals(number, model.getValueAt(row, NO));
        assertEquals(time, model.getValueAt(row, TIME));
        assertEquals(source, model.getValueAt(row, SOURCE));
        assertEquals(destination, model.getValueAt(row, DESTINATION));
        // ip.proto 17: the summariser names the transport; TFTP is decoded further down the product
        assertEquals("UDP", model.getValueAt(row, PROTOCOL));
        assertEquals(length, model.getValueAt(row, LENGTH));
    }
}
