package org.phonerescue.core.decode;

/**
 * The last few answers to "which claimed conversation does a datagram with these addresses and
 * ports belong to?", for one protocol. Nearly every datagram of a transfer asks with the same
 * two address/port pairs (DATA one way, ACK the other), and the answer holds until the next
 * claim ({@link DecoderState#claims()}); without this each datagram made and hashed up to six
 * conversation keys. Addresses are compared by identity: they come from
 * {@link AddressTexts}, which hands out one String per address.
 */
public final class ConversationMemo {

    /** What {@link #find} returns when it does not know the answer (null is an answer: none). */
    public static final Object UNKNOWN = new Object();

    private static final int SIZE = 4;

    private final String[] sources = new String[SIZE];
    private final String[] destinations = new String[SIZE];
    private final int[] sourcePorts = new int[SIZE];
    private final int[] destinationPorts = new int[SIZE];
    private final Object[] answers = new Object[SIZE];
    private long claims = -1;
    private int next;

    /** The remembered answer, or {@link #UNKNOWN}. */
    public Object find(long claimsNow, String source, int sourcePort, String destination, int destinationPort) {
        if (claimsNow != claims) {
            return UNKNOWN;
        }
        for (int i = 0; i < SIZE; i++) {
            if (sources[i] == source && destinations[i] == destination && sourcePorts[i] == sourcePort
                    && destinationPorts[i] == destinationPort) {
                return answers[i];
            }
        }
        return UNKNOWN;
    }

    public void remember(long claimsNow, String source, int sourcePort, String destination, int destinationPort,
                  Object answer) {
        if (claimsNow != claims) {
            java.util.Arrays.fill(sources, null);
            java.util.Arrays.fill(destinations, null);
            java.util.Arrays.fill(answers, null);
            claims = claimsNow;
        }
        int i = next;
        next = (next + 1) % SIZE;
        sources[i] = source;
        destinations[i] = destination;
        sourcePorts[i] = sourcePort;
        destinationPorts[i] = destinationPort;
        answers[i] = answer;
    }
}
