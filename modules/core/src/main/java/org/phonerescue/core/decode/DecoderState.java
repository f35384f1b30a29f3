package org.phonerescue.core.decode;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What decoding remembers from one packet to the next within a capture, as Wireshark's
 * conversation tables do: which UDP conversations belong to which protocol (a TFTP transfer
 * continues on the server's new port), per-transfer facts (the file name a DATA block belongs
 * to). Packets must be decoded in file order for this to hold.
 */
public final class DecoderState {

    /**
     * A UDP conversation a protocol claimed, keyed by both addresses and the client's port; the
     * server's port is left open (RFC 1350 §4: the server answers from a new port, its TID).
     */
    public record UdpConversation(String protocol, String clientAddress, int clientPort, String serverAddress) {

        // Written out rather than generated: looked up for every UDP datagram, with addresses that
        // are mostly the very same String instances (see AddressTexts) and cache their hashes.
        @Override
        public int hashCode() {
            return ((Objects.hashCode(protocol) * 31 + Objects.hashCode(clientAddress)) * 31 + clientPort) * 31
                    + Objects.hashCode(serverAddress);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof UdpConversation c && clientPort == c.clientPort
                    && same(clientAddress, c.clientAddress) && same(serverAddress, c.serverAddress)
                    && same(protocol, c.protocol);
        }

        private static boolean same(String a, String b) {
            return a == b || a != null && a.equals(b);
        }
    }

    /**
     * UDP conversations remembered at once. A phone runs one or two TFTP transfers; a capture
     * with more claimed at the same time is a flood of requests, and remembering them all would
     * hold every one until the end. Past this, the least recently used is forgotten (counted):
     * a later datagram of it is no longer tied to its request.
     */
    public static final int MAX_UDP_CONVERSATIONS = 65_536;

    /** The claimed conversations, the least recently used first (access order). */
    private final LinkedHashMap<UdpConversation, Object> udpConversations = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<UdpConversation, Object> eldest) {
            if (size() > MAX_UDP_CONVERSATIONS) {
                forgottenUdp++;
                return true;
            }
            return false;
        }
    };
    private long forgottenUdp;
    private final TcpStreams tcpStreams = new TcpStreams();
    private final Fragments ipv4Fragments = new Fragments();
    /** How many claims were made: a change tells that a datagram may now belong elsewhere. */
    private long claims;

    private final AddressTexts addressTexts = new AddressTexts();

    AddressTexts addressTexts() {
        return addressTexts;
    }

    public Fragments ipv4Fragments() {
        return ipv4Fragments;
    }

    public TcpStreams tcpStreams() {
        return tcpStreams;
    }

    /** Claims a UDP conversation for a protocol, with that protocol's per-conversation data. */
    public void claimUdp(UdpConversation key, Object data) {
        udpConversations.put(key, data);
        claims++;
    }

    /**
     * Counts the claims made so far. A caller that remembers which conversation a datagram's
     * addresses and ports led to may keep using that answer while this count stays the same:
     * only a claim changes where a datagram belongs.
     */
    public long claims() {
        return claims;
    }

    /** The data of a claimed conversation that this datagram belongs to (either direction), or null. */
    public Object udpConversation(String protocol, String sourceAddress, int sourcePort, String destinationAddress,
                                  int destinationPort) {
        Object found = udpConversations.get(new UdpConversation(protocol, sourceAddress, sourcePort, destinationAddress));
        if (found == null) {
            found = udpConversations.get(new UdpConversation(protocol, destinationAddress, destinationPort, sourceAddress));
        }
        return found;
    }

    /** Number of UDP conversations remembered (at most {@value #MAX_UDP_CONVERSATIONS}). */
    public int conversations() {
        return udpConversations.size();
    }

    /**
     * UDP conversations forgotten, the least recently used of more than
     * {@value #MAX_UDP_CONVERSATIONS} claimed at once.
     */
    public long forgottenUdpConversations() {
        return forgottenUdp;
    }

    private final Map<String, Object> protocolStates = new HashMap<>();

    /**
     * Capture-wide state a protocol keeps between packets (DNS queries awaiting their responses,
     * …), created on first use.
     */
    @SuppressWarnings("unchecked")
    public <T> T protocolState(String key, java.util.function.Supplier<T> create) {
        return (T) protocolStates.computeIfAbsent(key, k -> create.get());
    }
}
