package org.phonerescue.core.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.phonerescue.core.analysis.PacketView;
import org.phonerescue.core.analysis.Scenario;
import org.phonerescue.core.analysis.Scenario.Host;
import org.phonerescue.core.decode.PacketDecoder;
import org.phonerescue.core.pcap.CapturedPacket;
import org.phonerescue.core.testing.SharedCaptures;
import org.phonerescue.core.testing.Tshark;

/**
 * FTP transfers against tshark: the files {@code --export-objects ftp-data} writes for the corpus
 * downloads and uploads; for zeek_ftp_retr.pcap, where tshark ties the data connection to the
 * SIZE command that followed the EPSV and so exports nothing, the data connection's payload as
 * tshark shows it. On hand-laid scenes, checked by tshark: a 550 refusal and a data connection
 * reset part-way.
 */
class FtpTransferTrackerTest {

    private static final Host PHONE = new Host("00:04:13:24:35:46", "192.168.1.60");
    private static final Host SERVER = new Host("00:1b:21:aa:bb:cc", "192.168.1.10");

    @TempDir
    Path dir;

    static List<FtpTransfer> transfers(List<CapturedPacket> packets) {
        PacketDecoder decoder = new PacketDecoder(FtpTransferTracker.FIELDS);
        FtpTransferTracker t = new FtpTransferTracker(ContentStore.keeping());
        for (CapturedPacket p : packets) {
            t.accept(new PacketView(decoder.decode(p)));
        }
        return t.finish();
    }

    private static FtpTransfer only(Path capture) throws Exception {
        List<FtpTransfer> all = transfers(HttpTransferTrackerTest.read(capture));
        assertEquals(1, all.size(), capture.toString());
        return all.get(0);
    }

    @Test
    void aPassiveDownloadIsTheFileTsharkExports() throws Exception {
        Path capture = SharedCaptures.dir().resolve("other/ftp/suricata_ftp-download-passive.pcap");
        FtpTransfer t = only(capture);
        assertEquals(HttpTransferTrackerTest.exported(capture, "ftp-data", dir.resolve("passive")),
                List.of(t.content().sha256()));
        // tshark's fields: RETR in frame 34, the 227 setup in 30, data in stream 2, 150 "(39 bytes)", 226 in 41
        List<String[]> rows = Tshark.fields(capture, "frame.number", "ftp.request.command", "ftp.response.code",
                "ftp-data.setup-frame", "tcp.stream", "ip.src", "tcp.srcport", "ip.dst", "tcp.dstport");
        assertEquals("RETR", rows.get(33)[1]);
        assertEquals("30", rows.get(35)[3]);
        assertEquals("226", rows.get(40)[2]);
        assertEquals(34, t.requestFrame());
        assertEquals("RETR", t.command());
        assertEquals("index.html", t.file());
        assertTrue(t.read());
        assertEquals(new Endpoint(rows.get(33)[5], Integer.parseInt(rows.get(33)[6])), t.client());
        assertEquals(new Endpoint(rows.get(33)[7], Integer.parseInt(rows.get(33)[8])), t.server());
        assertEquals("PASV", t.setupMethod());
        assertEquals(30, t.setupFrame());
        assertEquals(Long.parseLong(rows.get(35)[4]), t.dataStream());
        assertEquals(39, t.expectedSize(), "150 ... (39 bytes)");
        assertEquals(39, t.bytes());
        assertEquals(226, t.replyCode());
        assertEquals(41, t.replyFrame());
        assertEquals(TransferOutcome.COMPLETE, t.outcome());
        assertTrue(t.content().complete());
        assertEquals(41, t.lastFrame());
    }

    @Test
    void anActiveUploadIsTheFileTsharkExports() throws Exception {
        Path capture = SharedCaptures.dir().resolve("other/ftp/suricata_ftp-upload-active.pcap");
        FtpTransfer t = only(capture);
        assertEquals(HttpTransferTrackerTest.exported(capture, "ftp-data", dir.resolve("active")),
                List.of(t.content().sha256()));
        assertEquals("STOR", t.command());
        assertFalse(t.read());
        assertEquals("PORT", t.setupMethod());
        assertEquals(29, t.setupFrame());
        assertEquals(39, t.bytes());
        assertEquals(t.client().ip(), t.dataSource().ip(), "the client sends the file");
        assertEquals(TransferOutcome.COMPLETE, t.outcome());
    }

    @Test
    void aDownloadAfterSizeAndCwdIsTiedToItsRetr() throws Exception {
        Path capture = SharedCaptures.dir().resolve("other/ftp/zeek_ftp_retr.pcap");
        // tshark ties the data connection to SIZE (the next command after EPSV) and exports nothing
        assertEquals(List.of(), HttpTransferTrackerTest.exported(capture, "ftp-data", dir.resolve("retr")));
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        String dataStream = null;
        for (String[] r : Tshark.fields(capture, "tcp.stream", "ftp-data.command", "tcp.payload")) {
            if (!r[1].isEmpty()) {
                dataStream = r[0];
                data.writeBytes(HexFormat.of().parseHex(r[2]));
            }
        }
        FtpTransfer t = only(capture);
        assertEquals(35, t.requestFrame());
        assertEquals("/README", t.file());
        assertEquals("EPASV", t.setupMethod());
        assertEquals(Long.parseLong(dataStream), t.dataStream());
        assertEquals(16557, t.expectedSize(), "the 213 reply to SIZE /README");
        assertEquals(data.size(), t.bytes());
        assertEquals(HttpTransferTrackerTest.sha256(data.toByteArray()), t.content().sha256());
        assertEquals(TransferOutcome.COMPLETE, t.outcome());
        assertTrue(t.content().complete());
        assertEquals(59, t.replyFrame());
    }

    /** USER/PASS skipped: the server greets, then the client goes passive and asks for a file. */
    private static Scenario.TcpConnection login(Scenario s) {
        Scenario.TcpConnection control = s.at(0).tcp(PHONE, 41000, SERVER, 21);
        control.handshake();
        control.server("220 ready\r\n");
        s.after(0.01);
        control.client("TYPE I\r\n");
        control.server("200 Type set to I\r\n");
        s.after(0.01);
        control.client("PASV\r\n");
        control.server("227 Entering Passive Mode (192,168,1,10,195,80).\r\n"); // port 50000
        return control;
    }

    @Test
    void aRefusedRetrIsAnErrorWithTheReplyCodeAndText() throws Exception {
        Scenario s = new Scenario();
        Scenario.TcpConnection control = login(s);
        s.after(0.01);
        long retr = control.client("RETR snom320-r.bin\r\n");
        long refused = control.server("550 snom320-r.bin: No such file or directory\r\n");
        Path capture = s.write(dir.resolve("550.pcap"));
        List<String[]> rows = Tshark.fields(capture, "ftp.request.command", "ftp.request.arg", "ftp.response.code",
                "ftp.response.arg");
        assertEquals(List.of("RETR", "snom320-r.bin"), List.of(rows.get((int) retr - 1)).subList(0, 2));
        assertEquals("550", rows.get((int) refused - 1)[2]);
        FtpTransfer t = transfers(s.packets()).get(0);
        assertEquals(TransferOutcome.ERROR, t.outcome());
        assertEquals(550, t.errorCode());
        assertEquals(rows.get((int) refused - 1)[3], t.errorMessage());
        assertEquals(refused, t.errorFrame());
        assertEquals(0, t.bytes());
        assertEquals(-1, t.dataStream());
    }

    @Test
    void aDataConnectionResetPartWayIsAbortedWithWhatArrived() throws Exception {
        byte[] file = HttpTransferTrackerTest.image(6000);
        Scenario s = new Scenario();
        Scenario.TcpConnection control = login(s);
        s.after(0.01);
        control.client("RETR snom320-r.bin\r\n");
        Scenario.TcpConnection data = s.tcp(PHONE, 41001, SERVER, 50000);
        data.handshake();
        control.server("150 Opening BINARY mode data connection for snom320-r.bin (6000 bytes).\r\n");
        s.after(0.01);
        data.server(java.util.Arrays.copyOf(file, 2920));
        s.after(0.2);
        long reset = data.reset(false);
        Path capture = s.write(dir.resolve("reset.pcap"));
        long carried = Tshark.fields(capture, "ftp-data.setup-frame", "tcp.len").stream()
                .filter(r -> !r[0].isEmpty()).mapToLong(r -> Long.parseLong(r[1])).sum();
        assertEquals(2920, carried, "tshark's FTP-DATA segments");
        FtpTransfer t = transfers(s.packets()).get(0);
        assertEquals(TransferOutcome.ABORTED, t.outcome());
        assertEquals("data connection reset", t.errorMessage());
        assertEquals(reset, t.errorFrame());
        assertEquals(6000, t.expectedSize());
        assertEquals(2920, t.bytes());
        assertEquals(HttpTransferTrackerTest.sha256(java.util.Arrays.copyOf(file, 2920)), t.content().sha256());
        assertFalse(t.content().complete());
    }
}
