package org.phonerescue.core.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.phonerescue.core.pcap.CapturedPacket;
import org.phonerescue.core.pcap.LinkType;
import org.phonerescue.core.pcap.PcapWriter;
import org.phonerescue.core.protocol.tftp.TftpOpcode;
import org.phonerescue.core.protocol.tftp.TftpPacket;
import org.phonerescue.core.testing.Frames;
import org.phonerescue.core.testing.Tshark;

/** IPv4 reassembly: fragments in any order, duplicates, overlaps, expiry — checked against tshark. */
class FragmentsTest {

    private static final byte[] A_MAC = Frames.mac("00:04:f2:11:22:33");
    private static final byte[] B_MAC = Frames.mac("00:1b:21:aa:bb:cc");
    private static final byte[] A = Frames.ip("10.1.1.50");
    private static final byte[] B = Frames.ip("10.1.1.10");

    @TempDir
    Path dir;

    /** A UDP datagram carrying a TFTP DATA block of 1200 bytes, cut into fragments of 400 payload bytes. */
    private static List<byte[]> fragments(int id) {
        byte[] data = new byte[1200];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i * 7);
        }
        byte[] udp = Frames.udpDatagram(40000, 50000, TftpPacket.data(1, data, 0, data.length));
        List<byte[]> out = new ArrayList<>();
        for (int off = 0; off < udp.length; off += 400) {
            byte[] piece = Arrays.copyOfRange(udp, off, Math.min(udp.length, off + 400));
            out.add(Frames.ipv4(B_MAC, A_MAC, B, A, 17, off, off + 400 < udp.length, id, piece));
        }
        return out;
    }

    @Test
    void fragmentsOutOfOrderWithADuplicateReassembleOnTheFragmentThatCompletes() throws Exception {
        List<byte[]> f = fragments(0x4242);
        assertEquals(4, f.size());
        List<byte[]> frames = new ArrayList<>();
        frames.add(Frames.udp(A_MAC, B_MAC, A, B, 50000, 69, TftpPacket.request(TftpOpcode.RRQ, "big.bin", "octet",
                List.of())));
        frames.add(f.get(3)); // last first
        frames.add(f.get(1));
        frames.add(f.get(1)); // duplicate
        frames.add(f.get(0));
        frames.add(f.get(2)); // completes
        List<DecodedPacket> ours = compare(frames, "ip.proto", "udp.srcport", "udp.dstport", "tftp.opcode",
                "tftp.block", "_ws.col.Protocol");
        DecodedPacket done = ours.get(5);
        assertEquals("TFTP", done.protocol());
        assertEquals(1204L + 8, done.field("udp.length").value());
        assertEquals(1, done.field("udp.srcport").source(), "fields of the reassembled datagram point into it");
        assertEquals(2, done.sources().size());
        assertEquals("big.bin", done.field("tftp.destination_file").value());
        for (int i = 1; i < 5; i++) {
            assertEquals("IPv4", ours.get(i).protocol(), "fragment " + i);
        }
    }

    @Test
    void anOverlapWithDifferentBytesIsReportedAndTheFirstBytesWin() {
        List<byte[]> f = fragments(7);
        byte[] conflicting = f.get(1).clone();
        conflicting[14 + 20 + 10] ^= (byte) 0xFF;
        PacketDecoder decoder = new PacketDecoder();
        decoder.decode(Frames.packet(1, f.get(0)));
        decoder.decode(Frames.packet(2, f.get(1)));
        DecodedPacket again = decoder.decode(Frames.packet(3, conflicting));
        assertTrue(again.expertNotes().stream().anyMatch(n -> ((String) n.value()).contains("overlapping fragment")));
        decoder.decode(Frames.packet(4, f.get(2)));
        DecodedPacket done = decoder.decode(Frames.packet(5, f.get(3)));
        byte[] reassembled = done.sources().get(1);
        assertEquals(f.get(1)[14 + 20 + 10], reassembled[400 + 10], "the first copy's byte is kept");
    }

    @Test
    void pendingFragmentsExpireAfterSixtySeconds() {
        List<byte[]> f = fragments(9);
        PacketDecoder decoder = new PacketDecoder();
        decoder.decode(at(1, 0, f.get(0)));
        decoder.decode(at(2, 0, f.get(1)));
        decoder.decode(at(3, 0, f.get(2)));
        // the last piece arrives 61 s later: the datagram expired, so this alone cannot complete it
        DecodedPacket late = decoder.decode(at(4, 61, f.get(3)));
        assertEquals("IPv4", late.protocol());
        assertFalse(late.has("tftp"));
    }

    private static CapturedPacket at(long number, long secondsLater, byte[] frame) {
        return new CapturedPacket(number, 1_700_000_000L + secondsLater, 0, frame.length, LinkType.ETHERNET, 0, frame,
                null, 0);
    }

    private List<DecodedPacket> compare(List<byte[]> frames, String... fields) throws Exception {
        Path file = dir.resolve("fragments.pcap");
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
        for (int i = 0; i < frames.size(); i++) {
            for (int k = 0; k < fields.length; k++) {
                assertEquals(theirs.get(i)[k], DecoderOracleTest.value(ours.get(i), fields[k]),
                        "frame " + (i + 1) + " " + fields[k]);
            }
        }
        return ours;
    }
}
