package org.phonerescue.core.decode.ftp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.phonerescue.core.decode.DecodedPacket;
import org.phonerescue.core.decode.tcp.TcpScript;
import org.phonerescue.core.decode.tcp.TsharkCheck;
import org.phonerescue.core.pcap.CapturedPacket;

/**
 * FTP data connections announced on the control connection (RFC 959 §4.1.2 PORT, RFC 2428 EPRT
 * and EPSV), as a Snom phone in rescue mode fetches its firmware: the data connection is decoded
 * as FTP-DATA and tied to the setup and to the RETR that uses it, as tshark ties them.
 */
class DataConnectionTest {

    private static final String[] FIELDS = {"_ws.col.Protocol", "_ws.col.Info", "ftp.request.command",
        "ftp.request.arg", "ftp.response.code", "ftp.response.arg", "ftp.active.cip", "ftp.active.port",
        "ftp.eprt.af", "ftp.eprt.ip", "ftp.eprt.port", "ftp.epsv.port", "ftp.current-working-directory",
        "ftp-data.setup-frame", "ftp-data.setup-method", "ftp-data.command", "ftp-data.command-frame", "tcp.stream"};

    @TempDir
    Path dir;

    /** Frames of several connections merged in the order given, renumbered. */
    private static List<CapturedPacket> merge(List<List<CapturedPacket>> parts) {
        List<CapturedPacket> out = new ArrayList<>();
        for (List<CapturedPacket> part : parts) {
            for (CapturedPacket p : part) {
                out.add(new CapturedPacket(out.size() + 1, p.epochSecond() + out.size(), p.nanos(), p.originalLength(),
                        p.linkType(), 0, p.data(), null, 0));
            }
        }
        return out;
    }

    @Test
    void eprtAndEpsvAnnounceTheDataConnectionOfTheNextRetr() throws Exception {
        TcpScript control = new TcpScript("10.0.0.50", 40100, "10.0.0.1", 21).handshake()
                .server("220 SPLiT FTP ready\r\n").client("USER anonymous\r\n").server("230 Logged in\r\n")
                .client("PWD\r\n").server("257 \"/ftp\" is current directory\r\n")
                .client("EPRT |1|10.0.0.50|40200|\r\n").server("200 EPRT command successful\r\n")
                .client("RETR snom370-r.bin\r\n").server("150 Opening BINARY mode data connection\r\n")
                .client("EPSV\r\n").server("229 Entering Extended Passive Mode (|||50000|)\r\n")
                .client("RETR snom370-r.bin\r\n");
        TcpScript active = new TcpScript("10.0.0.1", 20, "10.0.0.50", 40200).handshake()
                .client("\u0001\u0002firmware bytes");
        TcpScript passive = new TcpScript("10.0.0.50", 40300, "10.0.0.1", 50000).handshake()
                .server("more firmware bytes");
        List<CapturedPacket> c = control.packets();
        List<CapturedPacket> all = merge(List.of(c.subList(0, 12), active.packets(), c.subList(12, 15),
                passive.packets()));
    // tshark 4.0 reads the EPRT arguments but does not tie the data connection to them (its
        // frame 16 is "FTP Data: 16 bytes" through port 20 alone): every other frame is compared
        List<CapturedPacket> withoutEprtData = new ArrayList<>(all);
        withoutEprtData.remove(15);
        TsharkCheck.agree(dir, merge(List.of(withoutEprtData)), FIELDS);
        List<DecodedPacket> ours = TsharkCheck.decode(all, d -> { });
        DecodedPacket data = ours.get(15);
        assertEquals("FTP-DATA", data.protocol());
        assertEquals("FTP Data: 16 bytes (EPRT) (RETR snom370-r.bin)", data.info());
        assertEquals("RETR snom370-r.bin", TsharkCheck.text(data, "ftp-data.command"));
        assertEquals("EPRT", TsharkCheck.text(data, "ftp-data.setup-method"));
        assertEquals("9", TsharkCheck.text(data, "ftp-data.setup-frame"), "the EPRT command");
        assertEquals("/ftp", TsharkCheck.text(data, "ftp-data.current-working-directory"));
        DecodedPacket passiveData = ours.get(22);
        assertEquals("FTP Data: 19 bytes (EPASV) (RETR snom370-r.bin)", passiveData.info());
    }
}
