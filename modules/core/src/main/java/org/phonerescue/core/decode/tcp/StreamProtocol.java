package org.phonerescue.core.decode.tcp;

import org.phonerescue.core.decode.Dissection;

/**
 * A protocol carried in a TCP byte stream (RFC 9293 §3.4: TCP delivers bytes, not messages), such
 * as HTTP, FTP, SIP over TCP or TLS. The reassembler hands it the bytes of a segment, or of a
 * PDU put together from several segments; a message that is not complete yet is asked for with
 * {@link StreamContext#needMore}, as Wireshark's dissectors ask TCP for more data.
 */
public interface StreamProtocol {

    /** Wireshark's protocol name (display-filter name), e.g. "http". */
    String name();

    /**
     * Dissects the messages in {@code d.bytes()[p, end)}.
     *
     * @return the number of bytes it took as its own, or 0 when the data is not this protocol's
     *         (the next candidate is then tried; nothing may have been added to the tree)
     */
    int dissect(Dissection d, int p, int end, StreamContext ctx);
}
