package org.phonerescue.core.decode.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.phonerescue.core.decode.DecodedPacket;
import org.phonerescue.core.decode.tcp.TsharkCheck;
import org.phonerescue.core.pcap.CapturedPacket;
import org.phonerescue.core.testing.Frames;

/**
 * SIP header fields in compact form (RFC 3261 §7.3.3 and §20: v f t i m l c k s e), mixed with
 * full names in one REGISTER and an INVITE with an SDP body, checked field by field against
 * tshark; the compact names must land in the same fields as the full ones.
 */
class CompactFormTest {

    @TempDir
    Path dir;

    private static CapturedPacket udp(int number, String message) {
        return Frames.packet(number, Frames.udp(Frames.mac("00:04:f2:11:22:33"), Frames.mac("00:1b:21:aa:bb:cc"),
                Frames.ip("192.168.1.50"), Frames.ip("192.168.1.1"), 5060, 5060,
                message.getBytes(StandardCharsets.ISO_8859_1)));
    }

    @Test
    void compactHeadersLandInTheFullNamesFields() throws Exception {
        String sdp = "v=0\r\no=phone 1 1 IN IP4 192.168.1.50\r\ns=-\r\nc=IN IP4 192.168.1.50\r\nt=0 0\r\n"
                + "m=audio 16384 RTP/AVP 0 8 101\r\na=rtpmap:101 telephone-event/8000\r\n";
        String invite = "INVITE sip:200@192.168.1.1 SIP/2.0\r\n"
                + "v: SIP/2.0/UDP 192.168.1.50:5060;branch=z9hG4bK776asdhds;rport\r\n"
                + "f: \"Lobby\" <sip:100@192.168.1.1>;tag=1928301774\r\n"
                + "t: <sip:200@192.168.1.1>\r\n"
                + "i: a84b4c76e66710@192.168.1.50\r\n"
                + "CSeq: 314159 INVITE\r\n"
                + "m: <sip:100@192.168.1.50:5060>\r\n"
                + "k: replaces\r\n"
                + "s: rescue test\r\n"
                + "c: application/sdp\r\n"
                + "l: " + sdp.length() + "\r\n\r\n" + sdp;
        String register = "REGISTER sip:192.168.1.1 SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP 192.168.1.50:5060;branch=z9hG4bKnashds7\r\n"
                + "From: <sip:100@192.168.1.1>;tag=456248\r\nTo: <sip:100@192.168.1.1>\r\n"
                + "i: 843817637684230@998sdasdh09\r\nCSeq: 1826 REGISTER\r\n"
                + "m: <sip:100@192.168.1.50>\r\n"
                + "Authorization: Digest username=\"100\", realm=\"asterisk\", nonce=\"1cd2586e\", "
                + "uri=\"sip:192.168.1.1\", response=\"6629fae49393a05397450978507c4ef1\", algorithm=MD5\r\n"
                + "Expires: 3600\r\nl: 0\r\n\r\n";
        List<DecodedPacket> ours = TsharkCheck.agree(dir, List.of(udp(1, invite), udp(2, register)),
                "_ws.col.Protocol", "_ws.col.Info", "sip.Method", "sip.r-uri", "sip.Via", "sip.Via.transport",
                "sip.Via.sent-by.address", "sip.Via.sent-by.port", "sip.Via.branch", "sip.From", "sip.from.addr",
                "sip.from.display.info", "sip.from.tag", "sip.To", "sip.to.addr", "sip.Call-ID", "sip.CSeq.seq",
                "sip.CSeq.method", "sip.Contact", "sip.contact.uri", "sip.contact.host", "sip.contact.port",
                "sip.Supported", "sip.Subject", "sip.Content-Type", "sip.Content-Length", "sip.Expires",
                "sip.Authorization", "sip.auth.scheme", "sip.auth.username", "sip.auth.realm", "sip.auth.nonce",
                "sip.auth.uri", "sip.auth.digest.response", "sip.auth.algorithm", "sdp.connection_info.address",
                "sdp.media.port", "sdp.media.format", "sdp.media_attr");
        assertEquals("SIP/SDP", ours.get(0).protocol());
        assertEquals("a84b4c76e66710@192.168.1.50", TsharkCheck.text(ours.get(0), "sip.Call-ID"));
        assertEquals("Request: REGISTER sip:192.168.1.1  (1 binding) | ", ours.get(1).info());
    }
}
