package org.phonerescue.core.decode.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
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
 * How a switch tells a phone its voice VLAN, laid out byte by byte and checked against tshark:
 * CDP's VoIP VLAN Reply TLV (0x000E) next to the native VLAN (0x000A), and LLDP-MED's network
 * policy for the Voice application (ANSI/TIA-1057 §10.2.3: tagged, VLAN 100, priority 5,
 * DSCP 46) with the phone's inventory TLVs (§10.2.6).
 */
class VoiceVlanTest {

    private static final byte[] SWITCH_MAC = Frames.mac("00:19:2f:a7:b2:8d");

    @TempDir
    Path dir;

    private static void tlv(ByteArrayOutputStream out, int type, byte[] value) {
        out.writeBytes(new byte[] {(byte) (type >> 8), (byte) type, (byte) ((value.length + 4) >> 8),
            (byte) (value.length + 4)});
        out.writeBytes(value);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** 802.3 frame to 01:00:0c:cc:cc:cc with LLC/SNAP (OUI 00-00-0C, PID 0x2000) carrying CDP v2. */
    private static CapturedPacket cdp(int number) {
        ByteArrayOutputStream pdu = new ByteArrayOutputStream();
        pdu.writeBytes(new byte[] {2, (byte) 180, 0, 0});
        tlv(pdu, 0x0001, ascii("Switch"));
        tlv(pdu, 0x0003, ascii("GigabitEthernet0/5"));
        tlv(pdu, 0x0005, ascii("Cisco IOS Software\nVersion 12.2(25)SEB4"));
        tlv(pdu, 0x0006, ascii("cisco WS-C3560G-24PS"));
        tlv(pdu, 0x0002, new byte[] {0, 0, 0, 1, 1, 1, (byte) 0xCC, 0, 4, (byte) 192, (byte) 168, 0, 1});
        tlv(pdu, 0x000A, new byte[] {0, 1});
        tlv(pdu, 0x000E, new byte[] {1, 0, 100});
        tlv(pdu, 0x000B, new byte[] {1});
        byte[] cdp = pdu.toByteArray();
        ByteArrayOutputStream f = new ByteArrayOutputStream();
        f.writeBytes(Frames.mac("01:00:0c:cc:cc:cc"));
        f.writeBytes(SWITCH_MAC);
        int length = 8 + cdp.length;
        f.writeBytes(new byte[] {(byte) (length >> 8), (byte) length, (byte) 0xAA, (byte) 0xAA, 3, 0, 0, 0x0C, 0x20, 0});
        f.writeBytes(cdp);
        return Frames.packet(number, f.toByteArray());
    }

    private static void lldpTlv(ByteArrayOutputStream out, int type, byte[] value) {
        out.writeBytes(new byte[] {(byte) ((type << 1) | (value.length >> 8)), (byte) value.length});
        out.writeBytes(value);
    }

    private static byte[] med(int subtype, byte[] rest) {
        byte[] v = new byte[4 + rest.length];
        v[0] = 0x00;
        v[1] = 0x12;
        v[2] = (byte) 0xBB;
        v[3] = (byte) subtype;
        System.arraycopy(rest, 0, v, 4, rest.length);
        return v;
    }

    /** An LLDPDU from a phone: chassis and port by MAC, TTL, name, MED capabilities, policy, inventory. */
    private static CapturedPacket lldp(int number) {
        byte[] phone = Frames.mac("00:04:f2:11:22:33");
        ByteArrayOutputStream pdu = new ByteArrayOutputStream();
        lldpTlv(pdu, 1, new byte[] {4, phone[0], phone[1], phone[2], phone[3], phone[4], phone[5]});
        lldpTlv(pdu, 2, new byte[] {3, phone[0], phone[1], phone[2], phone[3], phone[4], phone[5]});
        lldpTlv(pdu, 3, new byte[] {0, (byte) 180});
        lldpTlv(pdu, 5, ascii("SEP0004F2112233"));
        lldpTlv(pdu, 7, new byte[] {0, 0x24, 0, 0x24});
        lldpTlv(pdu, 127, med(1, new byte[] {0, 0x33, 3}));
        // Voice (1): U=0, T=1, X=0, VLAN 100, L2 priority 5, DSCP 46
        int bits = (1 << 22) | (100 << 9) | (5 << 6) | 46;
        lldpTlv(pdu, 127, med(2, new byte[] {1, (byte) (bits >> 16), (byte) (bits >> 8), (byte) bits}));
        lldpTlv(pdu, 127, med(5, ascii("1")));
        lldpTlv(pdu, 127, med(6, ascii("V1.2")));
        lldpTlv(pdu, 127, med(7, ascii("sip78xx.14-1-1")));
        lldpTlv(pdu, 127, med(8, ascii("FCH1234ABCD")));
        lldpTlv(pdu, 127, med(9, ascii("Cisco Systems, Inc.")));
        lldpTlv(pdu, 127, med(10, ascii("CP-7841")));
        lldpTlv(pdu, 0, new byte[0]);
        ByteArrayOutputStream f = new ByteArrayOutputStream();
        f.writeBytes(Frames.mac("01:80:c2:00:00:0e"));
        f.writeBytes(phone);
        f.writeBytes(new byte[] {(byte) 0x88, (byte) 0xCC});
        f.writeBytes(pdu.toByteArray());
        return Frames.packet(number, f.toByteArray());
    }

    @Test
    void cdpVoipVlanReplyAndNativeVlan() throws Exception {
        List<DecodedPacket> ours = TsharkCheck.agree(dir, List.of(cdp(1)), "_ws.col.Protocol", "_ws.col.Info",
                "cdp.deviceid", "cdp.portid", "cdp.software_version", "cdp.platform", "cdp.nrgyz.ip_address",
                "cdp.native_vlan", "cdp.voice_vlan", "cdp.duplex", "cdp.tlv.type", "cdp.tlv.len");
        assertEquals("100", TsharkCheck.text(ours.get(0), "cdp.voice_vlan"));
        assertEquals("1", TsharkCheck.text(ours.get(0), "cdp.native_vlan"));
    }

    @Test
    void lldpMedNetworkPolicyAndInventory() throws Exception {
        List<DecodedPacket> ours = TsharkCheck.agree(dir, List.of(lldp(1)), "_ws.col.Protocol", "_ws.col.Info",
                "lldp.chassis.id.mac", "lldp.port.id.mac", "lldp.time_to_live", "lldp.tlv.system.name",
                "lldp.tlv.system_cap", "lldp.orgtlv.oui", "lldp.media.subtype", "lldp.media.subtype.class",
                "lldp.media.app_type", "lldp.media.policy_flag", "lldp.media.tag_flag", "lldp.media.vlan_id",
                "lldp.media.l2_prio", "lldp.media.dscp", "lldp.media.hardware", "lldp.media.firmware",
                "lldp.media.software", "lldp.media.sn", "lldp.media.manufacturer", "lldp.media.model");
        DecodedPacket p = ours.get(0);
        assertEquals("100", TsharkCheck.text(p, "lldp.media.vlan_id"));
        assertEquals("5", TsharkCheck.text(p, "lldp.media.l2_prio"));
        assertEquals("46", TsharkCheck.text(p, "lldp.media.dscp"));
        assertEquals("CP-7841", TsharkCheck.text(p, "lldp.media.model"));
    }
}
