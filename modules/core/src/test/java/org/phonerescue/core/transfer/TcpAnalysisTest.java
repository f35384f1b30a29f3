package org.phonerescue.core.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.phonerescue.core.analysis.Scenario;
import org.phonerescue.core.analysis.Scenario.Host;
import org.phonerescue.core.diagnosis.Diagnose;
import org.phonerescue.core.session.CaptureAnalysis;
import org.phonerescue.core.testing.Tshark;

/**
 * The retransmitted and out-of-order segments of an HTTP or FTP transfer's data direction, and
 * the receiver's duplicate ACKs, as the decoder's TCP analysis flags them: counted per transfer
 * and checked frame by frame against tshark's tcp.analysis.* fields.
 */
class TcpAnalysisTest {

    private static final Host PHONE = new Host("00:04:13:24:35:46", "192.168.1.60");
    private static final Host SERVER = new Host("00:1b:21:aa:bb:cc", "192.168.1.10");

    @TempDir
    Path dir;

    /**
     * Sends {@code data} from the server with trouble on the way: two segments cross (the later
     * one first: the earlier is out of order when it follows), the server sends the crossed
     * segment again 0.3 s later, and the client then repeats its ACK.
     */
    private static void troubled(Scenario s, Scenario.TcpConnection c, byte[] data) {
        c.server(Arrays.copyOfRange(data, 0, 2920));
        c.ack(true);
        c.serverAt(1460, Arrays.copyOfRange(data, 4380, 5840));
        c.server(Arrays.copyOfRange(data, 2920, 4380));
        c.serverLost(1460);
        s.after(0.3);
        c.serverAt(-1460, Arrays.copyOfRange(data, 4380, 5840));
        c.ack(true);
        c.ack(true);
        c.server(Arrays.copyOfRange(data, 5840, data.length));
    }

    /** Frames of one stream and source port that tshark flags with the field. */
    private static List<Long> flagged(List<String[]> rows, String stream, String port, int column) {
        List<Long> out = new ArrayList<>();
        for (String[] r : rows) {
            if (r[1].equals(stream) && r[2].equals(port) && !r[column].isEmpty()) {
                out.add(Long.parseLong(r[0]));
            }
        }
        return out;
    }

    private static List<String[]> analysis(Path capture) throws Exception {
        return Tshark.fields(capture, "frame.number", "tcp.stream", "tcp.srcport", "tcp.analysis.retransmission",
                "tcp.analysis.out_of_order", "tcp.analysis.duplicate_ack");
    }

    @Test
    void anHttpDownloadCountsTheRepeatsOfItsResponseAsTsharkFlagsThem() throws Exception {
        byte[] file = Scenario.content(8000, 7);
        ByteArrayOutputStream response = new ByteArrayOutputStream();
        response.writeBytes(("HTTP/1.1 200 OK\r\nContent-Length: " + file.length + "\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1));
        response.writeBytes(file);
        byte[] r = response.toByteArray();
        Scenario s = new Scenario();
        Scenario.TcpConnection c = s.at(0).tcp(PHONE, 40010, SERVER, 80);
        c.handshake();
        c.client("GET /snom370-r.bin HTTP/1.1\r\nHost: fw\r\n\r\n");
        s.after(0.01);
        troubled(s, c, r);
        // the next request on the connection, then the last segment of the first response once more
        c.client("GET /snom370.cfg HTTP/1.1\r\nHost: fw\r\n\r\n");
        s.after(0.3);
        int last = (r.length - 5840) % 1460 == 0 ? 1460 : (r.length - 5840) % 1460;
        long late = c.serverAt(-last, Arrays.copyOfRange(r, r.length - last, r.length));
        c.server("HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nabcd");
        Path capture = s.write(dir.resolve("http-repeats.pcap"));

        List<String[]> rows = analysis(capture);
        List<Long> retransmitted = flagged(rows, "0", "80", 3);
        List<Long> outOfOrder = flagged(rows, "0", "80", 4);
        List<Long> duplicateAcks = flagged(rows, "0", "40010", 5);
        assertEquals(2, retransmitted.size(), "tshark: the crossed segment again, and the late (spurious) repeat");
        assertEquals(late, retransmitted.get(1));
        assertEquals(1, outOfOrder.size());
        assertEquals(1, duplicateAcks.size());
        assertEquals(List.of(), flagged(rows, "0", "40010", 3), "nothing of the client's is sent again");

        List<HttpTransfer> transfers = HttpTransferTrackerTest.transfers(s.packets());
        assertEquals(2, transfers.size());
        TcpAnalysis first = transfers.get(0).tcp();
        assertEquals(retransmitted.size(), first.retransmissions());
        assertEquals(outOfOrder.size(), first.outOfOrder());
        assertEquals(duplicateAcks.size(), first.duplicateAcks());
        List<Long> frames = new ArrayList<>(retransmitted);
        frames.addAll(outOfOrder);
        frames.addAll(duplicateAcks);
        frames.sort(null);
        assertEquals(frames, first.frames());
        assertEquals(TcpAnalysis.NONE, transfers.get(1).tcp(), "the second response went through untroubled");
    }

    @Test
    void anFtpDownloadCountsTheRepeatsOfItsDataConnectionAsTsharkFlagsThem() throws Exception {
        byte[] file = Scenario.content(9000, 5);
        Scenario s = new Scenario();
        s.at(0);
        Scenario.TcpConnection control = s.tcp(PHONE, 41000, SERVER, 21);
        control.handshake();
        control.server("220 ready\r\n");
        control.client("PASV\r\n");
        control.server("227 Entering Passive Mode (192,168,1,10,195,80).\r\n");
        control.client("RETR snom320-r.bin\r\n");
        Scenario.TcpConnection data = s.tcp(PHONE, 41001, SERVER, 50000);
        data.handshake();
        control.server("150 Opening BINARY mode data connection (" + file.length + " bytes).\r\n");
        troubled(s, data, file);
        data.fin(false);
        data.fin(true);
        control.server("226 Transfer complete.\r\n");
        Path capture = s.write(dir.resolve("ftp-repeats.pcap"));

        List<String[]> rows = analysis(capture);
        List<Long> retransmitted = flagged(rows, "1", "50000", 3);
        List<Long> outOfOrder = flagged(rows, "1", "50000", 4);
        List<Long> duplicateAcks = flagged(rows, "1", "41001", 5);
        assertEquals(1, retransmitted.size());
        assertEquals(1, outOfOrder.size());
        assertEquals(1, duplicateAcks.size());

        List<FtpTransfer> transfers = FtpTransferTrackerTest.transfers(s.packets());
        assertEquals(1, transfers.size());
        TcpAnalysis t = transfers.get(0).tcp();
        assertEquals(retransmitted.size(), t.retransmissions());
        assertEquals(outOfOrder.size(), t.outOfOrder());
        assertEquals(duplicateAcks.size(), t.duplicateAcks());
        assertEquals(file.length, transfers.get(0).bytes());
    }

    @Test
    void everyTransferTellsItsOwnTcpAnalysisAndATftpOneHasNone() throws Exception {
        byte[] file = Scenario.content(8000, 7);
        ByteArrayOutputStream response = new ByteArrayOutputStream();
        response.writeBytes(("HTTP/1.1 200 OK\r\nContent-Length: " + file.length + "\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1));
        response.writeBytes(file);
        Scenario s = new Scenario();
        s.at(0).udp(PHONE, 50000, SERVER, 69, Scenario.rrq("snom370-r.bin"));
        s.after(0.001).udp(SERVER, 40000, PHONE, 50000, Scenario.data(1, new byte[100]));
        s.after(0.001).udp(PHONE, 50000, SERVER, 40000, Scenario.ack(1));
        Scenario.TcpConnection c = s.after(1).tcp(PHONE, 40010, SERVER, 80);
        c.handshake();
        c.client("GET /snom370-r.bin HTTP/1.1\r\nHost: fw\r\n\r\n");
        s.after(0.01);
        troubled(s, c, response.toByteArray());
        List<String[]> rows = analysis(s.write(dir.resolve("tftp-then-http.pcap")));
        List<Long> retransmitted = flagged(rows, "0", "80", 3);
        assertEquals(1, retransmitted.size(), "tshark: the crossed segment sent again");

        try (CaptureAnalysis a = Diagnose.analyse(s)) {
            List<FileTransfer> all = a.fileTransfers();
            assertEquals(List.of(TransferProtocol.TFTP, TransferProtocol.HTTP),
                    all.stream().map(FileTransfer::protocol).toList());
            assertNull(all.get(0).tcp(), "TFTP runs over UDP: its record counts its repeats");
            TcpAnalysis http = all.get(1).tcp();
            assertEquals(retransmitted.size(), http.retransmissions());
            assertEquals(flagged(rows, "0", "80", 4).size(), http.outOfOrder());
            assertEquals(flagged(rows, "0", "40010", 5).size(), http.duplicateAcks());
        }
    }
}
