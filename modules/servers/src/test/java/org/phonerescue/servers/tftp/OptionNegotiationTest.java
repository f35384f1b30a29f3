package org.phonerescue.servers.tftp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.phonerescue.core.protocol.tftp.TftpOption;

class OptionNegotiationTest {

    private static List<TftpOption> opts(String... nameValue) {
        List<TftpOption> l = new java.util.ArrayList<>();
        for (int i = 0; i < nameValue.length; i += 2) {
            l.add(new TftpOption(nameValue[i], nameValue[i + 1]));
        }
        return l;
    }

    @Test
    void acknowledgesKnownOptionsInTheClientsOrderAndSpelling() {
        NegotiatedOptions n = OptionNegotiation.negotiate(
                opts("TSIZE", "0", "blksize", "1468", "windowsize", "16", "timeout", "3"), true, 12345, 65464, 64);
        assertEquals(opts("TSIZE", "12345", "blksize", "1468", "windowsize", "16", "timeout", "3"), n.acknowledged());
        assertEquals(1468, n.blockSize());
        assertEquals(16, n.windowSize());
        assertEquals(3, n.timeoutSeconds());
        assertEquals(12345, n.transferSize());
    }

    @Test
    void lowersBlksizeAndWindowsizeToTheServersLimits() {
        NegotiatedOptions n = OptionNegotiation.negotiate(opts("blksize", "65464", "windowsize", "65535"), true, 1,
                1468, 32);
        assertEquals(opts("blksize", "1468", "windowsize", "32"), n.acknowledged());
    }

    @Test
    void leavesOutInvalidUnknownAndRepeatedOptions() {
        // RFC 2348: blksize 8..65464; RFC 2349: timeout 1..255; RFC 7440: windowsize 1..65535
        NegotiatedOptions n = OptionNegotiation.negotiate(opts("blksize", "7", "timeout", "0", "timeout", "5",
                "windowsize", "0", "multicast", "", "blksize", "1024", "tsize", "x"), true, 100, 65464, 64);
        assertFalse(n.sendsOptionAck(), n.acknowledged().toString());
        assertEquals(512, n.blockSize());
        assertEquals(1, n.windowSize());
        NegotiatedOptions huge = OptionNegotiation.negotiate(opts("blksize", "65465", "timeout", "256",
                "windowsize", "99999999999999999999"), true, 100, 65464, 64);
        assertFalse(huge.sendsOptionAck());
    }

    @Test
    void writeRequestsEchoTheAnnouncedSize() {
        NegotiatedOptions n = OptionNegotiation.negotiate(opts("tsize", "4096"), false, -1, 65464, 64);
        assertEquals(opts("tsize", "4096"), n.acknowledged());
        assertEquals(4096, n.transferSize());
    }

    @Test
    void tsizeIsNotAnnouncedWhenTheSizeIsUnknown() {
        NegotiatedOptions n = OptionNegotiation.negotiate(opts("tsize", "0"), true, -1, 65464, 64);
        assertFalse(n.sendsOptionAck());
    }
}
