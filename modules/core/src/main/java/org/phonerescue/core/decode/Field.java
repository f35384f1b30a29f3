package org.phonerescue.core.decode;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

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
 */
public final class Field {

    /** Severity of an expert note, as Wireshark's expert info has it. */
    public enum Severity {
        NONE, CHAT, NOTE, WARN, ERROR
    }

    /**
     * Stands for a field a filtered decoding did not build (see {@link PacketDecoder#PacketDecoder(java.util.Set)});
     * children added to it are dropped.
     */
    static final Field SKIPPED = new Field("", null, "", "", -1, 0, Severity.NONE, 0);

    private final String name;
    private final Object value;
    /** Null for decimal numbers until asked for: most are never printed. */
    private String text;
    /** The label, or null until {@link #label()} builds it from {@link #labelMaker}. */
    private String label;
    private java.util.function.Supplier<String> labelMaker;
    private final int offset;
    private final int length;
    private final Severity severity;
    private final int source;
    private List<Field> children = List.of();

    /** How {@link #label()} is made from {@link #title}: given as is, "title: text", "[title: text]". */
    static final byte LABEL_AS_IS = 0;
    static final byte LABEL_VALUE = 1;
    static final byte LABEL_GENERATED = 2;

    private String title;
    private byte labelKind;

    /**
     * A field whose label is made, when first shown, from its title and text; building labels
     * for fields nobody looks at would cost a string per field per packet.
     */
    /** A decimal number, kept unboxed: most numeric fields are never looked at. */
    Field(String name, long number, String title, byte labelKind, int offset, int length, int source) {
        this(name, null, null, null, offset, length, Severity.NONE, source);
        this.number = number;
        this.kind = NUMBER;
        this.title = title;
        this.labelKind = labelKind;
    }

    /**
     * A generated timestamp printed as frame.time_epoch ("1732492800.000030000"), its text made
     * only when asked for: one string per packet that few callers read.
     */
    static Field epoch(String name, long epochSecond, int nanos, String title, int source) {
        Field f = new Field(name, null, null, null, -1, 0, Severity.NONE, source);
        f.number = epochSecond;
        f.nanos = nanos;
        f.kind = EPOCH;
        f.title = title;
        f.labelKind = LABEL_GENERATED;
        return f;
    }

    /** What {@link #number} holds: nothing, a decimal value, or the seconds of a timestamp. */
    private static final byte TEXT = 0;
    private static final byte NUMBER = 1;
    private static final byte EPOCH = 2;

    private long number;
    private int nanos;
    private byte kind;

    Field(String name, Object value, String text, String title, byte labelKind, int offset, int length, int source) {
        this(name, value, text, null, offset, length, Severity.NONE, source);
        this.title = title;
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
        this.severity = severity;
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
                    : kind == EPOCH ? org.phonerescue.core.pcap.TimestampFormat.epoch(number, nanos) : "";
        }
        return text;
    }

    /** Appends {@link #text()} to {@code sb}, without a string for decimal numbers and timestamps. */
    public void appendText(StringBuilder sb) {
        if (text != null) {
            sb.append(text);
        } else if (kind == NUMBER) {
            sb.append(number);
        } else if (kind == EPOCH) {
            org.phonerescue.core.pcap.TimestampFormat.appendEpoch(sb, number, nanos);
        }
    }

    /** The line a packet tree shows, e.g. "Source Address: 192.168.0.10". */
    public String label() {
        if (label == null) {
            if (labelMaker != null) {
                label = labelMaker.get();
                labelMaker = null;
            } else if (title != null) {
                label = labelKind == LABEL_GENERATED ? "[" + title + ": " + text() + "]"
                        : labelKind == LABEL_VALUE ? title + ": " + text() : title;
                title = null;
            }
        }
        return label;
    }

    /** A field whose label is built only when shown: layer titles cost string building per packet. */
    static Field withLazyLabel(String name, java.util.function.Supplier<String> labelMaker, int offset, int length,
                               int source) {
        Field f = new Field(name, null, "", null, offset, length, Severity.NONE, source);
        f.labelMaker = labelMaker;
        return f;
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
        return severity;
    }

    public List<Field> children() {
        return Collections.unmodifiableList(children);
    }

    /** Value as a long; 0 when the value is not a number. */
    public long longValue() {
        return kind == NUMBER ? number : value instanceof Long l ? l : 0;
    }

    Field add(Field child) {
        if (this == SKIPPED || child == SKIPPED) {
            return child;
        }
        if (children.isEmpty()) {
            children = new ArrayList<>(4);
        }
        children.add(child);
        return child;
    }

    /** Every node named {@code fieldName} in this subtree, in tree order (this node first). */
    public void collect(String fieldName, List<Field> out) {
        if (name.equals(fieldName)) {
            out.add(this);
        }
        for (int i = 0; i < children.size(); i++) {
            children.get(i).collect(fieldName, out);
        }
    }

    @Override
    public String toString() {
        return label();
    }
}
