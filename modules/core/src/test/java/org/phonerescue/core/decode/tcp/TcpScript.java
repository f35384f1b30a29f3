package org.phonerescue.core.decode.tcp;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.phonerescue.core.pcap.CapturedPacket;
import org.phonerescue.core.pcap.LinkType;
import org.phonerescue.core.testing.Frames;

/**
 * Writes a TCP connection frame by frame for tests: Ethernet, IPv4 (RFC 791) and a 20-byte TCP
 * header (RFC 9293 §3.1, checksum left 0, which tshark does not check by default), with
 * sequence numbers kept per side so that a test says only who sends what, or places a segment
 * at a chosen sequence offset to make gaps, retransmissions and overlaps. Frames are 10 ms
 * apart unless a test sets the time.
 */
public final class TcpScript {

    public static final int FIN = 0x01;
    public static final int SYN = 0x02;
    public static final int PSH = 0x08;
    public static final int ACK = 0x10;

    private static final byte[] CLIENT_MAC = Frames.mac("00:04:f2:11:22:33");
    private static final byte[] SERVER_MAC = Frames.mac("00:1b:21:aa:bb:cc");

    private final byte[] clientIp;
    private final byte[] serverIp;
    private final int clientPort;
    private final int serverPort;
    private final long clientIsn = 1_000_000L;
    private final long serverIsn = 3_000_000_000L;
    /** Next relative sequence number of each side (1 after the SYN). */
    private long clientNext = 1;
    private long serverNext = 1;
    private long nanos = 1_700_000_000_000_000_000L;
    private long stepNanos = 10_000_000L;
    private final List<CapturedPacket> packets = new ArrayList<>();

    public TcpScript(String clientIp, int clientPort, String serverIp, int serverPort) {
        this.clientIp = Frames.ip(clientIp);
        this.serverIp = Frames.ip(serverIp);
        this.clientPort = clientPort;
        this.serverPort = serverPort;
    }

    /** SYN, SYN/ACK, ACK. */
    public TcpScript handshake() {
        segment(true, 0, SYN, new byte[0], -1);
        segment(false, 0, SYN | ACK, new byte[0], -1);
        segment(true, 1, ACK, new byte[0], -1);
        return this;
    }

    /** The client sends the next bytes of its stream. */
    public TcpScript client(String text) {
        return client(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    public TcpScript client(byte[] data) {
        segment(true, clientNext, PSH | ACK, data, -1);
        clientNext += data.length;
        return this;
    }

    public TcpScript server(String text) {
        return server(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    public TcpScript server(byte[] data) {
        segment(false, serverNext, PSH | ACK, data, -1);
        serverNext += data.length;
        return this;
    }

    /** The server sends bytes at relative sequence number {@code seq}, not moving its next sequence number. */
    public TcpScript serverAt(long seq, String text) {
        segment(false, seq, PSH | ACK, text.getBytes(StandardCharsets.ISO_8859_1), -1);
        return this;
    }

    /** Moves the server's next sequence number past bytes sent out of order (or lost). */
    public TcpScript serverSkips(int bytes) {
        serverNext += bytes;
        return this;
    }

    public long serverNext() {
        return serverNext;
    }

    /** The server sends data of which the capture kept only the first {@code kept} bytes (snaplen). */
    public TcpScript serverCut(String text, int kept) {
        byte[] data = text.getBytes(StandardCharsets.ISO_8859_1);
        segment(false, serverNext, PSH | ACK, data, kept);
        serverNext += data.length;
        return this;
    }

    /** An empty segment with FIN from the server. */
    public TcpScript serverFin() {
        segment(false, serverNext, FIN | ACK, new byte[0], -1);
        serverNext += 1;
        return this;
    }

    /** Time between the next frames. */
    public TcpScript step(long stepNanos) {
        this.stepNanos = stepNanos;
        return this;
    }

    public List<CapturedPacket> packets() {
        return packets;
    }

    private void segment(boolean fromClient, long relSeq, int flags, byte[] data, int kept) {
        long seq = (fromClient ? clientIsn : serverIsn) + relSeq;
        long ack = (flags & ACK) != 0 ? (fromClient ? serverIsn + serverNext : clientIsn + clientNext) : 0;
        ByteBuffer t = ByteBuffer.allocate(20 + data.length);
        t.putShort((short) (fromClient ? clientPort : serverPort)).putShort((short) (fromClient ? serverPort : clientPort))
                .putInt((int) seq).putInt((int) ack).put((byte) 0x50).put((byte) flags).putShort((short) 65535)
                .putShort((short) 0).putShort((short) 0).put(data);
        byte[] frame = Frames.ipv4(fromClient ? CLIENT_MAC : SERVER_MAC, fromClient ? SERVER_MAC : CLIENT_MAC,
                fromClient ? clientIp : serverIp, fromClient ? serverIp : clientIp, 6, 0, false, packets.size() + 1,
                t.array());
        int frameLength = frame.length;
        if (kept >= 0) {
            frame = Arrays.copyOf(frame, frame.length - data.length + kept);
        }
        nanos += stepNanos;
        packets.add(new CapturedPacket(packets.size() + 1, nanos / 1_000_000_000L, (int) (nanos % 1_000_000_000L),
                frameLength, LinkType.ETHERNET, 0, frame, null, 0));
    }
}
