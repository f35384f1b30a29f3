package org.phonerescue.core.decode.sccp;

import org.phonerescue.core.decode.Dissection;
import org.phonerescue.core.decode.Field;
import org.phonerescue.core.decode.tcp.StreamContext;
import org.phonerescue.core.decode.tcp.StreamProtocol;

/**
 * Skinny Client Control Protocol (Cisco SCCP) on TCP 2000, as a Cisco 79xx phone speaks it to its
 * call manager: each message is a little-endian length (of what follows the header's second
 * word), a header version, a message identifier and its data. Messages are named as Wireshark
 * names them; the registration exchange (RegisterReq with the device name "SEP&lt;MAC&gt;" and the
 * station's IP address, RegisterAck, RegisterReject) has its fields. Messages that span
 * segments are asked for whole.
 */
public final class SkinnyDissector implements StreamProtocol {

    public static final SkinnyDissector TCP = new SkinnyDissector();

    private SkinnyDissector() {
    }

    @Override
    public String name() {
        return "skinny";
    }

    @Override
    public int dissect(Dissection d, int p, int end, StreamContext ctx) {
        // Wireshark takes a segment as Skinny only when it starts with a whole header
        if (end - p < 8 || Le.u32(d, p) < 4 || Le.u32(d, p) > 0x10000) {
            return 0;
        }
        StringBuilder info = new StringBuilder();
        String kind = null;
        d.info("Skinny Client Control Protocol"); // what Wireshark shows until a message is complete
        int q = p;
        while (q < end) {
            if (end - q < 12) {
                if (ctx.canDesegment()) {
                    ctx.needMore(q, 12 - (end - q));
                }
                break;
            }
            long length = Le.u32(d, q);
            if (length < 4 || length > 0x10000) {
                break;
            }
            if (q + 8 + length > end && ctx.canDesegment()) {
                ctx.needMore(q, (int) (q + 8 + length - end));
                break;
            }
            int msgEnd = (int) Math.min(end, q + 8 + length);
            int id = (int) Le.u32(d, q + 8);
            Field skinny = d.layer("skinny", "Skinny Client Control Protocol", q, msgEnd - q);
            d.uint(skinny, "skinny.data_length", "Data length", q, 4, length);
            d.hex(skinny, "skinny.hdr_version", "Header version", q + 4, 4, Le.u32(d, q + 4), 8);
            d.uint(skinny, "skinny.messageId", "Message ID", q + 8, 4, id);
            String name = SkinnyMessages.name(id);
            Field msg = d.text(skinny, "", name, q + 12, msgEnd - q - 12);
            Registration.dissect(d, msg, id, q + 12, msgEnd);
            info.append(name).append(' ');
            kind = SkinnyMessages.kind(id);
            q = msgEnd;
        }
        if (kind != null) {
            d.column("SKINNY/" + kind, info.toString());
        }
        return Math.max(1, q - p);
    }
}
