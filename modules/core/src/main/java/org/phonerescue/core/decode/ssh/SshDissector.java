package org.phonerescue.core.decode.ssh;

import java.nio.charset.StandardCharsets;
import org.phonerescue.core.decode.Dissection;
import org.phonerescue.core.decode.Field;
import org.phonerescue.core.decode.tcp.StreamContext;

/**
 * SSH on TCP 22, as far as the packet list needs it (RFC 4253): the identification string
 * "SSH-2.0-…" (§4.2), the binary packets of the key exchange by message code (§6, §7), and the
 * encrypted packets after NEWKEYS; a connection caught in the middle is taken as encrypted.
 */
public final class SshDissector {

    private SshDissector() {
    }

    public static int dissect(Dissection d, int p, int end, StreamContext ctx) {
        d.column("SSH", "");
        Field ssh = d.layer("ssh", "SSH Protocol", p, end - p);
        String side = ctx.fromServer() ? "Server: " : "Client: ";
        byte[] b = d.bytes();
        if (end - p >= 4 && b[p] == 'S' && b[p + 1] == 'S' && b[p + 2] == 'H' && b[p + 3] == '-') {
            int e = p;
            while (e < end && b[e] != '\r' && b[e] != '\n') {
                e++;
            }
            String banner = new String(b, p, e - p, StandardCharsets.ISO_8859_1);
            d.string(ssh, "ssh.protocol", "Protocol", p, e - p, banner);
            ctx.conversation().state("ssh.banner", Boolean.TRUE);
            d.info(side + "Protocol (" + banner + ")");
            return end - p;
        }
        Boolean banner = ctx.conversation().state("ssh.banner");
        String newKeys = "ssh.newkeys." + ctx.forward();
        if (banner != null && ctx.conversation().state(newKeys) == null && end - p >= 6) {
            int code = d.u8(p + 5);
            String name = switch (code) {
                case 20 -> "Key Exchange Init";
                case 21 -> "New Keys";
                case 30 -> "Elliptic Curve Diffie-Hellman Key Exchange Init";
                case 31 -> "Elliptic Curve Diffie-Hellman Key Exchange Reply";
                default -> "Message Code " + code;
            };
            if (code == 21) {
                ctx.conversation().state(newKeys, Boolean.TRUE);
            }
            d.uint(ssh, "ssh.message_code", "Message Code", p + 5, 1, code);
            d.info(side + name);
            return end - p;
        }
        d.bytes(ssh, "ssh.encrypted_packet", "Encrypted Packet", p, end - p);
        d.info(side + "Encrypted packet (len=" + (end - p) + ")");
        return end - p;
    }
}
