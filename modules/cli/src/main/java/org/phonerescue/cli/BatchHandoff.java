package org.phonerescue.cli;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.Consumer;

/**
 * Hands items from the calling thread to a second thread in batches, for a two-stage loop on two
 * cores: the caller produces (reads and decodes packets, which must happen in file order on one
 * thread) while the second thread consumes (formats and writes them), in the same order. Batches
 * keep the cost of the hand-over (a queue operation and a possible wake-up) off the per-item path;
 * a bounded queue keeps memory bounded when the consumer is the slower one.
 *
 * <p>{@link #add} from one producer thread only; {@link #finish} once, at the end, also after a
 * failure of the producer, so that the consumer thread ends.
 */
final class BatchHandoff<T> {

    private static final Object[] END = new Object[0];

    private final int batchSize;
    private final BlockingQueue<Object[]> full;
    private final BlockingQueue<Object[]> empty;
    private final Thread consumerThread;
    private Object[] batch;
    private int count;
    /** What stopped the consumer, reported by {@link #finish}. */
    private volatile Throwable failure;

    /**
     * @param consumer called on the second thread for every item, in order, until it throws; the
     *                 items after a failure are dropped
     */
    BatchHandoff(String threadName, int batchSize, int batchesInFlight, Consumer<? super T> consumer) {
        this.batchSize = batchSize;
        this.full = new ArrayBlockingQueue<>(batchesInFlight);
        this.empty = new ArrayBlockingQueue<>(batchesInFlight + 2);
        this.batch = new Object[batchSize];
        this.consumerThread = new Thread(() -> consume(consumer), threadName);
        consumerThread.setDaemon(true);
        consumerThread.start();
    }

    @SuppressWarnings("unchecked")
    private void consume(Consumer<? super T> consumer) {
        try {
            while (true) {
                Object[] items = full.take();
                if (items == END) {
                    return;
                }
                if (failure == null) {
                    try {
                        for (Object item : items) {
                            if (item == null) {
                                break; // a last batch that is not full
                            }
                            consumer.accept((T) item);
                        }
                    } catch (Throwable t) {
                        failure = t; // keep taking batches, so that the producer never blocks for good
                    }
                }
                java.util.Arrays.fill(items, null);
                empty.offer(items);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Queues one item; blocks while the consumer is {@code batchesInFlight} batches behind. Throws
     * what stopped the consumer, if anything, so that the producer stops too.
     */
    void add(T item) throws InterruptedException {
        batch[count++] = item;
        if (count == batchSize) {
            rethrowFailure();
            full.put(batch);
            Object[] next = empty.poll();
            batch = next != null ? next : new Object[batchSize];
            count = 0;
        }
    }

    /**
     * Hands over the last batch, waits until the consumer has taken in everything, and rethrows
     * what made it fail, if anything.
     */
    void finish() throws InterruptedException {
        if (count > 0) {
            full.put(batch);
            count = 0;
        }
        full.put(END);
        consumerThread.join();
        rethrowFailure();
    }

    private void rethrowFailure() {
        Throwable t = failure;
        if (t instanceof RuntimeException e) {
            throw e;
        }
        if (t instanceof Error e) {
            throw e;
        }
        if (t != null) {
            throw new IllegalStateException(t);
        }
    }
}
