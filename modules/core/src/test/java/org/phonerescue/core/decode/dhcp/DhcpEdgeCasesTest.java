package org.phonerescue.core.decode.dhcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.phonerescue.core.decode.DecodedPacket;
import org.phonerescue.core.decode.DecoderOracleTest;
import org.phonerescue.core.decode.PacketDecoder;
import org.phonerescue.core.pcap.CapturedPacket;
import org.phonerescue.core.pcap.LinkType;
import org.phonerescue.core.pcap.PcapWriter;
import org.phonerescue.core.testing.Frames;
import org.phonerescue.core.testing.Tshark;

/**
 * DHCP messages phone recovery depends on, laid out byte by byte (RFC 2131 §2, RFC 2132) and
 * compared with tshark's reading of the same frames: option 150 with two TFTP servers, option 66
 * and 67, option 43 as Cisco-style sub-options, and option 52 overload into sname and file.
 */
class DhcpEdgeCasesTest {

    private static final byte[] SERVER_MAC = Frames.mac("00:1b:21:aa:bb:cc");
    private static final byte[] PHONE_MAC = Frames.mac("00:1e:7a:12:34:56");

    @TempDir
    Path dir;

    /** A BOOTP reply with the given sname/file areas and options after the magic cookie. */
    private static byte[] offer(byte[] sname, byte[] file, byte[] options) {
        ByteBuffer b = ByteBuffer.allocate(236 + 4 + options.length);
        b.put((byte) 2).put((byte) 1).put((byte) 6).put((byte) 0).putInt(0x1234abcd).putShort((short) 0)
                .putShort((short) 0).put(new byte[4]).put(Frames.ip("10.1.1.50")).put(Frames.ip("10.1.1.10"))
                .put(new byte[4]).put(PHONE_MAC).put(new byte[10]);
        b.put(java.util.Arrays.copyOf(sname, 64)).put(java.util.Arrays.copyOf(file, 128));
        b.putInt(0x63825363).put(options);
        return b.array();
    }

    @Test
    void recoveryOptionsAgreeWithTshark() throws Exception {
        byte[] options = {
            53, 1, 2,                                          // Offer
            54, 4, 10, 1, 1, 10,                               // server id
            (byte) 150, 8, 10, 1, 1, 10, (byte) 192, (byte) 168, 1, 1, // TFTP servers 10.1.1.10 and 192.168.1.1
            66, 9, '1', '0', '.', '1', '.', '1', '.', '1', '0', // TFTP server name
            67, 12, 't', 'e', 'r', 'm', '6', '1', '.', 'l', 'o', 'a', 'd', 's',
            43, 8, 1, 2, 'a', 'b', 2, 2, 'c', 'd',              // two sub-options
            (byte) 255};
        DecodedPacket p = check(offer(new byte[0], new byte[0], options), "dhcp.option.type",
                "dhcp.option.tftp_server_address", "dhcp.option.tftp_server_name", "dhcp.option.bootfile_name",
                "dhcp.option.vendor.value", "dhcp.ip.your", "dhcp.ip.server", "_ws.col.Info");
        assertEquals(2, p.fields("dhcp.option.tftp_server_address").size());
        assertEquals(2, p.fields("dhcp.option.vendor.suboption").size());
    }

    @Test
    void overloadIntoSnameAndFileAgreesWithTsharkAndAnOverloadInsideIsNotFollowed() throws Exception {
        byte[] sname = {66, 4, 't', 'f', 't', 'p', (byte) 255};
        byte[] file = {67, 8, 'X', 'M', 'L', 'D', 'e', 'f', '.', 'x', (byte) 255};
        byte[] options = {53, 1, 5, 52, 1, 3, (byte) 255};
        check(offer(sname, file, options), "dhcp.option.type", "dhcp.option.tftp_server_name",
                "dhcp.option.bootfile_name", "dhcp.server", "dhcp.file");

        // sname itself announcing an overload again: shown with a warning, not walked in circles
        byte[] looping = {52, 1, 3, (byte) 255};
        DecodedPacket p = new PacketDecoder().decode(packet(offer(looping, new byte[0], options)));
        assertTrue(p.expertNotes().stream().anyMatch(n -> ((String) n.value()).contains("inside an overloaded field")),
                p.expertNotes().toString());
    }

    private static CapturedPacket packet(byte[] dhcp) {
        return Frames.packet(1, Frames.udp(SERVER_MAC, PHONE_MAC, Frames.ip("10.1.1.10"), Frames.ip("10.1.1.50"), 67, 68,
                dhcp));
    }

    private DecodedPacket check(byte[] dhcp, String... fields) throws Exception {
        CapturedPacket packet = packet(dhcp);
        Path file = dir.resolve("dhcp-" + System.nanoTime() + ".pcap");
        try (PcapWriter w = PcapWriter.create(file, LinkType.ETHERNET)) {
            w.write(packet);
        }
        DecodedPacket ours = new PacketDecoder().decode(packet);
        List<String[]> theirs = Tshark.fields(file, fields);
        for (int i = 0; i < fields.length; i++) {
            assertEquals(theirs.get(0)[i], DecoderOracleTest.value(ours, fields[i]), fields[i]);
        }
        return ours;
    }
}
