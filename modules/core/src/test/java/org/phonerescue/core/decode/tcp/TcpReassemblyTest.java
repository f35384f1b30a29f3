package org.phonerescue.core.decode.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.phonerescue.core.decode.DecodedPacket;
import org.phonerescue.core.decode.PacketDecoder;

/**
 * TCP stream reassembly on connections written segment by segment, each checked against
 * tshark's reading of the same frames: a message over several segments, a retransmission in
 * the middle of one, out-of-order segments (both in arrival order, tshark's default, and in
 * sequence order, tshark's tcp.reassemble_out_of_order), a hole that is never filled,
 * overlapping bytes, a segment the capture cut short, and a PDU over the memory bound.
 */
class TcpReassemblyTest {

    private static final String[] FIELDS = {"_ws.col.Protocol", "_ws.col.Info", "tcp.len", "tcp.seq", "tcp.ack",
        "tcp.nxtseq", "tcp.segment", "tcp.segment.count", "tcp.reassembled.length", "tcp.analysis.retransmission",
        "tcp.analysis.out_of_order", "tcp.analysis.lost_segment", "http.request.method", "http.request.uri",
        "http.response.code", "http.content_length", "http.request_in"};

    @TempDir
    Path dir;

    private static TcpScript http() {
        return new TcpScript("192.168.1.20", 40000, "192.168.1.10", 80).handshake();
    }

    @Test
    void aMessageOverSeveralSegmentsIsDissectedOnTheOneThatCompletesIt() throws Exception {
        TcpScript s = http()
                .client("GET /snom370-r.bin HT").client("TP/1.1\r\nHost: 192.168.1.10\r\n").client("\r\n")
                .server("HTTP/1.1 200 OK\r\nContent-Length: 30\r\nContent-Type: text/plain\r\n\r\n0123456789")
                .server("abcdefghij").server("ABCDEFGHIJ");
        List<DecodedPacket> ours = TsharkCheck.agree(dir, s.packets(), FIELDS);
        DecodedPacket request = ours.get(5);
        assertEquals("GET /snom370-r.bin HTTP/1.1 ", request.info());
        assertEquals("4,5,6", TsharkCheck.text(request, "tcp.segment"));
        DecodedPacket response = ours.get(8);
        assertEquals("HTTP", response.protocol());
        assertEquals("TCP", ours.get(6).protocol());
        assertTrue(ours.get(7).info().endsWith("[TCP segment of a reassembled PDU]"));
        // the body as the protocol saw it: the reassembled data source of the last segment
        byte[] body = response.sources().get(1);
        assertTrue(new String(body, StandardCharsets.ISO_8859_1).endsWith("0123456789abcdefghijABCDEFGHIJ"));
    }

    @Test
    void aRetransmittedSegmentIsNotDissectedAgainAndTheMessageStillCompletes() throws Exception {
        TcpScript s = http().client("GET / HTTP/1.1\r\nHost: a\r\n\r\n")
                .server("HTTP/1.1 200 OK\r\nContent-Length: 30\r\n\r\n0123456789");
        long again = s.serverNext();
        s.server("abcdefghij").step(300_000_000L).serverAt(again, "abcdefghij").step(10_000_000L).server("ABCDEFGHIJ");
        List<DecodedPacket> ours = TsharkCheck.agree(dir, s.packets(), FIELDS);
        assertEquals("1", TsharkCheck.text(ours.get(6), "tcp.analysis.retransmission"));
        assertEquals("HTTP", ours.get(7).protocol());
        assertEquals("30", TsharkCheck.text(ours.get(7), "http.content_length"));
    }

    /** The second half of two responses arrives first, 1 ms before the first half. */
    private static TcpScript outOfOrder() {
        TcpScript s = http().client("GET /1 HTTP/1.1\r\nHost: a\r\n\r\nGET /2 HTTP/1.1\r\nHost: a\r\n\r\n");
        String responses = "HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nwxyzHTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n";
        long start = s.serverNext();
        s.step(1_000_000L).serverAt(start + 20, responses.substring(20)).serverAt(start, responses.substring(0, 20))
                .serverSkips(responses.length()).step(10_000_000L).client("GET /3 HTTP/1.1\r\nHost: a\r\n\r\n");
        return s;
    }

    @Test
    void outOfOrderSegmentsInArrivalOrderAsTsharkDoesByDefault() throws Exception {
        List<DecodedPacket> ours = TsharkCheck.agree(dir, outOfOrder().packets(), FIELDS);
        assertEquals("1", TsharkCheck.text(ours.get(5), "tcp.analysis.out_of_order"));
        assertEquals("TCP", ours.get(5).protocol(), "tshark 4.0 does not dissect an out-of-order segment");
    }

    @Test
    void outOfOrderSegmentsPutInSequenceOrder() throws Exception {
        List<DecodedPacket> ours = TsharkCheck.agree(dir, outOfOrder().packets(),
                decoder -> decoder.state().tcpStreams().reassembleOutOfOrder(true),
                List.of("tcp.reassemble_out_of_order:TRUE"), FIELDS);
        DecodedPacket filled = ours.get(5);
        assertEquals("HTTP", filled.protocol());
        assertEquals("200,404", TsharkCheck.text(filled, "http.response.code"));
        assertEquals("TCP", ours.get(4).protocol(), "the segment after the hole waits");
    }

    @Test
    void aRetransmissionInsideAMessageIsPartOfItInSequenceOrder() throws Exception {
        TcpScript s = http().client("GET / HTTP/1.1\r\nHost: a\r\n\r\n")
                .server("HTTP/1.1 200 OK\r\nContent-Length: 30\r\n\r\n0123456789");
        long again = s.serverNext();
        s.server("abcdefghij").step(300_000_000L).serverAt(again, "abcdefghij").step(10_000_000L).server("ABCDEFGHIJ");
        List<DecodedPacket> ours = TsharkCheck.agree(dir, s.packets(),
                decoder -> decoder.state().tcpStreams().reassembleOutOfOrder(true),
                List.of("tcp.reassemble_out_of_order:TRUE"), FIELDS);
        assertEquals("5,6,7,8", TsharkCheck.text(ours.get(7), "tcp.segment"));
    }

    @Test
    void overlappingBytesKeepTheirFirstCopy() {
        // in sequence order: "0123456789" then "56789XYZ..." overlapping by five bytes that differ
        TcpScript s = http().client("GET / HTTP/1.1\r\nHost: a\r\n\r\n")
                .server("HTTP/1.1 200 OK\r\nContent-Length: 20\r\n\r\n0123456789");
        long next = s.serverNext();
        s.serverAt(next - 5, "!!!!!abcdefghij").serverSkips(10);
        List<DecodedPacket> ours = TsharkCheck.decode(s.packets(),
                decoder -> decoder.state().tcpStreams().reassembleOutOfOrder(true));
        DecodedPacket done = ours.get(5);
        assertEquals("HTTP", done.protocol());
        String pdu = new String(done.sources().get(1), StandardCharsets.ISO_8859_1);
        assertTrue(pdu.endsWith("0123456789abcdefghij"), pdu);
    }

    @Test
    void aHoleThatIsNeverFilledLeavesEverySegmentAsTcp() throws Exception {
        TcpScript s = http().client("GET / HTTP/1.1\r\nHost: a\r\n\r\n")
                .server("HTTP/1.1 206 Partial Content\r\nContent-Length: 40\r\n\r\n0123456789")
                .serverSkips(10).server("abcdefghij").server("ABCDEFGHIJ").serverFin();
        List<DecodedPacket> ours = TsharkCheck.agree(dir, s.packets(), FIELDS);
        for (int i = 4; i < 7; i++) {
            assertEquals("TCP", ours.get(i).protocol(), "frame " + (i + 1));
        }
        assertEquals("1", TsharkCheck.text(ours.get(5), "tcp.analysis.lost_segment"));
    }

    @Test
    void aSegmentTheCaptureCutShortIsDissectedAsFarAsItGoes() throws Exception {
        TcpScript s = http().client("GET / HTTP/1.1\r\nHost: a\r\n\r\n")
                .serverCut("HTTP/1.1 200 OK\r\nDate: Thu, 10 Mar 2011 12:00:00 GMT\r\nContent-Length: 5\r\n\r\nhello", 30)
                .server("\u0080\u0001binary");
        List<DecodedPacket> ours = TsharkCheck.agree(dir, s.packets(), FIELDS);
        assertEquals("HTTP/1.1 200 OK [Packet size limited during capture]", ours.get(4).info());
        assertEquals("80", TsharkCheck.text(ours.get(4), "tcp.len"), "the length on the wire, not the 30 bytes kept");
    }

    @Test
    void aMessageOverTheMemoryBoundIsKeptInPartAndStillDissected() throws Exception {
        int total = 12 << 20;
        TcpScript s = http().client("GET /big.bin HTTP/1.1\r\nHost: a\r\n\r\n")
                .server("HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: " + total
                        + "\r\n\r\n");
        byte[] chunk = new byte[60000];
        int sent = 0;
        while (sent < total) {
            int n = Math.min(chunk.length, total - sent);
            s.server(n == chunk.length ? chunk : java.util.Arrays.copyOf(chunk, n));
            sent += n;
        }
        List<DecodedPacket> ours = TsharkCheck.agree(dir, s.packets(), "_ws.col.Protocol", "_ws.col.Info",
                "http.content_length", "http.response.code", "tcp.reassembled.length");
        DecodedPacket last = ours.get(ours.size() - 1);
        assertEquals("HTTP", last.protocol());
        assertTrue(last.sources().get(1).length <= (8 << 20), "at most 8 MiB kept");
    }

    @Test
    void theBytesHeldAcrossConnectionsAreBounded() {
        // two downloads of 80 000 bytes interleaved, with room for 100 000 bytes in all
        TcpScript a = new TcpScript("10.0.0.50", 40001, "10.0.0.1", 80).handshake()
                .client("GET /a HTTP/1.1\r\nHost: a\r\n\r\n").server("HTTP/1.1 200 OK\r\nContent-Length: 80000\r\n\r\n");
        TcpScript b = new TcpScript("10.0.0.51", 40002, "10.0.0.1", 80).handshake()
                .client("GET /b HTTP/1.1\r\nHost: a\r\n\r\n").server("HTTP/1.1 200 OK\r\nContent-Length: 80000\r\n\r\n");
        byte[] chunk = new byte[10000];
        for (int i = 0; i < 8; i++) {
            a.server(chunk);
            b.server(chunk);
        }
        List<org.phonerescue.core.pcap.CapturedPacket> all = new java.util.ArrayList<>();
        for (int i = 0; i < a.packets().size(); i++) {
            all.add(a.packets().get(i));
            all.add(b.packets().get(i));
        }
        PacketDecoder decoder = new PacketDecoder();
        decoder.state().tcpStreams().reassemblyBudget().limit(100_000);
        List<DecodedPacket> ours = new java.util.ArrayList<>();
        for (var p : all) {
            ours.add(decoder.decode(p));
            assertTrue(decoder.state().tcpStreams().reassemblyBudget().used() <= 100_000);
        }
        DecodedPacket lastA = ours.get(ours.size() - 2);
        DecodedPacket lastB = ours.get(ours.size() - 1);
        assertEquals("HTTP", lastA.protocol());
        assertEquals("HTTP", lastB.protocol());
        assertEquals("80000,80000", TsharkCheck.text(lastA, "http.content_length") + ","
                + TsharkCheck.text(lastB, "http.content_length"));
        assertTrue(lastB.sources().get(1).length < 80_000, "the second download was kept only in part");
        assertEquals(0, decoder.state().tcpStreams().reassemblyBudget().used(), "all given back");
    }

    @Test
    void oneDecoderPerCaptureKeepsStreamsApart() {
        TcpScript a = http().client("GET /a HTTP/1.1\r\nHost: a\r\n\r\n");
        PacketDecoder decoder = new PacketDecoder();
        for (var p : a.packets()) {
            decoder.decode(p);
        }
        assertEquals(1, decoder.state().tcpStreams().size());
    }
}
