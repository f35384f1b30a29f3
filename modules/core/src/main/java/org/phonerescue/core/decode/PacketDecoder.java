package org.phonerescue.core.decode;

import java.util.Set;
import org.phonerescue.core.pcap.CapturedPacket;

/**
 * Decodes the packets of one capture into trees. Feed it the packets in file order: like
 * Wireshark, it follows conversations (a TFTP transfer moves to the server's new port) from one
 * packet to the next. Not thread-safe; one decoder per capture.
 */
public final class PacketDecoder {

    private final DecoderState state = new DecoderState();
    private final boolean strict;
    private final FieldFilter filter;
    /** False for {@link #fieldsOnly}: no tree, only the wanted fields by name. */
    private final boolean tree;

    public PacketDecoder() {
        this(false, null, true);
    }

    /**
     * A decoder that builds only the named leaf fields (protocol nodes and expert notes always),
     * for callers that print a few fields of millions of packets. Decoding itself, conversations
     * included, is the same.
     */
    public PacketDecoder(Set<String> wantedFields) {
        this(false, new FieldFilter(wantedFields), true);
    }

    private PacketDecoder(boolean strict, FieldFilter filter, boolean tree) {
        this.strict = strict;
        this.filter = filter;
        this.tree = tree;
    }

    /**
     * A decoder for callers that only read the named fields of each packet by name
     * ({@link DecodedPacket#fields}, {@link DecodedPacket#appendTexts}, …) and its Protocol and
     * Info columns, as {@code phonerescue fields} does for millions of packets: it builds the
     * wanted fields and nothing else, and links them into no tree. {@link DecodedPacket#layers()}
     * holds the wanted layer nodes only (all of them, without children, when
     * {@code frame.protocols} is wanted). Decoding itself, conversations included, is the same,
     * and so are the fields and columns it yields.
     */
    public static PacketDecoder fieldsOnly(Set<String> wantedFields) {
        return new PacketDecoder(false, new FieldFilter(wantedFields), false);
    }

    /** A decoder that lets a dissector's exception through, for the fuzz tests that hunt them. */
    public static PacketDecoder strict() {
        return new PacketDecoder(true, null, true);
    }

    public DecodedPacket decode(CapturedPacket packet) {
        Dissection d = new Dissection(packet, state, filter, tree);
        try {
            LinkLayers.frame(d);
        } catch (RuntimeException e) {
            if (strict) {
                throw e;
            }
            // A dissector bug must cost one packet's tree, never the capture: say so in the tree.
            d.malformed(null, "decoder failure " + e.getClass().getSimpleName()
                    + (e.getMessage() != null ? " (" + e.getMessage() + ")" : ""), 0);
        }
        return d.finish();
    }

    public DecoderState state() {
        return state;
    }
}
