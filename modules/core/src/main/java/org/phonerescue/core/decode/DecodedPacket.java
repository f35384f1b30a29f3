package org.phonerescue.core.decode;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.phonerescue.core.pcap.CapturedPacket;
import org.phonerescue.core.text.Utf8Buffer;

/**
 * A packet decoded into a tree: the {@code frame} node, then one node per protocol layer, each
 * with its fields; plus the packet list's Protocol and Info columns.
 *
 * @param packet   the packet as read from the file
 * @param layers   the top-level nodes, outermost first ("frame", "eth", "ip", "udp", "tftp")
 * @param protocol the Protocol column: the highest protocol decoded
 * @param info     the Info column: a one-line summary of the highest protocol
 * @param sources  the bytes fields point into: the frame first, then payloads reassembled from
 *                 several packets (see {@link Field#source()}); null for the frame alone
 * @param index    for a decoding that built only some fields, those fields by name; else null
 */
public record DecodedPacket(CapturedPacket packet, List<Field> layers, String protocol, String info,
                            List<byte[]> sources, FieldIndex index) {

    /** The top-level nodes (read-only). */
    @Override
    public List<Field> layers() {
        return Collections.unmodifiableList(layers);
    }

    /** The frame's bytes, then any reassembled payloads (read-only). */
    @Override
    public List<byte[]> sources() {
        return sources == null ? List.of(packet.data()) : Collections.unmodifiableList(sources);
    }

    /** Every occurrence of a field, in tree order (as tshark lists repeated fields). */
    public List<Field> fields(String name) {
        if (index != null) {
            // a filtered decoding indexed exactly the fields it built
            return index.get(name);
        }
        List<Field> out = new ArrayList<>(2);
        for (int i = 0; i < layers.size(); i++) {
            layers.get(i).collect(name, out);
        }
        return out;
    }

    /**
     * Appends the text of every occurrence of a field, in tree order, with {@code separator}
     * between them: what {@code tshark -T fields -E occurrence=a -E aggregator=SEPARATOR} prints
     * for it, as UTF-8. Makes no list for a filtered decoding, for callers that print millions of
     * packets.
     */
    public void appendTexts(String name, char separator, Utf8Buffer out) {
        if (index != null) {
            index.appendTexts(name, separator, out);
            return;
        }
        List<Field> all = fields(name);
        for (int i = 0; i < all.size(); i++) {
            if (i > 0) {
                out.append(separator);
            }
            all.get(i).appendText(out);
        }
    }

    /** The first occurrence of a field, or null. */
    public Field field(String name) {
        if (index != null) {
            return index.first(name);
        }
        List<Field> all = fields(name);
        return all.isEmpty() ? null : all.get(0);
    }

    /** Whether the packet has the protocol layer or field (Wireshark's display filter "name"). */
    public boolean has(String name) {
        return field(name) != null;
    }

    /** Every expert note (malformed data, warnings) in the packet, in tree order. */
    public List<Field> expertNotes() {
        List<Field> out = new ArrayList<>();
        for (Field layer : layers) {
            collectExpert(layer, out);
        }
        return out;
    }

    private static void collectExpert(Field f, List<Field> out) {
        if (f.severity() != Field.Severity.NONE) {
            out.add(f);
        }
        for (Field c : f.children()) {
            collectExpert(c, out);
        }
    }

    /** Whether any part of the packet was malformed or truncated. */
    public boolean malformed() {
        return has("_ws.malformed");
    }

    /** Wireshark's frame.protocols: the layer names joined by colons. */
    public String protocols() {
        StringBuilder sb = new StringBuilder();
        for (Field layer : layers) {
            if (!layer.name().equals("frame") && !layer.name().startsWith("_ws")) {
                sb.append(sb.length() > 0 ? ":" : "").append(layer.name());
            }
        }
        return sb.toString();
    }
}
