package org.phonerescue.core.decode.tcp;

import org.phonerescue.core.decode.Field;

/**
 * What a {@link StreamProtocol} learns about the bytes it is given, and how it asks for more: the
 * connection and direction, whether the data can still grow (it cannot when the capture cut the
 * segment short, or when a reassembled PDU went over the memory bound), whether the sender has
 * closed its side (FIN), and the request for more data.
 */
public final class StreamContext {

    /** More data is needed but its length is not known yet: take the next segment as well. */
    public static final int ONE_MORE_SEGMENT = -1;
    /** The message runs until the sender closes the connection (HTTP responses without a length). */
    public static final int UNTIL_FIN = -2;

    TcpConversation conversation;
    boolean forward;
    boolean canDesegment;
    boolean endOfStream;
    Field tcpLayer;
    int desegmentOffset = -1;
    int desegmentLength;
    long missingBytes;

    StreamContext() {
    }

    /** A context for one call from the TCP layer. */
    public static StreamContext of(TcpConversation conversation, boolean forward, boolean canDesegment,
                                   boolean endOfStream, Field tcpLayer) {
        StreamContext c = new StreamContext();
        c.conversation = conversation;
        c.forward = forward;
        c.canDesegment = canDesegment;
        c.endOfStream = endOfStream;
        c.tcpLayer = tcpLayer;
        return c;
    }

    void reset(boolean desegment, boolean fin, long missing) {
        canDesegment = desegment;
        endOfStream = fin;
        desegmentOffset = -1;
        desegmentLength = 0;
        missingBytes = missing;
    }

    /**
     * Asks for more data: the message that starts at {@code offset} (in the bytes being
     * dissected) needs {@code length} more bytes after the end of those given, or
     * {@link #ONE_MORE_SEGMENT}, or {@link #UNTIL_FIN}. Ignored when {@link #canDesegment()} is false.
     */
    public void needMore(int offset, int length) {
        if (canDesegment) {
            desegmentOffset = offset;
            desegmentLength = length;
        }
    }

    /** Whether {@link #needMore} will be honoured. */
    public boolean canDesegment() {
        return canDesegment;
    }

    /** Whether more data was asked for. */
    public boolean wantsMore() {
        return desegmentOffset >= 0;
    }

    /** Whether the sender closed its side with this data (FIN): nothing more will come. */
    public boolean endOfStream() {
        return endOfStream;
    }

    /** Bytes of the PDU that were not kept (over the reassembly bound): the real length is larger. */
    public long missingBytes() {
        return missingBytes;
    }

    public TcpConversation conversation() {
        return conversation;
    }

    /** Whether the data goes in the direction of the connection's first segment. */
    public boolean forward() {
        return forward;
    }

    /** Whether the data comes from the side that accepted the connection (the SYN's receiver). */
    public boolean fromServer() {
        return conversation.isServer(forward);
    }

    /** The TCP layer of this packet, for fields about the reassembly. */
    public Field tcpLayer() {
        return tcpLayer;
    }
}
