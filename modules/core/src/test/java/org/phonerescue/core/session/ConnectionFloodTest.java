package org.phonerescue.core.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.phonerescue.core.analysis.PacketView;
import org.phonerescue.core.decode.PacketDecoder;
import org.phonerescue.core.decode.TcpStreams;
import org.phonerescue.core.device.OuiRegistry;
import org.phonerescue.core.pcap.CaptureReader;
import org.phonerescue.core.pcap.LinkType;
import org.phonerescue.core.pcap.PcapWriter;
import org.phonerescue.core.testing.Frames;
import org.phonerescue.core.transfer.ContentStore;
import org.phonerescue.core.transfer.FileTransfer;
import org.phonerescue.core.transfer.HttpTransfer;
import org.phonerescue.core.transfer.HttpTransferTracker;
import org.phonerescue.core.transfer.TransferOutcome;
import org.phonerescue.core.transfer.TransferRecords;

/**
 * A capture of a million connections, each with one HTTP request or one FTP RETR that nobody
 * answers, then a phone's download that is answered: the analysis follows a bounded number of
 * connections at once, closes the least recently active out (their requests aborted, counted in
 * the warnings), keeps the records of the first of them and counts the others, and still sees
 * the download at the end.
 */
class ConnectionFloodTest {

    private static final int CONNECTIONS = 1_000_000;
    private static final byte[] CLIENT_MAC = Frames.mac("00:0e:08:de:ad:01");
    private static final byte[] SERVER_MAC = Frames.mac("00:1b:21:aa:bb:cc");
    private static final byte[] SERVER = Frames.ip("192.168.1.10");

    @TempDir
    Path dir;

    private static void write(PcapWriter w, long time, byte[] client, byte[] segment, boolean fromClient)
            throws Exception {
        byte[] frame = fromClient ? Frames.ipv4(CLIENT_MAC, SERVER_MAC, client, SERVER, 6, 0, false, 1, segment)
                : Frames.ipv4(SERVER_MAC, CLIENT_MAC, SERVER, client, 6, 0, false, 1, segment);
        w.write(time, 0, frame.length, LinkType.ETHERNET, frame, 0, frame.length, null);
    }

    @Test
    void aMillionConnectionsAreFollowedABoundedNumberAtATime() throws Exception {
        Path file = dir.resolve("connections.pcap");
        byte[] http = "GET /f.bin HTTP/1.1\r\nHost: fw\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        byte[] ftp = "RETR f.bin\r\n".getBytes(StandardCharsets.US_ASCII);
        byte[] phone = Frames.ip("192.168.1.60");
        try (PcapWriter w = PcapWriter.create(file, LinkType.ETHERNET)) {
            for (int i = 0; i < CONNECTIONS; i++) {
                // a connection caught after its handshake: one client segment, from its own address and port
                byte[] client = {10, (byte) (i >>> 16), (byte) (i >>> 8), (byte) i};
                boolean web = i % 2 == 0;
                write(w, 1_700_000_000L + i / 100_000, client,
                        Frames.tcpSegment(40000, web ? 80 : 21, 1000, 5000, 0x18, web ? http : ftp), true);
            }
            long time = 1_700_000_010L;
            byte[] get = "GET /snom370-r.bin HTTP/1.1\r\nHost: fw\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
            write(w, time, phone, Frames.tcpSegment(41000, 80, 1, 1, 0x18, get), true);
            write(w, time, phone, Frames.tcpSegment(80, 41000, 1, 1 + get.length, 0x18,
                    "HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nabcd".getBytes(StandardCharsets.US_ASCII)), false);
        }
        CaptureAnalyzer analyzer = new CaptureAnalyzer(OuiRegistry.empty(), ContentStore.forChecks());
        PacketDecoder decoder = new PacketDecoder(CaptureAnalyzer.FIELDS);
        analyzer.decoder(decoder.state());
        try (CaptureReader r = CaptureReader.open(file)) {
            while (r.advance()) {
                analyzer.accept(new PacketView(decoder.decode(r.current())));
            }
        }
        assertTrue(analyzer.mostTcpConnections() <= 2 * HttpTransferTracker.MAX_CONNECTIONS,
                analyzer.mostTcpConnections() + " connections followed at once");
        try (CaptureAnalysis a = analyzer.finish(List.of(), false)) {
            assertEquals(CONNECTIONS + 2, a.packets());
            List<FileTransfer> transfers = a.tcpTransfers();
            // the records kept: the first of the requests that moved nothing, and the download
            assertEquals(TransferRecords.MAX_KEPT_EMPTY + 1, transfers.size());
            int followed = HttpTransferTracker.MAX_CONNECTIONS;
            // closed out in turns, one HTTP and one FTP connection, so the first kept are half of each
            int keptEach = TransferRecords.MAX_KEPT_EMPTY / 2;
            long httpClosedOut = CONNECTIONS / 2 - followed + 1;
            long ftpClosedOut = CONNECTIONS / 2 - followed;
            String keeps = " (a capture keeps 100000 that moved data or ended in an error, and 10000 others)";
            assertEquals(List.of("HTTP: " + (CONNECTIONS / 2 - followed + 1) + " requests closed out unanswered with "
                    + "their connection, the least recently active of more than 4096 open at once",
                    "FTP: " + (CONNECTIONS / 2 - followed) + " transfers closed out without their final reply with "
                    + "their control connection, the least recently active of more than 4096 open at once",
                    "TCP: " + (CONNECTIONS + 1 - TcpStreams.MAX_STREAMS) + " connections forgotten unfinished, the least "
                    + "recently active of more than 65536 followed at once; a later segment of one was analysed afresh",
                    "HTTP: " + (httpClosedOut - keptEach + followed - 1) + " transfers counted, not kept: "
                    + (httpClosedOut - keptEach) + " aborted, " + (followed - 1) + " capture-ended" + keeps,
                    "FTP: " + (ftpClosedOut - keptEach + followed) + " transfers counted, not kept: "
                    + (ftpClosedOut - keptEach) + " aborted, " + followed + " capture-ended" + keeps),
                    a.warnings());
            FileTransfer first = transfers.get(0);
            assertEquals(TransferOutcome.ABORTED, first.outcome());
            assertEquals("no longer followed: more than 4096 connections open at once", first.errorMessage());
            HttpTransfer download = (HttpTransfer) transfers.get(transfers.size() - 1);
            assertEquals("/snom370-r.bin", download.file());
            assertEquals(TransferOutcome.COMPLETE, download.outcome());
            assertEquals(4, download.bytes());
        }
    }
}
