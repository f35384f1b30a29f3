package org.phonerescue.servers.tftp;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.phonerescue.core.protocol.tftp.TftpOption;

/**
 * What the server agreed to for one transfer.
 *
 * @param blockSize      data bytes per block (RFC 2348), 512 unless negotiated
 * @param windowSize     blocks sent before waiting for an ACK (RFC 7440), 1 unless negotiated
 * @param timeoutSeconds the retransmission timeout the client asked for (RFC 2349), or 0
 * @param transferSize   the size announced (RRQ: the file's; WRQ: the client's), or -1
 * @param acknowledged   the options of the OACK, in the client's order; empty means no OACK is
 *                       sent and the transfer starts as in RFC 1350
 */
record NegotiatedOptions(int blockSize, int windowSize, int timeoutSeconds, long transferSize,
                         List<TftpOption> acknowledged) {

    NegotiatedOptions {
        acknowledged = List.copyOf(acknowledged);
    }

    boolean sendsOptionAck() {
        return !acknowledged.isEmpty();
    }

    Map<String, String> asMap() {
        Map<String, String> m = new LinkedHashMap<>();
        for (TftpOption o : acknowledged) {
            m.put(o.name().toLowerCase(java.util.Locale.ROOT), o.value());
        }
        return m;
    }
}
