package org.phonerescue.core.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.phonerescue.core.device.OuiRegistry;
import org.phonerescue.core.pcap.LinkType;
import org.phonerescue.core.pcap.PcapWriter;
import org.phonerescue.core.testing.Frames;
import org.phonerescue.core.transfer.ContentStore;
import org.phonerescue.core.transfer.FileTransfer;
import org.phonerescue.core.transfer.FtpTransferTracker;
import org.phonerescue.core.transfer.HttpTransferTracker;

/**
 * A capture of a flood — a million HTTP requests, or FTP file commands, on one connection, none
 * answered — is analysed to the end with the requests waiting for an answer bounded: the oldest
 * are left out and counted in the analysis's warnings.
 */
class RequestFloodTest {

    private static final int REQUESTS = 1_000_000;
    private static final byte[] CLIENT_MAC = Frames.mac("00:0e:08:de:ad:01");
    private static final byte[] SERVER_MAC = Frames.mac("00:1b:21:aa:bb:cc");
    private static final byte[] CLIENT = Frames.ip("192.168.1.50");
    private static final byte[] SERVER = Frames.ip("192.168.1.10");

    @TempDir
    Path dir;

    /** A handshake, then {@code count} client segments of {@code request(i)} to {@code port}, unanswered. */
    private Path flood(String name, int port, java.util.function.IntFunction<String> request) throws Exception {
        Path file = dir.resolve(name);
        try (PcapWriter w = PcapWriter.create(file, LinkType.ETHERNET)) {
            long time = 1_700_000_000L;
            long seq = 1000;
            long ack = 5000;
            write(w, time, true, Frames.tcpSegment(40000, port, seq, 0, 0x02, new byte[0]));
            write(w, time, false, Frames.tcpSegment(port, 40000, ack, seq + 1, 0x12, new byte[0]));
            seq++;
            ack++;
            write(w, time, true, Frames.tcpSegment(40000, port, seq, ack, 0x10, new byte[0]));
            for (int i = 0; i < REQUESTS; i++) {
                byte[] payload = request.apply(i).getBytes(StandardCharsets.US_ASCII);
                write(w, time + i / 10_000, true, Frames.tcpSegment(40000, port, seq, ack, 0x18, payload));
                seq += payload.length;
            }
        }
        return file;
    }

    private static void write(PcapWriter w, long time, boolean fromClient, byte[] segment) throws Exception {
        byte[] frame = fromClient
                ? Frames.ipv4(CLIENT_MAC, SERVER_MAC, CLIENT, SERVER, 6, 0, false, 1, segment)
                : Frames.ipv4(SERVER_MAC, CLIENT_MAC, SERVER, CLIENT, 6, 0, false, 1, segment);
        w.write(time, 0, frame.length, LinkType.ETHERNET, frame, 0, frame.length, null);
    }

    private static void assertBounded(Path capture, int kept, String warning) throws Exception {
        try (CaptureAnalysis a = CaptureAnalyzer.analyze(capture, OuiRegistry.empty(), ContentStore.forChecks())) {
            assertEquals(REQUESTS + 3, a.packets());
            List<FileTransfer> transfers = a.tcpTransfers();
            assertEquals(kept, transfers.size(), "only the newest requests are kept");
            assertEquals(3 + REQUESTS - kept + 1, transfers.get(0).requestFrame(), "the newest ones");
            assertEquals(List.of(warning), a.warnings());
        }
    }

    @Test
    void aMillionUnansweredHttpRequestsAreBounded() throws Exception {
        Path capture = flood("http.pcap", 80, i -> "GET /f" + i + ".bin HTTP/1.1\r\nHost: fw\r\n\r\n");
        assertBounded(capture, HttpTransferTracker.MAX_UNANSWERED, "HTTP: " + (REQUESTS - HttpTransferTracker.MAX_UNANSWERED)
                + " requests left out of the analysis, the oldest of more than 1024 waiting unanswered on one connection");
    }

    @Test
    void aMillionUnansweredFtpCommandsAreBounded() throws Exception {
        Path capture = flood("ftp.pcap", 21, i -> "RETR f" + i + ".bin\r\n");
        assertBounded(capture, FtpTransferTracker.MAX_AWAITING, "FTP: " + (REQUESTS - FtpTransferTracker.MAX_AWAITING)
                + " commands left out of the analysis, the oldest of more than 1024 waiting unanswered on one control connection");
    }
}
