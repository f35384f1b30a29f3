package org.phonerescue.core.decode.tcp;

import java.util.HashMap;
import java.util.Map;

/**
 * One TCP connection as the application layer sees it: its endpoints ("A" sent the first
 * segment seen), which side is the server, the protocol bound to it (by a heuristic that
 * recognised it, or by a control channel that announced it, as FTP announces its data
 * connections), per-protocol state, and the reassembly state of each direction.
 */
public final class TcpConversation {

    private final int index;
    private final String addressA;
    private final int portA;
    private final String addressB;
    private final int portB;
    private final TcpFlow[] flows = {new TcpFlow(), new TcpFlow()};
    private StreamProtocol protocol;
    private Map<String, Object> state;
    /** 0 unknown, 1 A is the server, 2 B is the server. */
    private int server;

    private final ReassemblyBudget budget;

    public TcpConversation(int index, String addressA, int portA, String addressB, int portB, ReassemblyBudget budget) {
        this.budget = budget;
        this.index = index;
        this.addressA = addressA;
        this.portA = portA;
        this.addressB = addressB;
        this.portB = portB;
    }

    /** Wireshark's tcp.stream. */
    public int index() {
        return index;
    }

    public String addressA() {
        return addressA;
    }

    public int portA() {
        return portA;
    }

    public String addressB() {
        return addressB;
    }

    public int portB() {
        return portB;
    }

    /** The address data in the given direction comes from. */
    public String source(boolean forward) {
        return forward ? addressA : addressB;
    }

    public String destination(boolean forward) {
        return forward ? addressB : addressA;
    }

    public int sourcePort(boolean forward) {
        return forward ? portA : portB;
    }

    public int destinationPort(boolean forward) {
        return forward ? portB : portA;
    }

    /** Notes who opened the connection: the sender of a SYN without ACK is the client. */
    public void synSeen(boolean forward, boolean ack) {
        if (server == 0) {
            boolean aIsClient = forward != ack;
            server = aIsClient ? 2 : 1;
        }
    }

    /**
     * Whether data in this direction comes from the server; without a handshake in the capture
     * the side with the lower port is taken as the server.
     */
    public boolean isServer(boolean forward) {
        int s = server != 0 ? server : (portA < portB ? 1 : 2);
        return forward ? s == 1 : s == 2;
    }

    /** The protocol the connection is bound to, or null (the ports decide). */
    public StreamProtocol protocol() {
        return protocol;
    }

    /** Binds the connection to a protocol for the rest of the capture (Wireshark's conversation dissector). */
    public void bind(StreamProtocol p) {
        protocol = p;
    }

    /** Per-protocol state kept with the connection. */
    @SuppressWarnings("unchecked")
    public <T> T state(String key) {
        return state == null ? null : (T) state.get(key);
    }

    public void state(String key, Object value) {
        if (state == null) {
            state = new HashMap<>(4);
        }
        state.put(key, value);
    }

    ReassemblyBudget budget() {
        return budget;
    }

    /** Whether either direction's reassembly holds bytes: a message in progress, or segments behind a gap. */
    public boolean holdsData() {
        return flows[0].holdsData() || flows[1].holdsData();
    }

    /**
     * Gives the bytes both directions' reassembly holds back to the budget, when the connection
     * is no longer followed; nothing may be decoded on it afterwards.
     */
    public void release() {
        flows[0].release(budget);
        flows[1].release(budget);
    }

    /** The reassembly state of one direction. */
    public TcpFlow flow(boolean forward) {
        return flows[forward ? 0 : 1];
    }
}
