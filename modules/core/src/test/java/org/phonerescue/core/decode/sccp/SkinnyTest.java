package org.phonerescue.core.decode.sccp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.phonerescue.core.decode.DecodedPacket;
import org.phonerescue.core.decode.tcp.TcpScript;
import org.phonerescue.core.decode.tcp.TsharkCheck;

/**
 * A Cisco 79xx phone registering with its call manager over Skinny (TCP 2000), laid out byte by
 * byte (little-endian length, header version, message id, data) and checked against tshark:
 * RegisterReq and KeepAliveReq in one segment, RegisterAck, and a message split over segments.
 */
class SkinnyTest {

    @TempDir
    Path dir;

    private static byte[] message(int id, byte[] data) {
        ByteBuffer b = ByteBuffer.allocate(12 + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(4 + data.length).putInt(0).putInt(id).put(data);
        return b.array();
    }

    @Test
    void registrationOfA7961() throws Exception {
        // station id (device name, reserved, instance), IP, device type 0x73 (7961), max/active streams,
        // protocol version 17, an unknown byte, phone features, max conferences, then padding
        ByteBuffer register = ByteBuffer.allocate(56).order(ByteOrder.LITTLE_ENDIAN);
        register.put("SEP001122334455".getBytes(StandardCharsets.US_ASCII)).put((byte) 0).putInt(0).putInt(1)
                .put(new byte[] {10, 0, 0, 50}).putInt(0x73).putInt(5).putInt(0).put((byte) 0x11).put((byte) 0)
                .putShort((short) 0).putInt(0);
        byte[] req = message(0x0001, register.array());
        byte[] keepAlive = message(0x0000, new byte[0]);
        byte[] both = new byte[req.length + keepAlive.length];
        System.arraycopy(req, 0, both, 0, req.length);
        System.arraycopy(keepAlive, 0, both, req.length, keepAlive.length);
        ByteBuffer ack = ByteBuffer.allocate(20).order(ByteOrder.LITTLE_ENDIAN);
        ack.putInt(30).put("M/D/YA".getBytes(StandardCharsets.US_ASCII)).put(new byte[2]).putInt(30)
                .put((byte) 0x11).put(new byte[3]);
        byte[] ackMessage = message(0x0081, ack.array());
        byte[] version = message(0x0098, "SCCP41.9-3-1SR1S\0".getBytes(StandardCharsets.US_ASCII));
        TcpScript s = new TcpScript("10.0.0.50", 51000, "10.0.0.1", 2000).handshake()
                .client(both).server(ackMessage)
                .server(java.util.Arrays.copyOfRange(version, 0, 14))
                .server(java.util.Arrays.copyOfRange(version, 14, version.length));
        List<DecodedPacket> ours = TsharkCheck.agree(dir, s.packets(), "_ws.col.Protocol", "_ws.col.Info",
                "skinny.messageId", "skinny.data_length", "skinny.hdr_version", "skinny.DeviceName",
                "skinny.stationIpAddr", "skinny.deviceType", "skinny.instance", "skinny.maxStreams",
                "skinny.protocolVer", "skinny.keepAliveInterval", "skinny.dateTemplate", "tcp.segment");
        assertEquals("SEP001122334455", TsharkCheck.text(ours.get(3), "skinny.DeviceName"));
        assertEquals("10.0.0.50", TsharkCheck.text(ours.get(3), "skinny.stationIpAddr"));
        assertEquals("SKINNY/REQ", ours.get(3).protocol());
    }
}
