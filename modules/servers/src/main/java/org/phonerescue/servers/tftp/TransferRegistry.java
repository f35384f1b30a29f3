package org.phonerescue.servers.tftp;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The transfers running on one server, by client address and port, with the limits that keep
 * memory and file handles bounded. Transfers add themselves from the listener thread and remove
 * themselves from their own threads, so everything here is thread-safe.
 */
final class TransferRegistry {

    private final Map<InetSocketAddress, Transfer> byClient = new ConcurrentHashMap<>();
    private final Map<InetAddress, Integer> perAddress = new ConcurrentHashMap<>();
    /** The request bytes that started each transfer, to recognise a retransmitted request. */
    private final Map<InetSocketAddress, byte[]> requests = new ConcurrentHashMap<>();

    Transfer byClient(InetSocketAddress client) {
        return byClient.get(client);
    }

    byte[] requestOf(InetSocketAddress client) {
        return requests.get(client);
    }

    int size() {
        return byClient.size();
    }

    int fromAddress(InetAddress address) {
        return perAddress.getOrDefault(address, 0);
    }

    void add(Transfer t, byte[] request) {
        byClient.put(t.client, t);
        requests.put(t.client, request);
        perAddress.merge(t.client.getAddress(), 1, Integer::sum);
    }

    void remove(Transfer t) {
        if (byClient.remove(t.client, t)) {
            requests.remove(t.client);
            perAddress.computeIfPresent(t.client.getAddress(), (a, n) -> n > 1 ? n - 1 : null);
        }
    }

    /**
     * The oldest transfer whose client never answered and that is older than {@code minAgeNanos},
     * or null: the one to give up when the server is full (a flood of requests from forged
     * addresses then cannot lock real clients out).
     */
    Transfer oldestSilent(long minAgeNanos) {
        long now = System.nanoTime();
        Transfer oldest = null;
        for (Transfer t : byClient.values()) {
            if (!t.heardFromClient() && now - t.startedNanos() >= minAgeNanos
                    && (oldest == null || t.startedNanos() < oldest.startedNanos())) {
                oldest = t;
            }
        }
        return oldest;
    }

    List<Transfer> all() {
        return new ArrayList<>(byClient.values());
    }
}
