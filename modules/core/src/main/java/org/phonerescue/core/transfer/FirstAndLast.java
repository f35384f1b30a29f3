package org.phonerescue.core.transfer;

import java.util.ArrayList;
import java.util.List;

/**
 * The first and the last {@code n} items of a sequence that may be too long to keep (a request
 * repeated for hours, a flood of ICMP errors), and how many items there were in all: memory
 * stays at 2n items however long the sequence grows.
 */
final class FirstAndLast<T> {

    private final int n;
    private final List<T> first = new ArrayList<>(1);
    /** The items after the first n, as a ring: item i (from 0) is at (i - n) % n. */
    private Object[] last;
    private long count;

    FirstAndLast(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("keeps at least one item at each end: " + n);
        }
        this.n = n;
    }

    void add(T item) {
        if (count < n) {
            first.add(item);
        } else {
            if (last == null) {
                last = new Object[n];
            }
            last[(int) ((count - n) % n)] = item;
        }
        count++;
    }

    /** Items added in all, kept or not. */
    long count() {
        return count;
    }

    /** The items kept, in the order they were added: the first n, then the last n; all of them up to 2n. */
    @SuppressWarnings("unchecked")
    List<T> list() {
        List<T> out = new ArrayList<>(first.size() + (int) Math.min(n, Math.max(0, count - n)));
        out.addAll(first);
        for (long i = Math.max(n, count - n); i < count; i++) {
            out.add((T) last[(int) ((i - n) % n)]);
        }
        return out;
    }
}
