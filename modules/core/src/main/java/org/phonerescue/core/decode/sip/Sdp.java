package org.phonerescue.core.decode.sip;

import org.phonerescue.core.decode.Dissection;
import org.phonerescue.core.decode.Field;
import org.phonerescue.core.decode.text.TextLines;

/**
 * SDP (RFC 4566 §5): one "type=value" line per field, with Wireshark's names and the parts of
 * the origin (o=), connection (c=), time (t=), bandwidth (b=), media (m=) and attribute (a=)
 * lines. Where a phone will send its audio is in c= and m=.
 */
public final class Sdp {

    private Sdp() {
    }

    public static void dissect(Dissection d, Field parent, int p, int end) {
        byte[] b = d.bytes();
        Field sdp = d.layer("sdp", "Session Description Protocol", p, end - p);
        boolean media = false;
        Field mediaNode = sdp;
        int q = p;
        while (q < end) {
            int eol = TextLines.lineEnd(b, q, end);
            int lineEnd = eol < 0 ? end : eol;
            int next = eol < 0 ? end : TextLines.nextLine(b, eol, end);
            if (lineEnd - q >= 2 && b[q + 1] == '=') {
                char type = (char) b[q];
                String value = TextLines.string(b, q + 2, lineEnd);
                int vo = q + 2;
                if (type == 'm') {
                    media = true;
                }
                Field at = media ? mediaNode : sdp;
                String label = TextLines.escaped(TextLines.string(b, q, lineEnd));
                switch (type) {
                    case 'v' -> d.string(at, "sdp.version", label, vo, value.length(), value, value);
                    case 'o' -> words(d, d.subtree(at, "sdp.owner", label, vo, value.length(), value, value), value, vo,
                            "sdp.owner.username", "sdp.owner.sessionid", "sdp.owner.version", "sdp.owner.network_type",
                            "sdp.owner.address_type", "sdp.owner.address");
                    case 's' -> d.string(at, "sdp.session_name", label, vo, value.length(), value, value);
                    case 'i' -> d.string(at, media ? "sdp.media_title" : "sdp.session_info", label, vo, value.length(),
                            value, value);
                    case 'u' -> d.string(at, "sdp.uri", label, vo, value.length(), value, value);
                    case 'e' -> d.string(at, "sdp.email", label, vo, value.length(), value, value);
                    case 'p' -> d.string(at, "sdp.phone", label, vo, value.length(), value, value);
                    case 'c' -> {
                        Field c = d.subtree(at, "sdp.connection_info", label, vo, value.length(), value, value);
                        words(d, c, value, vo, "sdp.connection_info.network_type", "sdp.connection_info.address_type",
                                "sdp.connection_info.address");
                    }
                    case 'b' -> {
                        Field bw = d.subtree(at, "sdp.bandwidth", label, vo, value.length(), value, value);
                        int colon = value.indexOf(':');
                        if (colon > 0) {
                            d.string(bw, "sdp.bandwidth.modifier", "Bandwidth Modifier", vo, colon,
                                    value.substring(0, colon));
                            d.string(bw, "sdp.bandwidth.value", "Bandwidth Value", vo + colon + 1,
                                    value.length() - colon - 1, value.substring(colon + 1));
                        }
                    }
                    case 't' -> words(d, d.subtree(at, "sdp.time", label, vo, value.length(), value, value), value, vo,
                            "sdp.time.start", "sdp.time.stop");
                    case 'r' -> d.string(at, "sdp.repeat_time", label, vo, value.length(), value, value);
                    case 'z' -> d.string(at, "sdp.timezone", label, vo, value.length(), value, value);
                    case 'k' -> d.string(at, "sdp.encryption_key", label, vo, value.length(), value, value);
                    case 'a' -> {
                        Field a = d.subtree(at, media ? "sdp.media_attr" : "sdp.session_attr", label, vo, value.length(),
                                value, value);
                        int colon = value.indexOf(':');
                        String field = colon < 0 ? value : value.substring(0, colon);
                        String prefix = media ? "sdp.media_attribute" : "sdp.session_attr";
                        d.string(a, prefix + ".field", "Attribute Fieldname", vo, field.length(), field);
                        if (colon >= 0 && media && (field.equals("rtpmap") || field.equals("fmtp"))) {
                            // "a=rtpmap:<payload type> <encoding>/<clock rate>" (RFC 4566 §6)
                            String rest = value.substring(colon + 1);
                            int sp = rest.indexOf(' ');
                            String pt = sp < 0 ? rest : rest.substring(0, sp);
                            d.string(a, "sdp.media.format", "Media Format", vo + colon + 1, pt.length(), pt);
                        }
                        if (colon >= 0) {
                            d.string(a, prefix + ".value", "Attribute Value", vo + colon + 1, value.length() - colon - 1,
                                    value.substring(colon + 1));
                        }
                    }
                    case 'm' -> {
                        mediaNode = d.subtree(sdp, "sdp.media", label, vo, value.length(), value, value);
                        media(d, mediaNode, value, vo);
                    }
                    default -> d.string(at, "sdp.unknown", label, q, lineEnd - q, TextLines.string(b, q, lineEnd),
                            TextLines.escaped(TextLines.string(b, q, lineEnd)));
                }
            } else if (lineEnd > q) {
                d.string(sdp, "sdp.invalid", "Invalid line: " + TextLines.escaped(TextLines.string(b, q, lineEnd)), q,
                        lineEnd - q, TextLines.string(b, q, lineEnd), TextLines.escaped(TextLines.string(b, q, lineEnd)));
            }
            q = next;
        }
    }

    /** m=&lt;media&gt; &lt;port&gt;[/&lt;number of ports&gt;] &lt;proto&gt; &lt;fmt&gt; ... (RFC 4566 §5.14). */
    private static void media(Dissection d, Field m, String value, int vo) {
        String[] w = value.split(" ");
        int off = vo;
        for (int i = 0; i < w.length; i++) {
            String word = w[i];
            switch (i) {
                case 0 -> d.string(m, "sdp.media.media", "Media Type", off, word.length(), word);
                case 1 -> {
                    int slash = word.indexOf('/');
                    String port = slash < 0 ? word : word.substring(0, slash);
                    try {
                        d.uint(m, "sdp.media.port", "Media Port", off, port.length(), Long.parseLong(port));
                    } catch (NumberFormatException e) {
                        d.string(m, "sdp.media.port_string", "Media Port", off, port.length(), port);
                    }
                    if (slash >= 0) {
                        d.string(m, "sdp.media.portcount", "Media Port Count", off + slash + 1,
                                word.length() - slash - 1, word.substring(slash + 1));
                    }
                }
                case 2 -> d.string(m, "sdp.media.proto", "Media Protocol", off, word.length(), word);
                default -> {
                    // an RTP/AVP format is a payload type (RFC 3551 §6), shown by name
                    String shown = word;
                    try {
                        shown = PayloadTypes.name(Integer.parseInt(word));
                    } catch (NumberFormatException e) {
                        shown = word;
                    }
                    d.string(m, "sdp.media.format", "Media Format: " + shown, off, word.length(), shown, shown);
                }
            }
            off += word.length() + 1;
        }
    }

    private static void words(Dissection d, Field parent, String value, int vo, String... names) {
        String[] w = value.split(" ", names.length);
        int off = vo;
        for (int i = 0; i < w.length && i < names.length; i++) {
            d.string(parent, names[i], names[i], off, w[i].length(), w[i]);
            off += w[i].length() + 1;
        }
    }
}
