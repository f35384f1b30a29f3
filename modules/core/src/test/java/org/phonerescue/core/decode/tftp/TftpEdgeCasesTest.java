package org.phonerescue.core.decode.tftp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.phonerescue.core.decode.DecodedPacket;
import org.phonerescue.core.decode.PacketDecoder;
import org.phonerescue.core.pcap.CapturedPacket;
import org.phonerescue.core.pcap.LinkType;
import org.phonerescue.core.pcap.PcapWriter;
import org.phonerescue.core.protocol.tftp.TftpOpcode;
import org.phonerescue.core.protocol.tftp.TftpOption;
import org.phonerescue.core.protocol.tftp.TftpPacket;
import org.phonerescue.core.testing.Frames;
import org.phonerescue.core.testing.Tshark;

/**
 * TFTP cases the corpus lacks, written as frames and checked field by field against tshark's
 * reading of the same file: a transfer past block 65 535 (rollover), an OACK with options the
 * server does not know, an ERROR, and a request whose strings are not terminated.
 */
class TftpEdgeCasesTest {

    private static final byte[] CLIENT_MAC = Frames.mac("00:04:f2:11:22:33");
    private static final byte[] SERVER_MAC = Frames.mac("00:1b:21:aa:bb:cc");
    private static final byte[] CLIENT = Frames.ip("10.1.1.50");
    private static final byte[] SERVER = Frames.ip("10.1.1.10");

    @TempDir
    Path dir;

    @Test
    void blockNumbersRollOverPast65535AndTheFullNumberCountsOn() throws Exception {
        List<byte[]> frames = new ArrayList<>();
        frames.add(toServer(69, TftpPacket.request(TftpOpcode.RRQ, "snom370-r.bin", "octet",
                List.of(new TftpOption("blksize", "8")))));
        frames.add(toClient(TftpPacket.optionAck(List.of(new TftpOption("blksize", "8")))));
        frames.add(toServer(40000, TftpPacket.ack(0)));
        byte[] block = "8 bytes!".getBytes(StandardCharsets.US_ASCII);
        for (int n = 1; n <= 65536 + 3; n++) {
            frames.add(toClient(TftpPacket.data(n, block, 0, n == 65536 + 3 ? 3 : 8)));
            frames.add(toServer(40000, TftpPacket.ack(n)));
        }
        List<DecodedPacket> ours = compareWithTshark(frames, "tftp.opcode", "tftp.block", "tftp.block.full",
                "tftp.destination_file", "tftp.option.name", "tftp.option.value");
        DecodedPacket last = ours.get(ours.size() - 2);
        assertEquals(65539L, last.field("tftp.block.full").value());
        assertEquals("Data Packet, Block: 3 (last)", last.info());
    }

    @Test
    void anOackWithUnknownOptionsAnErrorAndUnterminatedStrings() throws Exception {
        List<byte[]> frames = new ArrayList<>();
        frames.add(toServer(69, TftpPacket.request(TftpOpcode.RRQ, "SEP001122334455.cnf.xml", "octet",
                List.of(new TftpOption("tsize", "0"), new TftpOption("x-vendor", "1")))));
        frames.add(toClient(TftpPacket.optionAck(List.of(new TftpOption("tsize", "4321"), new TftpOption("x-vendor", "1")))));
        frames.add(toClient(TftpPacket.error(1, "File not found")));
        byte[] cut = {0, 1, 't', 'e', 'r', 'm', '6', '1'}; // RRQ whose file name has no NUL
        frames.add(Frames.udp(CLIENT_MAC, SERVER_MAC, CLIENT, SERVER, 50001, 69, cut));
        List<DecodedPacket> ours = compareWithTshark(frames, "tftp.opcode", "tftp.source_file", "tftp.type",
                "tftp.option.name", "tftp.option.value", "tftp.error.code", "tftp.error.message", "_ws.col.Info");
        assertTrue(ours.get(3).malformed(), "the unterminated request is flagged");
        assertEquals("Error Code, Code: File not found, Message: File not found", ours.get(2).info());
    }

    private byte[] toServer(int port, byte[] payload) {
        return Frames.udp(CLIENT_MAC, SERVER_MAC, CLIENT, SERVER, 50000, port, payload);
    }

    private byte[] toClient(byte[] payload) {
        return Frames.udp(SERVER_MAC, CLIENT_MAC, SERVER, CLIENT, 40000, 50000, payload);
    }

    private List<DecodedPacket> compareWithTshark(List<byte[]> frames, String... fields) throws Exception {
        Path file = dir.resolve("tftp.pcap");
        PacketDecoder decoder = new PacketDecoder();
        List<DecodedPacket> ours = new ArrayList<>();
        try (PcapWriter w = PcapWriter.create(file, LinkType.ETHERNET)) {
            for (int i = 0; i < frames.size(); i++) {
                CapturedPacket p = Frames.packet(i + 1, frames.get(i));
                w.write(p);
                ours.add(decoder.decode(p));
            }
        }
        List<String[]> theirs = Tshark.fields(file, fields);
        assertEquals(frames.size(), theirs.size());
        for (int i = 0; i < frames.size(); i++) {
            for (int f = 0; f < fields.length; f++) {
                assertEquals(theirs.get(i)[f], text(ours.get(i), fields[f]), "frame " + (i + 1) + " " + fields[f]);
            }
        }
        return ours;
    }

    private static String text(DecodedPacket p, String field) {
        if (field.equals("_ws.col.Info")) {
            return p.info();
        }
        StringBuilder sb = new StringBuilder();
        p.fields(field).forEach(f -> sb.append(sb.length() > 0 ? "," : "").append(f.text()));
        return sb.toString();
    }
}
