package org.phonerescue.servers.testing;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.util.Arrays;
import java.util.List;
import org.phonerescue.core.protocol.tftp.TftpOpcode;
import org.phonerescue.core.protocol.tftp.TftpOption;
import org.phonerescue.core.protocol.tftp.TftpPacket;

/**
 * A test peer that speaks TFTP packet by packet, so a test can do what no well-behaved client
 * does: repeat ACKs, stay silent, send from the wrong port, send garbage.
 */
public final class RawTftpPeer implements AutoCloseable {

    private final DatagramSocket socket;
    private final InetSocketAddress server;

    /** A received packet, its payload and its sender. */
    public record Received(TftpPacket packet, byte[] payload, InetSocketAddress from, long nanos) {

        public TftpOpcode opcode() {
            return packet.opcode();
        }

        public byte[] data() {
            return Arrays.copyOfRange(payload, packet.dataOffset(), packet.dataOffset() + packet.dataLength());
        }
    }

    public RawTftpPeer(InetSocketAddress server) throws IOException {
        this.socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        this.socket.setReceiveBufferSize(4 << 20);
        this.server = server;
    }

    public InetSocketAddress localAddress() {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    public void read(String name, String mode, List<TftpOption> options) throws IOException {
        sendTo(server, TftpPacket.request(TftpOpcode.RRQ, name, mode, options));
    }

    public void write(String name, String mode, List<TftpOption> options) throws IOException {
        sendTo(server, TftpPacket.request(TftpOpcode.WRQ, name, mode, options));
    }

    public void ack(int block, InetSocketAddress to) throws IOException {
        sendTo(to, TftpPacket.ack(block));
    }

    public void data(int block, byte[] data, InetSocketAddress to) throws IOException {
        sendTo(to, TftpPacket.data(block, data, 0, data.length));
    }

    public void sendTo(InetSocketAddress to, byte[] payload) throws IOException {
        socket.send(new DatagramPacket(payload, payload.length, to));
    }

    /** The next packet, or null when none arrives within {@code millis}. */
    public Received receive(int millis) throws IOException {
        byte[] buf = new byte[70000];
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        socket.setSoTimeout(millis);
        try {
            socket.receive(p);
        } catch (SocketTimeoutException e) {
            return null;
        }
        byte[] payload = Arrays.copyOf(buf, p.getLength());
        return new Received(TftpPacket.parse(payload, 0, payload.length), payload,
                (InetSocketAddress) p.getSocketAddress(), System.nanoTime());
    }

    @Override
    public void close() {
        socket.close();
    }
}
