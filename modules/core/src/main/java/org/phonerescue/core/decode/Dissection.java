package org.phonerescue.core.decode;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.phonerescue.core.pcap.CapturedPacket;

/**
 * The decoding of one packet in progress: the frame's bytes, the tree being built, what the
 * lower layers found (addresses, ports) for the upper ones, and the capture-wide state
 * ({@link DecoderState}: conversations, streams, fragments). Dissectors add fields through the
 * typed methods here, which also fix how each value prints for {@code tshark -T fields}.
 *
 * <p>Dissectors never throw on bad data: they check lengths and call {@link #malformed}, which
 * adds Wireshark's {@code _ws.malformed} note with the offset, and return.
 */
public final class Dissection {

    private static final HexFormat HEX = HexFormat.of();

    final CapturedPacket packet;
    /** The bytes being decoded: the frame, or a reassembled payload (see {@link #reassembled}). */
    byte[] b;
    /** End of the bytes being decoded. */
    int end;
    /** Index in {@link #sources} of {@link #b}: 0 is the frame. */
    private int source;
    /** The frame, then reassembled payloads; made only when a packet has any of the latter. */
    private List<byte[]> sources;
    final DecoderState state;
    /** The top-level nodes; made with the first (a fields-only decoding may have none). */
    private List<Field> layers;
    private String protocol;
    private String info = "";

    // What lower layers tell upper ones.
    /**
     * Network addresses of the innermost IP header: {@link #netLength} bytes (4 or 16) at these
     * offsets of {@link #netBytes} (null when none), copied only when asked for.
     */
    private byte[] netBytes;
    private int netSourceOffset;
    private int netDestinationOffset;
    private int netLength;
    /** Where the innermost IP header starts in {@link #netBytes}, or -1. */
    private int netHeaderOffset = -1;
    int ipVersion;
    int sourcePort = -1;
    int destinationPort = -1;
    /** "udp" or "tcp" for the transport the payload came in. */
    String transport;

    /** Leaf fields to build, or null for all: {@code phonerescue fields} asks only for what it prints. */
    private final FieldFilter filter;
    /** With a filter: every wanted field built, by its filter slot, in tree order. */
    private final FieldIndex index;

    Dissection(CapturedPacket packet, DecoderState state) {
        this(packet, state, null);
    }

    Dissection(CapturedPacket packet, DecoderState state, FieldFilter filter) {
        this(packet, state, filter, true);
    }

    /**
     * @param tree false for a decoding that builds only the wanted fields and links none of them
     *             into a tree (see {@link PacketDecoder#fieldsOnly}); true needs no filter
     */
    Dissection(CapturedPacket packet, DecoderState state, FieldFilter filter, boolean tree) {
        this.tree = tree || filter == null;
        this.layerNodes = this.tree || filter.wantsProtocols();
        this.filter = filter;
        this.index = filter == null ? null : new FieldIndex(filter);
        this.packet = packet;
        this.b = packet.data();
        this.end = b.length;
        this.state = state;
    }

    /**
     * Decodes data that was put together from several packets (IP fragments, TCP segments) as a
     * new data source of this packet, as Wireshark does: the fields added meanwhile have offsets
     * into {@code data}, and {@link Field#source()} tells which source they belong to.
     */
    public void reassembled(byte[] data, Runnable decode) {
        byte[] savedBytes = b;
        int savedEnd = end;
        int savedSource = source;
        if (sources == null) {
            sources = new ArrayList<>(2);
            sources.add(packet.data());
        }
        sources.add(data);
        b = data;
        end = data.length;
        source = sources.size() - 1;
        try {
            decode.run();
        } finally {
            b = savedBytes;
            end = savedEnd;
            source = savedSource;
        }
    }

    public CapturedPacket packet() {
        return packet;
    }

    public byte[] bytes() {
        return b;
    }

    /** End (exclusive) of the captured bytes. */
    public int end() {
        return end;
    }

    public DecoderState state() {
        return state;
    }

    DecodedPacket finish() {
        info();
        if (malformedSeen) {
            // As Wireshark's Info column says it: data cut by the capture's snaplen, or bad data.
            String suffix = packet.capturedLength() < packet.originalLength()
                    ? "[Packet size limited during capture]" : "[Malformed Packet]";
            if (!info.endsWith(suffix)) {
                info = info + suffix;
            }
        }
        return new DecodedPacket(packet, layers != null ? layers : List.of(), protocol != null ? protocol : "", info,
                sources,
                index);
    }

    /** {@link #slot}: a filtered decoding does not want the field. */
    private static final int SKIP = -1;
    /** {@link #slot}: no filter, every field is built and none indexed. */
    private static final int ALL = -2;

    /**
     * The field's slot in the index of a filtered decoding, {@link #SKIP} or {@link #ALL}. Nodes
     * built whether wanted or not (layers, subtrees, notes) are indexed only when the slot is ≥ 0.
     */
    private int slot(String name) {
        return filter == null ? ALL : filter.slot(name);
    }

    /** Adds a built field to its parent, and to the index of a filtered decoding (slot ≥ 0). */
    private Field add(Field parent, int slot, Field f) {
        if (slot >= 0) {
            index.add(slot, f);
        }
        return tree ? parent.add(f) : f;
    }

    /**
     * Whether a node that is built whether wanted or not (subtree heads, labels, notes) is built:
     * a fields-only decoding builds it only when it is wanted itself.
     */
    private boolean builds(int slot) {
        return tree || slot >= 0;
    }

    /** False for a fields-only decoding: fields are indexed, never linked to a parent. */
    private final boolean tree;
    /** Whether layer nodes are built: always in a tree, in a fields-only decoding for frame.protocols. */
    private final boolean layerNodes;

    /**
     * Whether the Info column will be read: a filtered decoding that does not print it lets the
     * dissectors skip building it, the largest cost on millions of packets.
     */
    public boolean wantsInfo() {
        return filter == null || filter.wantsInfo();
    }

    // ---- columns ----

    /** Sets the Protocol column (the highest protocol so far) and clears the Info column. */
    public void column(String protocolName, String infoText) {
        protocol = protocolName;
        info = infoText;
        udpInfoLength = -1;
    }

    public void protocolColumn(String protocolName) {
        protocol = protocolName;
    }

    public void info(String infoText) {
        info = infoText;
        udpInfoLength = -1;
    }

    public String info() {
        if (udpInfoLength >= 0) {
            info = udpInfoSourcePort + " → " + udpInfoDestinationPort + " Len=" + udpInfoLength;
            udpInfoLength = -1;
        }
        return info;
    }

    /**
     * UDP's Info column ("68 → 67 Len=300"), made only if no protocol above replaces it: most UDP
     * payloads are decoded further (TFTP, DHCP…), and the text would be thrown away.
     */
    void udpInfo(int sourcePort, int destinationPort, int payloadLength) {
        udpInfoSourcePort = sourcePort;
        udpInfoDestinationPort = destinationPort;
        udpInfoLength = payloadLength;
    }

    /** Payload length for the UDP Info column not yet made (see {@link #udpInfo}), or -1. */
    private int udpInfoLength = -1;
    private int udpInfoSourcePort;
    private int udpInfoDestinationPort;

    public String protocolColumn() {
        return protocol;
    }

    // ---- tree ----

    /** Adds a protocol layer at the top level of the tree (inside a quoted datagram: under its node). */
    public Field layer(String name, String title, int offset, int length) {
        int slot = slot(name);
        if (!layerNodes && slot < 0) {
            return Field.SKIPPED;
        }
        return addLayer(slot, new Field(name, null, "", title, offset, length, Field.Severity.NONE, source));
    }

    /** A layer whose title is built only if the tree is shown. */
    public Field layer(String name, java.util.function.Supplier<String> title, int offset, int length) {
        int slot = slot(name);
        if (!layerNodes && slot < 0) {
            return Field.SKIPPED;
        }
        return addLayer(slot, Field.withLazyLabel(name, title, offset, length, source));
    }

    private Field addLayer(int slot, Field f) {
        if (slot >= 0) {
            index.add(slot, f);
        }
        if (quotedParent != null) {
            if (tree) {
                quotedParent.add(f);
            }
        } else {
            if (layers == null) {
                layers = new ArrayList<>(6);
            }
            layers.add(f);
        }
        return f;
    }

    private Field quotedParent;
    /** Encapsulations entered so far (tags in tags, datagrams quoted in errors quoted in errors…). */
    private int depth;

    /**
     * Most nested encapsulations decoded in one packet. A frame of nothing but VLAN tags, or ICMP
     * errors quoting ICMP errors, would otherwise recurse until the stack runs out.
     */
    static final int MAX_DEPTH = 24;

    /** Enters one more encapsulation; false (with a malformed note) when there are too many. */
    boolean enter(int offset) {
        if (depth >= MAX_DEPTH) {
            malformed(null, "more than " + MAX_DEPTH + " nested headers", offset);
            return false;
        }
        depth++;
        return true;
    }

    void leave() {
        depth--;
    }
    private boolean malformedSeen;

    /**
     * Decodes a datagram quoted inside another (an ICMP error): its layers go under {@code parent},
     * it changes no conversation state, and the outer packet's addresses, ports and columns stay.
     */
    void quoted(Field parent, Runnable decode) {
        Field savedParent = quotedParent;
        byte[] savedNetBytes = netBytes;
        int savedSourceOffset = netSourceOffset;
        int savedDestinationOffset = netDestinationOffset;
        int savedNetLength = netLength;
        int savedHeaderOffset = netHeaderOffset;
        int savedVersion = ipVersion;
        int savedSourcePort = sourcePort;
        int savedDestinationPort = destinationPort;
        String savedTransport = transport;
        String savedProtocol = protocol;
        String savedInfo = info();
        quotedParent = parent;
        try {
            decode.run();
        } finally {
            quotedParent = savedParent;
            netBytes = savedNetBytes;
            netSourceOffset = savedSourceOffset;
            netDestinationOffset = savedDestinationOffset;
            netLength = savedNetLength;
            netHeaderOffset = savedHeaderOffset;
            ipVersion = savedVersion;
            sourcePort = savedSourcePort;
            destinationPort = savedDestinationPort;
            transport = savedTransport;
            protocol = savedProtocol;
            info = savedInfo;
            udpInfoLength = -1;
        }
    }

    /** Whether the data being decoded is quoted inside another packet; such data must not change state. */
    public boolean isQuoted() {
        return quotedParent != null;
    }

    /** An unsigned integer printed in decimal (BASE_DEC). */
    public Field uint(Field parent, String name, String title, int offset, int length, long value) {
        int slot = slot(name);
        if (slot == SKIP) {
            return Field.SKIPPED;
        }
        // text left null: made from the value only if printed
        return add(parent, slot, new Field(name, value, title, Field.LABEL_VALUE, offset, length, source));
    }

    /** A computed number (frame.number, tftp.block.full), printed in decimal. */
    public Field generatedNumber(Field parent, String name, String title, long value) {
        int slot = slot(name);
        if (slot == SKIP) {
            return Field.SKIPPED;
        }
        return add(parent, slot, new Field(name, value, title, Field.LABEL_GENERATED, -1, 0, source));
    }

    /** A packet's timestamp as frame.time_epoch prints it; the text is made only if read. */
    public Field generatedEpoch(Field parent, String name, String title, long epochSecond, int nanos) {
        int slot = slot(name);
        if (slot == SKIP) {
            return Field.SKIPPED;
        }
        return add(parent, slot, Field.epoch(name, epochSecond, nanos, title, source));
    }

    /** An unsigned integer printed in hex, zero-padded to {@code digits} (BASE_HEX). */
    public Field hex(Field parent, String name, String title, int offset, int length, long value, int digits) {
        int slot = slot(name);
        if (slot == SKIP) {
            return Field.SKIPPED;
        }
        String text = "0x" + pad(Long.toHexString(value), digits);
        return add(parent, slot, new Field(name, value, text, title, Field.LABEL_VALUE, offset, length, source));
    }

    /** A flag; tshark prints booleans as 1 or 0. */
    public Field bool(Field parent, String name, String title, int offset, int length, boolean value) {
        int slot = slot(name);
        if (slot == SKIP) {
            return Field.SKIPPED;
        }
        return add(parent, slot, new Field(name, value, value ? "1" : "0", title + ": " + (value ? "Set" : "Not set"),
                offset, length, Field.Severity.NONE, source));
    }

    public Field string(Field parent, String name, String title, int offset, int length, String value) {
        int slot = slot(name);
        if (slot == SKIP) {
            return Field.SKIPPED;
        }
        return add(parent, slot, new Field(name, value, value, title, Field.LABEL_VALUE, offset, length, source));
    }

    /**
     * A string whose printed text is not its value: tshark -T fields prints CR, LF and other
     * control characters as C escapes ("Host: a\\r\\n"); {@code label} is the whole tree line.
     */
    public Field string(Field parent, String name, String label, int offset, int length, String value, String text) {
        int slot = slot(name);
        if (slot == SKIP) {
            return Field.SKIPPED;
        }
        return add(parent, slot, new Field(name, value, text, label, offset, length, Field.Severity.NONE, source));
    }

    /** Raw bytes, printed as hex without separators as tshark does. */
    public Field bytes(Field parent, String name, String title, int offset, int length) {
        int slot = slot(name);
        if (slot == SKIP) {
            return Field.SKIPPED;
        }
        byte[] v = java.util.Arrays.copyOfRange(b, offset, offset + length);
        String text = HEX.formatHex(v);
        return add(parent, slot, new Field(name, v, text, title, Field.LABEL_VALUE, offset, length, source));
    }

    public Field ipv4(Field parent, String name, String title, int offset) {
        int slot = slot(name);
        if (slot == SKIP) {
            return Field.SKIPPED;
        }
        String text = state.addressTexts().ipv4(b, offset);
        return add(parent, slot, new Field(name, text, text, title, Field.LABEL_VALUE, offset, 4, source));
    }

    public Field ipv6(Field parent, String name, String title, int offset) {
        int slot = slot(name);
        if (slot == SKIP) {
            return Field.SKIPPED;
        }
        String text = Addresses.ipv6(b, offset);
        return add(parent, slot, new Field(name, text, text, title, Field.LABEL_VALUE, offset, 16, source));
    }

    public Field mac(Field parent, String name, String title, int offset) {
        int slot = slot(name);
        if (slot == SKIP) {
            return Field.SKIPPED;
        }
        String text = state.addressTexts().mac(b, offset);
        return add(parent, slot, new Field(name, text, text, title, Field.LABEL_VALUE, offset, 6, source));
    }

    /**
     * A field that heads a subtree (a SIP Request-Line with its Method and URI under it): built
     * even when a filtered decoding did not ask for it, since its children may have been.
     */
    public Field subtree(Field parent, String name, String label, int offset, int length, Object value, String text) {
        int slot = slot(name);
        if (!builds(slot)) {
            return Field.SKIPPED;
        }
        return add(parent, slot, new Field(name, value, text, label, offset, length, Field.Severity.NONE, source));
    }

    /** A node with a label only (a subtree title, or a field Wireshark shows without a value). */
    public Field text(Field parent, String name, String label, int offset, int length) {
        int slot = slot(name);
        if (!builds(slot)) {
            return Field.SKIPPED;
        }
        return add(parent, slot, new Field(name, null, "", label, offset, length, Field.Severity.NONE, source));
    }

    /** A value computed rather than read (Wireshark's generated fields, shown in brackets). */
    public Field generated(Field parent, String name, String title, Object value, String text) {
        int slot = slot(name);
        if (slot == SKIP) {
            return Field.SKIPPED;
        }
        return add(parent, slot, new Field(name, value, text, title, Field.LABEL_GENERATED, -1, 0, source));
    }

    /** An expert note on the packet: a warning the engineer should see, with where it is. */
    public Field expert(Field parent, Field.Severity severity, String message, int offset, int length) {
        int slot = slot("_ws.expert");
        if (!builds(slot)) {
            return Field.SKIPPED;
        }
        return add(parent, slot, new Field("_ws.expert", message, message, "[Expert: " + message + "]", offset, length, severity, source));
    }

    /**
     * Marks data that could not be decoded (truncated or inconsistent), as Wireshark's
     * {@code _ws.malformed}: the message says what and where. Decoding of this layer stops.
     */
    public Field malformed(Field parent, String message, int offset) {
        malformedSeen = true;
        String text = "malformed: " + message + " (byte " + offset + ")";
        Field target = parent != null ? parent : layer("_ws.malformed", "[Malformed Packet]", offset, 0);
        int slot = slot("_ws.malformed");
        if (!builds(slot)) {
            return Field.SKIPPED;
        }
        return add(target, slot, new Field("_ws.malformed", text, text, "[" + text + "]", offset, Math.max(0, end - offset),
                Field.Severity.ERROR, source));
    }

    // ---- bytes ----

    public int u8(int p) {
        return b[p] & 0xFF;
    }

    public int u16(int p) {
        return ((b[p] & 0xFF) << 8) | (b[p + 1] & 0xFF);
    }

    public long u32(int p) {
        return ((long) (b[p] & 0xFF) << 24) | ((b[p + 1] & 0xFF) << 16) | ((b[p + 2] & 0xFF) << 8) | (b[p + 3] & 0xFF);
    }

    /** Bytes up to the first NUL (or {@code limit}), as ISO-8859-1 text. */
    public String cString(int p, int limit) {
        int q = p;
        while (q < limit && b[q] != 0) {
            q++;
        }
        return new String(b, p, q - p, java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    static String pad(String hex, int digits) {
        if (hex.length() >= digits) {
            return hex;
        }
        return "0".repeat(digits - hex.length()) + hex;
    }

    // ---- what lower layers found ----

    public int sourcePort() {
        return sourcePort;
    }

    public int destinationPort() {
        return destinationPort;
    }

    /**
     * Sets the innermost IP header (starting at {@code headerOffset}) and its addresses,
     * {@code length} bytes each at these offsets of the bytes being decoded.
     */
    void netAddresses(int headerOffset, int sourceOffset, int destinationOffset, int length) {
        netBytes = b;
        netHeaderOffset = headerOffset;
        netSourceOffset = sourceOffset;
        netDestinationOffset = destinationOffset;
        netLength = length;
    }

    /**
     * Where the innermost IP header starts, or -1; in the frame only when {@link #bytes()} is the
     * frame's (not a reassembled payload).
     */
    int ipHeaderOffset() {
        return netBytes == b ? netHeaderOffset : -1;
    }

    /** The innermost IP header's source address as raw bytes (4 or 16; a copy), or null. */
    public byte[] netSource() {
        return netBytes == null ? null : Arrays.copyOfRange(netBytes, netSourceOffset, netSourceOffset + netLength);
    }

    /** The innermost IP header's destination address as raw bytes (4 or 16; a copy), or null. */
    public byte[] netDestination() {
        return netBytes == null ? null
                : Arrays.copyOfRange(netBytes, netDestinationOffset, netDestinationOffset + netLength);
    }

    public int ipVersion() {
        return ipVersion;
    }
}
