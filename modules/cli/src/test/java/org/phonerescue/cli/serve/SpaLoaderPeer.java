package org.phonerescue.cli.serve;

import java.io.ByteArrayOutputStream;
import java.net.DatagramPacket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.phonerescue.core.protocol.spa.SpaFrame;
import org.phonerescue.core.protocol.tftp.TftpOpcode;
import org.phonerescue.core.protocol.tftp.TftpPacket;

/**
 * TEST PEER, not a phone: a stand-in for an SPA recovery loader, written from the field model
 * ({@code shared/docs/spa-recovery-protocol.md}, read from the 7.4.4rec loader's code) until the
 * phone simulator exists. It listens on UDP 4810 in the group 234.4.8.10, answers only datagrams
 * from port 4811 of exactly 160 bytes whose serial matches (or is the wildcard), replies to
 * 234.4.8.10:4811, echoes an Upgrade, then fetches the named file by TFTP the loader's way: RRQ
 * without options from port 2000 to 234.4.8.10:69, fixed 512-byte blocks, every ACK to
 * 234.4.8.10:TID, about 2 s per try and 5 tries. It ignores Requests during its first "deaf"
 * seconds (the loader is busy with its own recovery URL), then writes what it received.
 *
 * <p>{@code SpaLoaderPeer IFACE SERIAL OUTPUT DEAF_SECONDS}
 */
public final class SpaLoaderPeer {

    private SpaLoaderPeer() {
    }

    public static void main(String[] args) throws Exception {
        NetworkInterface nif = NetworkInterface.getByName(args[0]);
        String serial = args[1];
        Path output = Path.of(args[2]);
        long deafUntil = System.nanoTime() + (long) (Double.parseDouble(args[3]) * 1e9);
        InetAddress group = InetAddress.getByAddress(SpaFrame.GROUP);
        InetAddress own = nif.inetAddresses().filter(a -> a.getAddress().length == 4).findFirst().orElseThrow();
        byte[] mac = nif.getHardwareAddress();
        try (DatagramChannel frames = DatagramChannel.open(StandardProtocolFamily.INET)) {
            frames.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            frames.bind(new InetSocketAddress(SpaFrame.PHONE_PORT));
            frames.join(group, nif);
            frames.setOption(StandardSocketOptions.IP_MULTICAST_IF, nif);
            frames.setOption(StandardSocketOptions.IP_MULTICAST_TTL, 60);
            InetSocketAddress tools = new InetSocketAddress(group, SpaFrame.TOOL_PORT);
            System.out.println("peer listening on " + args[0] + " as " + serial);
            ByteBuffer buf = ByteBuffer.allocate(2048);
            while (true) {
                buf.clear();
                InetSocketAddress from = (InetSocketAddress) frames.receive(buf);
                int length = buf.position();
                if (from.getPort() != SpaFrame.TOOL_PORT || length != SpaFrame.TOOL_FRAME_LENGTH) {
                    System.out.println("peer dropped " + length + " bytes from port " + from.getPort());
                    continue;
                }
                SpaFrame f = SpaFrame.parse(buf.array(), 0, length);
                if (!f.addresses(serial)) {
                    continue;
                }
                if (f.op() == SpaFrame.OP_REQUEST) {
                    if (System.nanoTime() < deafUntil) {
                        System.out.println("peer busy, ignoring a Request");
                        continue;
                    }
                    frames.send(ByteBuffer.wrap(SpaFrame.reply(serial, "SPA504G", mac, "7.4.4rec", "1.0.2",
                            own.getAddress())), tools);
                    System.out.println("peer replied");
                } else if (f.op() == SpaFrame.OP_UPGRADE) {
                    frames.send(ByteBuffer.wrap(SpaFrame.upgradeEcho(serial, f.tftpPort(), f.fileName())), tools);
                    System.out.println("peer echoed the Upgrade for " + f.fileName());
                    byte[] data = tftp(group, nif, f.fileName());
                    Files.write(output, data);
                    System.out.println("peer downloaded " + data.length + " bytes");
                    return;
                }
            }
        }
    }

    /** The loader's TFTP client: RRQ to the group, ACKs to group:TID, from port 2000. */
    private static byte[] tftp(InetAddress group, NetworkInterface nif, String name) throws Exception {
        try (DatagramChannel ch = DatagramChannel.open(StandardProtocolFamily.INET)) {
            ch.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            ch.bind(new InetSocketAddress(2000));
            ch.setOption(StandardSocketOptions.IP_MULTICAST_IF, nif);
            ch.setOption(StandardSocketOptions.IP_MULTICAST_TTL, 60);
            ch.socket().setSoTimeout(2000);
            byte[] last = TftpPacket.request(TftpOpcode.RRQ, name, "octet", List.of());
            InetSocketAddress to = new InetSocketAddress(group, 69);
            ch.send(ByteBuffer.wrap(last), to);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            int expected = 1;
            int tries = 0;
            byte[] buf = new byte[600];
            while (true) {
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                try {
                    ch.socket().receive(p);
                } catch (SocketTimeoutException e) {
                    if (++tries == 5) {
                        throw new IllegalStateException("timed out at block " + expected);
                    }
                    ch.send(ByteBuffer.wrap(last), to);
                    continue;
                }
                TftpPacket t = TftpPacket.parse(Arrays.copyOf(buf, p.getLength()), 0, p.getLength());
                if (t == null || t.opcode() != TftpOpcode.DATA) {
                    throw new IllegalStateException("expected DATA, got " + t);
                }
                if (expected == 1) {
                    to = new InetSocketAddress(group, p.getPort()); // the server's TID, reached through the group
                }
                if (t.block() != (expected & 0xFFFF)) {
                    continue; // a duplicate block is ignored
                }
                tries = 0;
                out.write(buf, t.dataOffset(), t.dataLength());
                last = TftpPacket.ack(t.block());
                ch.send(ByteBuffer.wrap(last), to);
                if (t.dataLength() < 512) {
                    return out.toByteArray();
                }
                expected++;
            }
        }
    }
}
