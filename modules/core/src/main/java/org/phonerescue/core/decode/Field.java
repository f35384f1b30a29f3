package org.phonerescue.core.decode;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.RandomAccess;
import java.util.function.Supplier;
import org.phonerescue.core.pcap.TimestampFormat;
import org.phonerescue.core.text.Utf8Buffer;

/**
 * One node of a decoded packet: a protocol layer ({@code ip}), a field ({@code ip.src}) or an
 * expert note ({@code _ws.malformed}). Names are Wireshark's display-filter field names where
 * Wireshark has one, so that {@code phonerescue fields -e NAME} and {@code tshark -e NAME} agree.
 *
 * <p>{@link #value()} is typed (Long for integers, Boolean, String, byte[]); {@link #text()} is the
 * value as {@code tshark -T fields} prints it; {@link #label()} is the line a packet tree shows.
 * {@link #offset()} and {@link #length()} locate the field in the frame for a hex view (-1 and 0
 * for fields that are computed rather than read, which Wireshark shows in brackets).
 *
 * <p>Built by the dissectors while a packet is decoded, then never changed.
 *
 * <p>Millions are made per capture, most never looked at: texts and labels are made when first
 * asked for, numbers stay unboxed, and the object is kept to 64 bytes (children in a plain array,
 * the severity as a byte, one reference for what the label is made from).
 */
public final class Field {

    /** Severity of an expert note, as Wireshark's expert info has it. */
    public enum Severity {
        NONE, CHAT, NOTE, WARN, ERROR
    }

    private static final Severity[] SEVERITIES = Severity.values();

    /**
     * Stands for a field a filtered decoding did not build (see {@link PacketDecoder#PacketDecoder(java.util.Set)});
     * children added to it are dropped.
     */
    static final Field SKIPPED = new Field("", null, "", "", -1, 0, Severity.NONE, 0);

    /** How {@link #label()} is made from the title: given as is, "title: text", "[title: text]". */
    static final byte LABEL_AS_IS = 0;
    static final byte LABEL_VALUE = 1;
    static final byte LABEL_GENERATED = 2;

    /** What {@link #number} holds: nothing, a decimal value, or a timestamp in nanoseconds. */
    private static final byte TEXT = 0;
    private static final byte NUMBER = 1;
    private static final byte EPOCH = 2;

    /** Timestamps whose nanoseconds since 1970 fit a long (years 1685 to 2255) are kept as one. */
    private static final long MAX_EPOCH_SECONDS = 9_000_000_000L;

    private final String name;
    private final Object value;
    /** Null for numbers and timestamps until asked for: most are never printed. */
    private String text;
    /** The label, or null until {@link #label()} makes it from {@link #labelSource}. */
    private String label;
    /** The title the label is made from (a String), or a {@code Supplier<String>} of the whole label. */
    private Object labelSource;
    private Field[] children;
    private int childCount;
    private final int offset;
    private final int length;
    private final int source;
    private long number;
    private byte kind;
    private byte labelKind;
    private final byte severity;

    /** A decimal number, kept unboxed: most numeric fields are never looked at. */
    Field(String name, long number, String title, byte labelKind, int offset, int length, int source) {
        this(name, null, null, null, offset, length, Severity.NONE, source);
        this.number = number;
        this.kind = NUMBER;
        this.labelSource = title;
        this.labelKind = labelKind;
    }

    Field(String name, Object value, String text, String title, byte labelKind, int offset, int length, int source) {
        this(name, value, text, null, offset, length, Severity.NONE, source);
        this.labelSource = title;
        this.labelKind = labelKind;
    }

    Field(String name, Object value, String text, String label, int offset, int length, Severity severity, int source) {
        this.source = source;
        this.name = name;
        this.value = value;
        this.text = text;
        this.label = label;
        this.offset = offset;
        this.length = length;
        this.severity = (byte) severity.ordinal();
    }

    /**
     * A generated timestamp printed as frame.time_epoch ("1732492800.000030000"), its text made
     * only when asked for: one string per packet that few callers read.
     */
    static Field epoch(String name, long epochSecond, int nanos, String title, int source) {
        if (Math.abs(epochSecond) > MAX_EPOCH_SECONDS) {
            String text = TimestampFormat.epoch(epochSecond, nanos);
            return new Field(name, text, text, title, LABEL_GENERATED, -1, 0, source);
        }
        Field f = new Field(name, null, null, null, -1, 0, Severity.NONE, source);
        f.number = epochSecond * 1_000_000_000L + nanos;
        f.kind = EPOCH;
        f.labelSource = title;
        f.labelKind = LABEL_GENERATED;
        return f;
    }

    /** A field whose label is built only when shown: layer titles cost string building per packet. */
    static Field withLazyLabel(String name, Supplier<String> labelMaker, int offset, int length, int source) {
        Field f = new Field(name, null, "", null, offset, length, Severity.NONE, source);
        f.labelSource = labelMaker;
        return f;
    }

    public String name() {
        return name;
    }

    /** The typed value: Long, Boolean, String, byte[], or null for a protocol node. */
    public Object value() {
        return kind == NUMBER ? Long.valueOf(number) : kind == EPOCH ? text() : value;
    }

    /** The value as {@code tshark -T fields} prints it. */
    public String text() {
        if (text == null) {
            text = kind == NUMBER ? Long.toString(number)
                    : kind == EPOCH ? TimestampFormat.epoch(epochSecond(), epochNanos()) : "";
        }
        return text;
    }

    /** Appends {@link #text()} to {@code out}, without a string for decimal numbers and timestamps. */
    public void appendText(Utf8Buffer out) {
        if (text != null) {
            out.append(text);
        } else if (kind == NUMBER) {
            out.append(number);
        } else if (kind == EPOCH) {
            TimestampFormat.appendEpoch(out, epochSecond(), epochNanos());
        }
    }

    private long epochSecond() {
        return Math.floorDiv(number, 1_000_000_000L);
    }

    private int epochNanos() {
        return (int) Math.floorMod(number, 1_000_000_000L);
    }

    /** The line a packet tree shows, e.g. "Source Address: 192.168.0.10". */
    public String label() {
        if (label == null) {
            if (labelSource instanceof Supplier<?> maker) {
                label = (String) maker.get();
            } else if (labelSource instanceof String title) {
                label = labelKind == LABEL_GENERATED ? "[" + title + ": " + text() + "]"
                        : labelKind == LABEL_VALUE ? title + ": " + text() : title;
            }
            labelSource = null;
        }
        return label;
    }

    public int offset() {
        return offset;
    }

    public int length() {
        return length;
    }

    /**
     * Which bytes {@link #offset()} points into: 0 for the frame, n for the n-th reassembled
     * payload of {@link DecodedPacket#sources()}.
     */
    public int source() {
        return source;
    }

    /** Whether the field is computed (Wireshark's "generated" fields in brackets), not read from bytes. */
    public boolean generated() {
        return offset < 0;
    }

    /** NONE for ordinary fields; the severity of an expert note otherwise. */
    public Severity severity() {
        return SEVERITIES[severity];
    }

    /** The child nodes, in tree order (read-only). */
    public List<Field> children() {
        return childCount == 0 ? List.of() : new Children(children, childCount);
    }

    /** Value as a long; 0 when the value is not a number. */
    public long longValue() {
        return kind == NUMBER ? number : value instanceof Long l ? l : 0;
    }

    Field add(Field child) {
        if (this == SKIPPED || child == SKIPPED) {
            return child;
        }
        if (children == null) {
            children = new Field[4];
        } else if (childCount == children.length) {
            children = Arrays.copyOf(children, childCount * 2);
        }
        children[childCount++] = child;
        return child;
    }

    /** Every node named {@code fieldName} in this subtree, in tree order (this node first). */
    public void collect(String fieldName, List<Field> out) {
        if (name.equals(fieldName)) {
            out.add(this);
        }
        for (int i = 0; i < childCount; i++) {
            children[i].collect(fieldName, out);
        }
    }

    @Override
    public String toString() {
        return label();
    }

    /** A read-only view of the first {@code size} children; the array only grows, so it stays valid. */
    private static final class Children extends AbstractList<Field> implements RandomAccess {
        private final Field[] fields;
        private final int size;

        Children(Field[] fields, int size) {
            this.fields = fields;
            this.size = size;
        }

        @Override
        public Field get(int index) {
            Objects.checkIndex(index, size);
            return fields[index];
        }

        @Override
        public int size() {
            return size;
        }
    }
}
