package org.phonerescue.core.decode;

import java.util.List;

/** The fields a filtered decoding built, by name, in tree order. */
final class FieldIndex {

    private final FieldFilter filter;
    private final List<Field>[] slots;

    FieldIndex(FieldFilter filter, List<Field>[] slots) {
        this.filter = filter;
        this.slots = slots;
    }

    List<Field> get(String name) {
        int slot = filter.slot(name);
        return slot < 0 || slots[slot] == null ? List.of() : slots[slot];
    }
}
