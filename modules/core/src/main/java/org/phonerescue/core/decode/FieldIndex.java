package org.phonerescue.core.decode;

import java.util.ArrayList;
import java.util.List;
import org.phonerescue.core.text.Utf8Buffer;

/**
 * The fields a filtered decoding built, by name, in tree order. Most wanted fields occur once or
 * not at all in a packet, so a slot holds the field itself and becomes a list only for a second
 * occurrence.
 */
final class FieldIndex {

    private final FieldFilter filter;
    /** Per filter slot: null, a {@link Field}, or an {@code ArrayList<Field>}. */
    private final Object[] slots;

    FieldIndex(FieldFilter filter) {
        this.filter = filter;
        this.slots = new Object[filter.size()];
    }

    void add(int slot, Field f) {
        Object there = slots[slot];
        if (there == null) {
            slots[slot] = f;
        } else if (there instanceof Field first) {
            List<Field> all = new ArrayList<>(4);
            all.add(first);
            all.add(f);
            slots[slot] = all;
        } else {
            @SuppressWarnings("unchecked")
            List<Field> all = (List<Field>) there;
            all.add(f);
        }
    }

    @SuppressWarnings("unchecked")
    List<Field> get(String name) {
        int slot = filter.slot(name);
        if (slot < 0) {
            return List.of();
        }
        Object there = slots[slot];
        return there == null ? List.of() : there instanceof Field f ? List.of(f) : (List<Field>) there;
    }

    /** Appends the text of every occurrence, {@code separator} between them. */
    void appendTexts(String name, char separator, Utf8Buffer out) {
        int slot = filter.slot(name);
        Object there = slot < 0 ? null : slots[slot];
        if (there instanceof Field f) {
            f.appendText(out);
        } else if (there != null) {
            @SuppressWarnings("unchecked")
            List<Field> all = (List<Field>) there;
            for (int i = 0; i < all.size(); i++) {
                if (i > 0) {
                    out.append(separator);
                }
                all.get(i).appendText(out);
            }
        }
    }

    /** The first occurrence, or null. */
    Field first(String name) {
        int slot = filter.slot(name);
        if (slot < 0) {
            return null;
        }
        Object there = slots[slot];
        return there == null ? null : there instanceof Field f ? f : ((List<?>) there).isEmpty() ? null
                : (Field) ((List<?>) there).get(0);
    }
}
