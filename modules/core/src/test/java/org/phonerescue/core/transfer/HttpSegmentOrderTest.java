package org.phonerescue.core.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.phonerescue.core.analysis.Scenario;
import org.phonerescue.core.analysis.Scenario.Host;
import org.phonerescue.core.testing.Tshark;

/**
 * Segments that do not come in sequence order (RFC 9293 §3.10.7.4: data is processed in
 * sequence, segments ahead of a hole wait until it is filled): a response segment that arrives
 * after its successor, and a request sent again because the server's ACK of it was lost. tshark checks each scene: its sequence analysis flags the
 * segment, and the file it exports is the file sent.
 */
class HttpSegmentOrderTest {

    private static final Host PHONE = new Host("00:04:13:24:35:46", "192.168.1.60");
    private static final Host SERVER = new Host("00:1b:21:aa:bb:cc", "192.168.1.10");
    private static final int MSS = 1460;

    @TempDir
    Path dir;

    private static byte[] response(byte[] file) {
        ByteArrayOutputStream r = new ByteArrayOutputStream();
        r.writeBytes(("HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: " + file.length
                + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        r.writeBytes(file);
        return r.toByteArray();
    }

    private static byte[] part(byte[] r, int from, int to) {
        return Arrays.copyOfRange(r, from, Math.min(to, r.length));
    }

    /** tshark's value of a field on one frame ("" when absent). */
    private static String field(Path capture, long frame, String name) throws Exception {
        List<String[]> rows = Tshark.fields(capture, "frame.number", name);
        return rows.get((int) frame - 1)[1];
    }

    /** The single transfer of the scene, checked complete against the file sent and tshark's export. */
    private void oneCompleteDownload(Scenario s, Path capture, byte[] file) throws Exception {
        String sent = HttpTransferTrackerTest.sha256(file);
        assertEquals(List.of(sent), HttpTransferTrackerTest.exported(capture, "http", dir.resolve("export")),
                "tshark rebuilds the file sent");
        List<HttpTransfer> transfers = HttpTransferTrackerTest.transfers(s.packets());
        assertEquals(1, transfers.size(), transfers.toString());
        HttpTransfer t = transfers.get(0);
        assertEquals(TransferOutcome.COMPLETE, t.outcome());
        assertEquals(file.length, t.bytes());
        assertTrue(t.content().complete(), "the content came together");
        assertEquals(file.length, t.content().size());
        assertEquals(sent, t.content().sha256());
    }

    @Test
    void aResponseSegmentThatArrivesAfterItsSuccessorIsPutInOrder() throws Exception {
        byte[] file = Scenario.content(20_000, 11);
        byte[] r = response(file);
        Scenario s = new Scenario();
        Scenario.TcpConnection c = s.at(0).tcp(PHONE, 40020, SERVER, 80);
        c.handshake();
        c.client("GET /snom370-r.bin HTTP/1.1\r\nHost: fw\r\n\r\n");
        s.after(0.003);
        c.server(part(r, 0, 3 * MSS));
        c.ack(true);
        // segments 4 and 5 cross on the way: 5 first, then 4
        long ahead = c.serverAt(MSS, part(r, 4 * MSS, 5 * MSS));
        long late = c.server(part(r, 3 * MSS, 4 * MSS));
        c.serverLost(MSS);
        c.ack(true);
        c.server(part(r, 5 * MSS, r.length));
        c.ack(true);
        Path capture = s.write(dir.resolve("crossed.pcap"));

        assertEquals("1", field(capture, ahead, "tcp.analysis.lost_segment"));
        assertEquals("1", field(capture, late, "tcp.analysis.out_of_order"), "tshark: the late segment is out of order");
        oneCompleteDownload(s, capture, file);
    }

    @Test
    void aRequestSentAgainIsOneTransfer() throws Exception {
        byte[] file = Scenario.content(5000, 13);
        String get = "GET /snom370-r.bin HTTP/1.1\r\nHost: fw\r\nUser-Agent: snom370\r\n\r\n";
        Scenario s = new Scenario();
        Scenario.TcpConnection c = s.at(0).tcp(PHONE, 40022, SERVER, 80);
        c.handshake();
        long request = c.client(get);
        // the server's ACK of the request was lost: after its retransmission timeout the phone sends it again
        s.after(0.21);
        long again = c.clientAt(-get.length(), get.getBytes(StandardCharsets.ISO_8859_1));
        c.ack(false);
        s.after(0.003);
        c.server(response(file));
        c.ack(true);
        c.fin(false);
        c.fin(true);
        c.ack(false);
        Path capture = s.write(dir.resolve("request-again.pcap"));

        assertEquals("1", field(capture, again, "tcp.analysis.retransmission"), "tshark: the request is sent again");
        List<String[]> requests = Tshark.fields(capture, "frame.number", "http.request");
        assertEquals(List.of(Long.toString(request)), requests.stream().filter(row -> !row[1].isEmpty())
                .map(row -> row[0]).toList(), "tshark: one request");
        oneCompleteDownload(s, capture, file);
        assertEquals(request, HttpTransferTrackerTest.transfers(s.packets()).get(0).requestFrame());
    }

    /**
     * The server's ACK of the request is captured on the phone's side but lost before the phone
     * took it in: the request's repeat is a spurious retransmission, of bytes already acknowledged.
     */
    @Test
    void aRequestSentAgainAfterItsAckIsOneTransfer() throws Exception {
        byte[] file = Scenario.content(5000, 14);
        String get = "GET /snom370-r.bin HTTP/1.1\r\nHost: fw\r\nUser-Agent: snom370\r\n\r\n";
        Scenario s = new Scenario();
        Scenario.TcpConnection c = s.at(0).tcp(PHONE, 40023, SERVER, 80);
        c.handshake();
        long request = c.client(get);
        c.ack(false);
        s.after(0.21);
        long again = c.clientAt(-get.length(), get.getBytes(StandardCharsets.ISO_8859_1));
        c.ack(false);
        s.after(0.003);
        c.server(response(file));
        c.ack(true);
        Path capture = s.write(dir.resolve("request-again-acked.pcap"));

        assertEquals("1", field(capture, again, "tcp.analysis.spurious_retransmission"),
                "tshark: the request is sent again after its ACK");
        assertEquals("1", field(capture, again, "tcp.analysis.retransmission"));
        org.phonerescue.core.analysis.PacketView ours = s.decode().get((int) again - 1);
        assertTrue(ours.field("tcp.analysis.spurious_retransmission") != null
                && ours.field("tcp.analysis.retransmission") != null, "our decoder flags it as tshark does");
        List<String[]> requests = Tshark.fields(capture, "frame.number", "http.request");
        assertEquals(List.of(Long.toString(request)), requests.stream().filter(row -> !row[1].isEmpty())
                .map(row -> row[0]).toList(), "tshark: one request");
        oneCompleteDownload(s, capture, file);
        assertEquals(request, HttpTransferTrackerTest.transfers(s.packets()).get(0).requestFrame());
    }
}
