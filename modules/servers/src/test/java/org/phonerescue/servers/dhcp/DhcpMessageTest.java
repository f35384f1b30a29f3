package org.phonerescue.servers.dhcp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DhcpMessageTest {

    private static DhcpMessage offer(Map<Integer, byte[]> options) {
        byte[] zero = new byte[4];
        return new DhcpMessage(DhcpMessage.BOOTREPLY, 1, 0, 0x12345678L, 0, DhcpMessage.FLAG_BROADCAST, zero,
                new byte[] {10, 0, 0, 100}, new byte[] {10, 0, 0, 1}, zero,
                new byte[] {0x00, 0x1b, 0x54, 0x01, 0x02, 0x03}, options);
    }

    @Test
    void encodesTheFixedHeaderCookieAndOptionsAsRfc2131LaysThemOut() {
        Map<Integer, byte[]> o = new LinkedHashMap<>();
        o.put(DhcpMessage.OPT_MESSAGE_TYPE, new byte[] {DhcpMessage.OFFER});
        o.put(DhcpMessage.OPT_TFTP_SERVER_ADDRESS, DhcpOptionValues.addresses("192.168.1.1"));
        byte[] wire = offer(o).encode();
        assertEquals(300, wire.length, "padded to the BOOTP minimum");
        HexFormat hex = HexFormat.of();
        assertEquals("02010600" + "12345678" + "0000" + "8000", hex.formatHex(wire, 0, 12));
        assertEquals("0a000064" + "0a000001", hex.formatHex(wire, 16, 24), "yiaddr, siaddr");
        assertEquals("001b54010203", hex.formatHex(wire, 28, 34));
        assertEquals("63825363" + "350102" + "9604c0a80101" + "ff", hex.formatHex(wire, 236, 236 + 4 + 3 + 6 + 1));
    }

    @Test
    void parsesWhatItEncodesAndJoinsSplitOptions() {
        Map<Integer, byte[]> o = new LinkedHashMap<>();
        o.put(DhcpMessage.OPT_MESSAGE_TYPE, new byte[] {DhcpMessage.OFFER});
        byte[] long43 = new byte[600];
        for (int i = 0; i < long43.length; i++) {
            long43[i] = (byte) i;
        }
        o.put(DhcpMessage.OPT_VENDOR_SPECIFIC, long43); // RFC 3396: sent as 255 + 255 + 90
        DhcpMessage m = offer(o);
        byte[] wire = m.encode();
        DhcpMessage back = DhcpMessage.parse(wire, 0, wire.length);
        assertEquals(DhcpMessage.OFFER, back.messageType());
        assertArrayEquals(long43, back.option(DhcpMessage.OPT_VENDOR_SPECIFIC));
        assertEquals(0x12345678L, back.xid());
        assertEquals("00:1b:54:01:02:03", back.clientMac());
        assertEquals("10.0.0.100", DhcpMessage.address(back.yiaddr()).getHostAddress());
    }

    @Test
    void refusesWhatIsNotDhcp() {
        assertNull(DhcpMessage.parse(new byte[100], 0, 100));
        byte[] noCookie = new byte[300];
        assertNull(DhcpMessage.parse(noCookie, 0, 300));
        Map<Integer, byte[]> o = new LinkedHashMap<>();
        o.put(DhcpMessage.OPT_HOSTNAME, new byte[10]);
        byte[] wire = offer(o).encode();
        wire[241] = (byte) 200; // option 12 now claims 200 bytes, running past the end
        assertNull(DhcpMessage.parse(wire, 0, 252));
    }
}
