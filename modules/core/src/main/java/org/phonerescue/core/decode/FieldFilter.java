package org.phonerescue.core.decode;

import java.util.Set;

/** The fields a filtered decoding builds (see {@link PacketDecoder#PacketDecoder(Set)}). */
final class FieldFilter {

    /** Open-addressing table of the wanted names (linear probing), and each name's slot. */
    private final String[] names;
    /** The hash code of each name in {@link #names}: compared before a name's characters are. */
    private final int[] hashes;
    private final int[] slots;
    private final int mask;
    private final int size;
    private final boolean info;
    private final boolean protocols;

    FieldFilter(Set<String> wanted) {
        // Sparse on purpose: every field a dissector builds asks here, and most are not wanted;
        // an unwanted name should usually cost one probe of an empty cell.
        int capacity = Integer.highestOneBit(Math.max(256, wanted.size() * 16) - 1) << 1;
        names = new String[capacity];
        hashes = new int[capacity];
        slots = new int[capacity];
        mask = capacity - 1;
        int n = 0;
        for (String name : wanted) {
            // Interned, the wanted names are the very literals the dissectors pass: found by ==.
            String key = name.intern();
            int i = cell(key);
            while (names[i] != null && !names[i].equals(key)) {
                i = (i + 1) & mask;
            }
            if (names[i] == null) {
                names[i] = key;
                hashes[i] = key.hashCode();
                slots[i] = n++;
            }
        }
        size = n;
        info = wanted.contains("_ws.col.Info");
        protocols = wanted.contains("frame.protocols");
    }

    private int cell(String name) {
        int h = name.hashCode(); // cached by String: the names are literals
        return (h ^ (h >>> 16)) & mask;
    }

    boolean wants(String name) {
        return slot(name) >= 0;
    }

    /** The wanted field's place in a decoded packet's index, or -1. */
    int slot(String name) {
        int h = name.hashCode();
        int i = (h ^ (h >>> 16)) & mask;
        String key;
        while ((key = names[i]) != null) {
            if (key == name || hashes[i] == h && key.equals(name)) {
                return slots[i];
            }
            i = (i + 1) & mask;
        }
        return -1;
    }

    int size() {
        return size;
    }

    boolean wantsInfo() {
        return info;
    }

    /** Whether frame.protocols is wanted: it is made from the layer nodes. */
    boolean wantsProtocols() {
        return protocols;
    }
}
