package org.phonerescue.core.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.phonerescue.core.pcap.CaptureReader;
import org.phonerescue.core.pcap.CapturedPacket;
import org.phonerescue.core.pcap.LinkType;
import org.phonerescue.core.pcap.PcapWriter;
import org.phonerescue.core.testing.Frames;
import org.phonerescue.core.testing.Tshark;

/**
 * The decoder follows a bounded number of TCP connections: finished ones are forgotten after a
 * while, the least recently active beyond {@link TcpStreams#MAX_STREAMS} too, and the stream
 * numbers and analysis flags stay those tshark gives. A small capture decoded with tight bounds,
 * so that most of its connections are forgotten, is compared with tshark frame by frame; a
 * million connections decoded with the real bounds keep the followed streams bounded.
 */
class TcpStreamBoundsTest {

    private static final int SYN = 0x02;
    private static final int FIN = 0x01;
    private static final int RST = 0x04;
    private static final int PSH = 0x08;
    private static final int ACK = 0x10;

    private static final byte[] CLIENT_MAC = Frames.mac("00:0e:08:de:ad:01");
    private static final byte[] SERVER_MAC = Frames.mac("00:1b:21:aa:bb:cc");
    private static final byte[] SERVER = Frames.ip("192.168.1.10");
    private static final byte[] PHONE = Frames.ip("192.168.1.60");

    /** Where the frames of a generated capture go, in order. */
    interface Sink {
        void frame(byte[] frame) throws Exception;
    }

    /** What the generated capture holds besides its many short connections. */
    record Layout(int connections, int phoneEvery, int lateBack, int reuseBack) {
    }

    private static byte[] segment(byte[] from, int sport, byte[] to, int dport, long seq, long ack, int flags,
                                  int length) {
        byte[] tcp = Frames.tcpSegment(sport, dport, seq, ack, flags, new byte[length]);
        boolean fromServer = from == SERVER;
        return Frames.ipv4(fromServer ? SERVER_MAC : CLIENT_MAC, fromServer ? CLIENT_MAC : SERVER_MAC, from, to, 6, 0,
                false, 1, tcp);
    }

    private static byte[] client(int i) {
        return new byte[] {10, (byte) (i >>> 16), (byte) (i >>> 8), (byte) i};
    }

    /**
     * A phone's connection to port 33333 (stream 0), open through the whole capture and used
     * every {@code phoneEvery} connections; {@code connections} short connections to port 80
     * from their own addresses (streams 1 …): nine in ten opened and closed with FINs or (one
     * in ten) a reset, one in ten a SYN nobody answers. Then a repeated FIN of the connection
     * {@code lateBack} before the last, a SYN with a new initial sequence number on the ports of
     * the one {@code reuseBack} before the last, the phone's retransmission and duplicate ACKs,
     * and a new connection.
     */
    static void write(Layout l, Sink out) throws Exception {
        out.frame(segment(PHONE, 41000, SERVER, 33333, 100, 0, SYN, 0));
        out.frame(segment(SERVER, 33333, PHONE, 41000, 900, 101, SYN | ACK, 0));
        out.frame(segment(PHONE, 41000, SERVER, 33333, 101, 901, ACK, 0));
        long phoneSeq = 101;
        for (int i = 0; i < l.connections(); i++) {
            byte[] c = client(i);
            out.frame(segment(c, 40000, SERVER, 80, 1000, 0, SYN, 0));
            if (i % 10 == 9) {
                continue; // unanswered: never finished
            }
            out.frame(segment(SERVER, 80, c, 40000, 5000, 1001, SYN | ACK, 0));
            if (i % 10 == 8) {
                out.frame(segment(c, 40000, SERVER, 80, 1001, 5001, RST | ACK, 0));
            } else {
                out.frame(segment(c, 40000, SERVER, 80, 1001, 5001, FIN | ACK, 0));
                out.frame(segment(SERVER, 80, c, 40000, 5001, 1002, FIN | ACK, 0));
                out.frame(segment(c, 40000, SERVER, 80, 1002, 5002, ACK, 0));
            }
            if (i % l.phoneEvery() == 0) {
                out.frame(segment(PHONE, 41000, SERVER, 33333, phoneSeq, 901, PSH | ACK, 100));
                phoneSeq += 100;
                out.frame(segment(SERVER, 33333, PHONE, 41000, 901, phoneSeq, ACK, 0));
            }
        }
        int late = l.connections() - l.lateBack();
        out.frame(segment(client(late), 40000, SERVER, 80, 1001, 5001, FIN | ACK, 0));
        int reused = l.connections() - l.reuseBack();
        out.frame(segment(client(reused), 40000, SERVER, 80, 7000, 0, SYN, 0));
        out.frame(segment(SERVER, 80, client(reused), 40000, 8000, 7001, SYN | ACK, 0));
        out.frame(segment(PHONE, 41000, SERVER, 33333, phoneSeq, 901, PSH | ACK, 100));
        out.frame(segment(PHONE, 41000, SERVER, 33333, phoneSeq, 901, PSH | ACK, 100));
        out.frame(segment(SERVER, 33333, PHONE, 41000, 901, phoneSeq, ACK, 0));
        out.frame(segment(SERVER, 33333, PHONE, 41000, 901, phoneSeq, ACK, 0));
        out.frame(segment(SERVER, 33333, PHONE, 41000, 901, phoneSeq + 100, ACK, 0));
        out.frame(segment(Frames.ip("192.168.1.61"), 41000, SERVER, 80, 100, 0, SYN, 0));
    }

    /** What is compared with tshark, per frame. */
    private static final String[] FIELDS = {"tcp.stream", "tcp.seq", "tcp.ack", "tcp.analysis.retransmission",
        "tcp.analysis.spurious_retransmission", "tcp.analysis.fast_retransmission", "tcp.analysis.out_of_order",
        "tcp.analysis.lost_segment", "tcp.analysis.ack_lost_segment", "tcp.analysis.duplicate_ack_num",
        "tcp.analysis.window_update", "tcp.analysis.keep_alive", "tcp.analysis.reused_ports"};

    private static String row(DecodedPacket p) {
        StringBuilder sb = new StringBuilder();
        for (String name : FIELDS) {
            List<String> texts = new ArrayList<>();
            p.fields(name).forEach(f -> texts.add(f.text()));
            sb.append(String.join(",", texts)).append('\t');
        }
        return sb.append(p.info()).toString();
    }

    @TempDir
    Path dir;

    @Test
    void streamsAndAnalysisAgreeWithTsharkWhenMostConnectionsAreForgotten() throws Exception {
        Path file = dir.resolve("connections.pcap");
        Layout layout = new Layout(3000, 20, 3, 100);
        try (PcapWriter w = PcapWriter.create(file, LinkType.ETHERNET)) {
            long[] n = {0};
            write(layout, frame -> {
                long t = n[0]++;
                w.write(1_700_000_000L + t / 10, (int) (t % 10) * 100_000_000, frame.length, LinkType.ETHERNET, frame,
                        0, frame.length, null);
            });
        }
        PacketDecoder decoder = new PacketDecoder(Set.of(FIELDS));
        TcpStreams streams = decoder.state().tcpStreams();
        streams.limits(256, 32);
        List<String> ours = new ArrayList<>();
        int mostFollowed = 0;
        try (CaptureReader r = CaptureReader.open(file)) {
            while (r.advance()) {
                ours.add(row(decoder.decode(r.current())));
                mostFollowed = Math.max(mostFollowed, streams.followed());
            }
        }
        String[] wanted = new String[FIELDS.length + 1];
        System.arraycopy(FIELDS, 0, wanted, 0, FIELDS.length);
        wanted[FIELDS.length] = "_ws.col.Info";
        List<String[]> theirs = Tshark.fields(file, wanted);
        assertEquals(theirs.size(), ours.size());
        for (int i = 0; i < ours.size(); i++) {
            assertEquals(String.join("\t", theirs.get(i)), ours.get(i), "frame " + (i + 1));
        }
        assertEquals(256, mostFollowed);
        assertEquals(3000 + 3, streams.size(), "the phone's, the short ones, the reused ports' and the new one");
        assertTrue(streams.forgottenUnfinished() > 0, "unanswered SYNs were forgotten unfinished");
        assertTrue(streams.notes() <= 256);
    }

    @Test
    void aMillionShortConnectionsKeepTheFollowedStreamsBounded() throws Exception {
        int connections = 1_000_000;
        Layout layout = new Layout(connections, 1000, 20_003, 10_000);
        PacketDecoder decoder = new PacketDecoder(Set.of(FIELDS));
        TcpStreams streams = decoder.state().tcpStreams();
        List<DecodedPacket> tail = new ArrayList<>();
        long[] n = {0};
        int[] mostFollowed = {0};
        write(layout, frame -> {
            CapturedPacket packet = new CapturedPacket(++n[0], 1_700_000_000L + n[0] / 10,
                    (int) (n[0] % 10) * 100_000_000, frame.length, LinkType.ETHERNET, 0, frame, null, 0);
            DecodedPacket p = decoder.decode(packet);
            mostFollowed[0] = Math.max(mostFollowed[0], streams.followed());
            if (tail.size() == 9) {
                tail.remove(0);
            }
            tail.add(p);
        });
        Runtime rt = Runtime.getRuntime();
        System.gc();
        System.out.printf("TCP streams after %d connections: %d followed at most, %d followed at the end, %d notes,"
                        + " %d forgotten unfinished, heap used %d MiB%n", connections, mostFollowed[0],
                streams.followed(), streams.notes(), streams.forgottenUnfinished(),
                (rt.totalMemory() - rt.freeMemory()) >> 20);
        assertEquals(TcpStreams.MAX_STREAMS, mostFollowed[0]);
        assertTrue(streams.notes() <= TcpStreams.MAX_STREAMS);
        // After the short connections, the phone's connection and the last finished ones linger, and
        // unanswered SYNs fill the rest: every older unanswered SYN was forgotten unfinished. Then the
        // revived late stream and the new connection push out one more each (the reused ports take
        // the place of the finished stream that the late one, finished again, pushed out).
        int unanswered = connections / 10;
        assertEquals(unanswered - (TcpStreams.MAX_STREAMS - TcpStreams.MAX_FINISHED - 1) + 2,
                streams.forgottenUnfinished());
        assertEquals(connections + 3, streams.size());

        // the repeated FIN of a connection forgotten after it finished keeps its stream number
        DecodedPacket late = tail.get(0);
        assertEquals(Long.toString(connections - 20_003 + 1), late.field("tcp.stream").text());
        // the SYN on the ports of a forgotten connection opens a new stream, as tshark tells reused ports
        DecodedPacket reused = tail.get(1);
        assertEquals(Integer.toString(connections + 1), reused.field("tcp.stream").text());
        assertEquals("1", reused.field("tcp.analysis.reused_ports").text());
        assertEquals(Integer.toString(connections + 1), tail.get(2).field("tcp.stream").text());
        // the phone's connection, followed throughout: its retransmission and duplicate ACK as tshark
        // flagged them on the small capture of the other test
        assertEquals("0", tail.get(3).field("tcp.stream").text());
        assertNull(tail.get(3).field("tcp.analysis.retransmission"));
        assertEquals("0", tail.get(4).field("tcp.stream").text());
        assertEquals("1", tail.get(4).field("tcp.analysis.retransmission").text());
        assertEquals("1", tail.get(5).field("tcp.analysis.duplicate_ack_num").text());
        assertEquals("2", tail.get(6).field("tcp.analysis.duplicate_ack_num").text());
        assertEquals(Integer.toString(connections + 2), tail.get(8).field("tcp.stream").text());
    }
}
