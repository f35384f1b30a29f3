package org.phonerescue.core.decode.mysql;

import java.nio.charset.StandardCharsets;
import org.phonerescue.core.decode.Dissection;
import org.phonerescue.core.decode.Field;
import org.phonerescue.core.decode.tcp.StreamContext;
import org.phonerescue.core.decode.tls.TlsDissector;

/**
 * MySQL on TCP 3306, as far as the packet list needs it: packets of a 3-byte little-endian length
 * and a sequence number, the server greeting (protocol 10), and the client's SSL Request (a
 * 32-byte login packet with the CLIENT_SSL capability, 0x0800), after which the connection
 * carries TLS.
 */
public final class MysqlDissector {

    private MysqlDissector() {
    }

    public static int dissect(Dissection d, int p, int end, StreamContext ctx) {
        if (TlsDissector.looksLikeTls(d, p, end)) {
            ctx.conversation().bind(TlsDissector.TCP);
            return TlsDissector.TCP.dissect(d, p, end, ctx);
        }
        d.column("MySQL", "");
        Field f = d.layer("mysql", "MySQL Protocol", p, end - p);
        if (end - p < 5) {
            return end - p;
        }
        int length = d.u8(p) | (d.u8(p + 1) << 8) | (d.u8(p + 2) << 16);
        int seq = d.u8(p + 3);
        d.uint(f, "mysql.packet_length", "Packet Length", p, 3, length);
        d.uint(f, "mysql.packet_number", "Packet Number", p + 3, 1, seq);
        if (ctx.fromServer() && seq == 0 && d.u8(p + 4) == 10) {
            int e = p + 5;
            while (e < end && d.u8(e) != 0) {
                e++;
            }
            String version = new String(d.bytes(), p + 5, e - p - 5, StandardCharsets.ISO_8859_1);
            d.uint(f, "mysql.protocol", "Protocol", p + 4, 1, 10);
            d.string(f, "mysql.version", "Version", p + 5, e - p - 5, version);
            d.info("Server Greeting  proto=10 version=" + version + " ");
        } else if (!ctx.fromServer() && length == 32 && seq == 1 && (d.u8(p + 5) & 0x08) != 0) {
            d.info("Response: SSL Handshake user= ");
            ctx.conversation().bind(TlsDissector.TCP);
        }
        return end - p;
    }
}
