package org.phonerescue.core.decode.syslog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.phonerescue.core.decode.DecodedPacket;
import org.phonerescue.core.decode.tcp.TsharkCheck;
import org.phonerescue.core.pcap.CapturedPacket;
import org.phonerescue.core.testing.Frames;

/**
 * Syslog messages as phones send them during boot and provisioning, laid out byte by byte and
 * checked against tshark: RFC 3164 and RFC 5424 headers, a message without PRI, a PRI beyond the
 * facility table, and a PRI with nothing after it.
 */
class SyslogTest {

    @TempDir
    Path dir;

    @Test
    void priorityFacilitySeverityAndHeaders() throws Exception {
        String[] messages = {
            "<134>Oct 11 22:14:15 SEP001122334455 su: 'su root' failed for lonvick on /dev/pts/8",
            "<165>1 2003-10-11T22:14:15.003Z phone.example.com provisioning - ID47 [x@32473 iut=\"3\"] TFTP done",
            "<13>Feb  5 17:32:18 10.0.0.99 Use the BFG!\n",
            "no pri here",
            "<999>bad",
            "<0>"};
        List<CapturedPacket> packets = new ArrayList<>();
        for (String m : messages) {
            packets.add(Frames.packet(packets.size() + 1, Frames.udp(Frames.mac("00:04:f2:11:22:33"),
                    Frames.mac("00:1b:21:aa:bb:cc"), Frames.ip("10.0.0.50"), Frames.ip("10.0.0.1"), 514, 514,
                    m.getBytes(StandardCharsets.ISO_8859_1))));
        }
        List<DecodedPacket> ours = TsharkCheck.agree(dir, packets, "_ws.col.Protocol", "_ws.col.Info",
                "syslog.facility", "syslog.level", "syslog.msg", "syslog.timestamp", "syslog.timestamp_rfc3164",
                "syslog.hostname", "syslog.appname", "syslog.procid", "syslog.msgid", "syslog.version");
        assertEquals("LOCAL0.INFO: Oct 11 22:14:15 SEP001122334455 su: 'su root' failed for lonvick on /dev/pts/8",
                ours.get(0).info());
        assertTrue(ours.get(5).malformed());
    }
}
