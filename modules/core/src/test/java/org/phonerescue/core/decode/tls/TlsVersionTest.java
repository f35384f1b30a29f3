package org.phonerescue.core.decode.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.phonerescue.core.decode.DecodedPacket;
import org.phonerescue.core.decode.tcp.TcpScript;
import org.phonerescue.core.decode.tcp.TsharkCheck;

/**
 * TLS records on a port no port table names (a phone's provisioning over HTTPS on 8443 is
 * recognised by its ClientHello), a record split over segments, the version the ServerHello
 * chose through supported_versions (RFC 8446 §4.2.1) naming the Protocol column, and a
 * plaintext alert; checked against tshark.
 */
class TlsVersionTest {

    @TempDir
    Path dir;

    private static byte[] record(int type, int version, byte[] body) {
        ByteArrayOutputStream r = new ByteArrayOutputStream();
        r.writeBytes(new byte[] {(byte) type, (byte) (version >> 8), (byte) version, (byte) (body.length >> 8),
            (byte) body.length});
        r.writeBytes(body);
        return r.toByteArray();
    }

    private static byte[] handshake(int type, byte[] body) {
        ByteArrayOutputStream h = new ByteArrayOutputStream();
        h.writeBytes(new byte[] {(byte) type, 0, (byte) (body.length >> 8), (byte) body.length});
        h.writeBytes(body);
        return h.toByteArray();
    }

    @Test
    void tls13NegotiatedThroughSupportedVersions() throws Exception {
        ByteArrayOutputStream hello = new ByteArrayOutputStream();
        hello.writeBytes(new byte[] {3, 3});
        hello.writeBytes(new byte[32]);
        hello.writeBytes(new byte[] {0, 0, 2, 0x13, 0x01, 1, 0});
        byte[] sni = "prov.example.com".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        ByteArrayOutputStream ext = new ByteArrayOutputStream();
        ext.writeBytes(new byte[] {0, 0, 0, (byte) (sni.length + 5), 0, (byte) (sni.length + 3), 0, 0,
            (byte) sni.length});
        ext.writeBytes(sni);
        ext.writeBytes(new byte[] {0, 43, 0, 3, 2, 3, 4});
        hello.writeBytes(new byte[] {0, (byte) ext.size()});
        hello.writeBytes(ext.toByteArray());
        byte[] clientHello = record(22, 0x0301, handshake(1, hello.toByteArray()));
        ByteArrayOutputStream sh = new ByteArrayOutputStream();
        sh.writeBytes(new byte[] {3, 3});
        sh.writeBytes(new byte[32]);
        sh.writeBytes(new byte[] {0, 0x13, 0x01, 0, 0, 6, 0, 43, 0, 2, 3, 4});
        byte[] serverFlight = concat(record(22, 0x0303, handshake(2, sh.toByteArray())),
                record(20, 0x0303, new byte[] {1}), record(23, 0x0303, new byte[] {1, 2, 3, 4, 5}));
        TcpScript s = new TcpScript("10.0.0.50", 40500, "10.0.0.1", 8443).handshake()
                .client(java.util.Arrays.copyOfRange(clientHello, 0, 30))
                .client(java.util.Arrays.copyOfRange(clientHello, 30, clientHello.length))
                .server(serverFlight)
                .client(record(21, 0x0303, new byte[] {2, 40}));
        List<DecodedPacket> ours = TsharkCheck.agree(dir, s.packets(), "_ws.col.Protocol", "_ws.col.Info",
                "tls.record.content_type", "tls.record.opaque_type", "tls.record.version", "tls.handshake.type",
                "tls.handshake.version", "tls.handshake.extensions_server_name",
                "tls.handshake.extensions.supported_version", "tls.handshake.ciphersuite", "tls.alert_message.level",
                "tls.alert_message.desc", "tcp.segment");
        assertEquals("TLSv1", ours.get(4).protocol(), "the ClientHello's record version, before any ServerHello");
        assertEquals("TLSv1.3", ours.get(5).protocol());
        assertEquals("prov.example.com", TsharkCheck.text(ours.get(4), "tls.handshake.extensions_server_name"));
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
