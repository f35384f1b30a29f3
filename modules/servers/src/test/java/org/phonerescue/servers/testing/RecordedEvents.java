package org.phonerescue.servers.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.phonerescue.servers.event.ServerEvent;
import org.phonerescue.servers.event.ServerEventListener;

/** Keeps every event a server reports, for tests to wait on and inspect. */
public final class RecordedEvents implements ServerEventListener {

    private final List<ServerEvent> events = new ArrayList<>();

    @Override
    public synchronized void onEvent(ServerEvent event) {
        events.add(event);
        notifyAll();
    }

    public synchronized List<ServerEvent> all() {
        return List.copyOf(events);
    }

    public synchronized <T extends ServerEvent> List<T> of(Class<T> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }

    /** Waits until {@code count} events of {@code type} matching {@code filter} arrived; returns them. */
    public synchronized <T extends ServerEvent> List<T> await(Class<T> type, Predicate<T> filter, int count,
                                                              Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<T> matching = events.stream().filter(type::isInstance).map(type::cast).filter(filter).toList();
            long left = deadline - System.nanoTime();
            if (matching.size() >= count || left <= 0) {
                return matching;
            }
            wait(Math.max(1, left / 1_000_000));
        }
    }

    public synchronized void clear() {
        events.clear();
    }
}
