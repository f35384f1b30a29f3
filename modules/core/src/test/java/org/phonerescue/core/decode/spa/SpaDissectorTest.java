package org.phonerescue.core.decode.spa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.phonerescue.core.decode.DecodedPacket;
import org.phonerescue.core.decode.Field;
import org.phonerescue.core.decode.PacketDecoder;
import org.phonerescue.core.protocol.spa.SpaFrame;
import org.phonerescue.core.testing.Frames;

/**
 * The SPA recovery protocol from frames laid out field by field straight from the field model in
 * {@code shared/docs/spa-recovery-protocol.md} (no capture of a real recovery exists).
 */
class SpaDissectorTest {

    private static final byte[] GROUP = Frames.ip("234.4.8.10");
    private static final byte[] GROUP_MAC = Frames.multicastMac(GROUP);
    private static final byte[] PC = Frames.ip("192.168.1.10");
    private static final byte[] PC_MAC = Frames.mac("00:1b:21:aa:bb:cc");
    private static final byte[] PHONE = Frames.ip("192.168.1.50");
    private static final byte[] PHONE_MAC = Frames.mac("00:0e:08:de:ad:01");

    /** The model's layout, written here independently of SpaFrame's own builders. */
    static final class Layout {
        final byte[] f;

        Layout(int length, int op, String serial) {
            f = new byte[length];
            f[0] = (byte) op;
            f[1] = (byte) 0xA5; // bytes 1-3 unused: the phone leaves garbage there
            f[2] = 0x5A;
            f[3] = 0x77;
            f[4] = 'R';
            f[5] = 'E';
            f[6] = 'C';
            f[7] = 'M';
            put(8, serial);
        }

        Layout put(int offset, String s) {
            byte[] v = s.getBytes(StandardCharsets.US_ASCII);
            System.arraycopy(v, 0, f, offset, v.length);
            f[offset + v.length] = 0;
            return this;
        }

        Layout bytes(int offset, byte... v) {
            System.arraycopy(v, 0, f, offset, v.length);
            return this;
        }
    }

    static byte[] reply() {
        return new Layout(100, 1, "88014FA00024")
                .put(28, "SPA504G").bytes(48, PHONE_MAC).put(54, "7.4.4rec").put(74, "1.0.2").bytes(94, PHONE)
                .bytes(98, (byte) 0xFF, (byte) 0xFF)
                // uninitialised memory after the NULs must not show in the strings
                .bytes(36, (byte) 'X', (byte) 'Y').bytes(63, (byte) '9').f;
    }

    @Test
    void aWildcardRequestFromTheToolIsDecodedWithProvenanceAndNoWarnings() {
        byte[] request = new Layout(160, 0, "FFFFFFFFFFFF").f;
        DecodedPacket p = decode(Frames.udp(PC_MAC, GROUP_MAC, PC, GROUP, 4811, 4810, request));
        assertEquals("SPA-RECOVERY", p.protocol());
        assertEquals("Request, serial FFFFFFFFFFFF", p.info());
        assertEquals(SpaFrame.PROVENANCE, p.field("spa.provenance").value());
        assertEquals(0L, p.field("spa.op").value());
        assertEquals("FFFFFFFFFFFF", p.field("spa.serial").value());
        assertEquals(160, ((byte[]) p.field("spa.payload").value()).length);
        assertEquals(List.of(), p.expertNotes());
    }

    @Test
    void aReplyShowsTheLoaderVersionAndIgnoresGarbageAfterNuls() {
        DecodedPacket p = decode(Frames.udp(PHONE_MAC, GROUP_MAC, PHONE, GROUP, 4810, 4811, reply()));
        assertEquals("SPA504G", p.field("spa.product").value());
        assertEquals("00:0e:08:de:ad:01", p.field("spa.mac").value());
        assertEquals("7.4.4rec", p.field("spa.loader_version").value());
        assertEquals("1.0.2", p.field("spa.hardware_version").value());
        assertEquals("192.168.1.50", p.field("spa.ip").value());
        assertEquals("Reply, serial 88014FA00024, SPA504G 00:0e:08:de:ad:01, loader 7.4.4rec, IP 192.168.1.50", p.info());
        assertEquals(48, p.field("spa.mac").offset() - 42, "MAC at byte 48 of the payload (frame offset 42)");
        assertEquals(List.of(), p.expertNotes());
    }

    @Test
    void theLoadersOwnChecksAppearAsWarnings() {
        // wrong source port, wrong length, wrong group, and a serial (not the wildcard)
        byte[] shortRequest = new Layout(150, 0, "88014FA00024").f;
        byte[] otherGroup = Frames.ip("234.4.8.11");
        DecodedPacket p = decode(Frames.udp(PC_MAC, Frames.multicastMac(otherGroup), PC, otherGroup, 5000, 4810,
                shortRequest));
        List<String> notes = p.expertNotes().stream().map(f -> (String) f.value()).toList();
        assertTrue(notes.stream().anyMatch(n -> n.contains("source port 5000")), notes.toString());
        assertTrue(notes.stream().anyMatch(n -> n.contains("drops every length but 160")), notes.toString());
        assertTrue(notes.stream().anyMatch(n -> n.contains("234.4.8.11")), notes.toString());
        assertTrue(notes.stream().anyMatch(n -> n.contains("only the phone with exactly this serial")), notes.toString());
        assertTrue(p.expertNotes().stream().allMatch(f -> f.severity() != Field.Severity.NONE));
    }

    @Test
    void anUpgradeKeepsTheLeadingSlashAndTheEchoIsRecognised() {
        byte[] upgrade = new Layout(160, 2, "FFFFFFFFFFFF").bytes(28, (byte) 0, (byte) 69).put(32, "/spa71f6.bin").f;
        DecodedPacket p = decode(Frames.udp(PC_MAC, PHONE_MAC, PC, PHONE, 4811, 4810, upgrade));
        assertEquals("/spa71f6.bin", p.field("spa.file").value());
        assertEquals(69L, p.field("spa.tftp_port").value());
        assertEquals("Upgrade, serial FFFFFFFFFFFF, file /spa71f6.bin", p.info());

        byte[] echo = new Layout(100, 2, "88014FA00024").bytes(28, (byte) 0, (byte) 69).put(32, "/spa71f6.bin").f;
        DecodedPacket e = decode(Frames.udp(PHONE_MAC, GROUP_MAC, PHONE, GROUP, 4810, 4811, echo));
        assertTrue(e.info().startsWith("Upgrade acknowledgement"), e.info());
    }

    @Test
    void aFrameWithoutTheMagicOnTheRecoveryPortIsJustData() {
        byte[] junk = "hello, not a recovery frame".getBytes(StandardCharsets.US_ASCII);
        DecodedPacket p = decode(Frames.udp(PC_MAC, GROUP_MAC, PC, GROUP, 4811, 4810, junk));
        assertEquals("UDP", p.protocol());
        assertNull(p.field("spa"));
        assertTrue(p.has("data.data"));
    }

    @Test
    void theMulticastTftpTransferAfterAnUpgradeIsTiedToItsFile() {
        PacketDecoder decoder = new PacketDecoder();
        // RRQ from the phone's port 2000 to the group, DATA from the PC's TID, ACK back to the group.
        byte[] rrq = {0, 1, '/', 's', 'p', 'a', '7', '1', 'f', '6', '.', 'b', 'i', 'n', 0, 'o', 'c', 't', 'e', 't', 0};
        byte[] data = new byte[4 + 512];
        data[1] = 3;
        data[3] = 1;
        byte[] ack = {0, 4, 0, 1};
        DecodedPacket r = decoder.decode(Frames.packet(1, Frames.udp(PHONE_MAC, GROUP_MAC, PHONE, GROUP, 2000, 69, rrq)));
        DecodedPacket d = decoder.decode(Frames.packet(2, Frames.udp(PC_MAC, PHONE_MAC, PC, PHONE, 50123, 2000, data)));
        DecodedPacket a = decoder.decode(Frames.packet(3, Frames.udp(PHONE_MAC, GROUP_MAC, PHONE, GROUP, 2000, 50123, ack)));
        assertEquals("Read Request, File: /spa71f6.bin, Transfer type: octet", r.info());
        assertEquals("TFTP", d.protocol());
        assertEquals("/spa71f6.bin", d.field("tftp.destination_file").value());
        assertEquals("TFTP", a.protocol());
        assertEquals("Acknowledgement, Block: 1", a.info());
        assertEquals("/spa71f6.bin", a.field("tftp.destination_file").value());
        assertFalse(a.malformed());
    }

    private static DecodedPacket decode(byte[] frame) {
        return new PacketDecoder().decode(Frames.packet(1, frame));
    }
}
