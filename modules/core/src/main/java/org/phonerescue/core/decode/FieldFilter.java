package org.phonerescue.core.decode;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/** The fields a filtered decoding builds (see {@link PacketDecoder#PacketDecoder(Set)}). */
final class FieldFilter {

    private final Map<String, Integer> slots;
    private final boolean info;

    FieldFilter(Set<String> wanted) {
        // Sparse on purpose: field names are literals with cached hash codes, so an unwanted name
        // usually costs one probe of an empty bucket.
        slots = new HashMap<>(Math.max(64, wanted.size() * 8));
        for (String name : wanted) {
            slots.putIfAbsent(name, slots.size());
        }
        info = wanted.contains("_ws.col.Info");
    }

    boolean wants(String name) {
        return slots.containsKey(name);
    }

    /** The wanted field's place in a decoded packet's index, or -1. */
    int slot(String name) {
        Integer slot = slots.get(name);
        return slot == null ? -1 : slot;
    }

    int size() {
        return slots.size();
    }

    boolean wantsInfo() {
        return info;
    }
}
