package org.phonerescue.core.analysis;

import java.util.ArrayList;
import java.util.List;
import org.phonerescue.core.decode.DecodedPacket;
import org.phonerescue.core.decode.Field;
import org.phonerescue.core.pcap.CapturedPacket;

/**
 * What the analysis reads from one decoded packet: its own fields, kept apart from the datagram
 * an ICMP error quotes. The decoder puts a quoted datagram's layers (ip, udp, tftp …) under the
 * icmp node, so a plain search for {@code udp.srcport} would mix the error's ports with those of
 * the packet it refers to (RFC 792: the error carries the offending IP header and 8 bytes).
 *
 * <p>Works on full and on filtered decodings: it walks the tree, and the decoder always builds
 * layer nodes and attaches wanted fields to their (wanted) parents.
 */
public final class PacketView {

    /** Marks a packet without a timestamp (pcapng Simple Packet Block). */
    public static final long NO_TIME = Long.MIN_VALUE;

    private final DecodedPacket decoded;
    /** The top-level layers. */
    private final Field[] top;
    /** Whether an ICMP layer may quote a datagram whose fields must be kept apart. */
    private final boolean quotes;
    /** For a packet that quotes: its own fields by name, built on first use. */
    private java.util.Map<String, Object> own;

    public PacketView(DecodedPacket decoded) {
        this.decoded = decoded;
        this.top = decoded.layers().toArray(new Field[0]);
        boolean icmp = false;
        for (Field f : top) {
            icmp |= isIcmp(f);
        }
        this.quotes = icmp;
    }

    public DecodedPacket decoded() {
        return decoded;
    }

    /** The frame number as Wireshark counts it, from 1. */
    public long frame() {
        return decoded.packet().number();
    }

    /** Nanoseconds since 1970, or {@link #NO_TIME}. */
    public long time() {
        CapturedPacket p = decoded.packet();
        return p.hasTimestamp() ? p.epochSecond() * 1_000_000_000L + p.nanos() : NO_TIME;
    }

    /** Whether the packet has a top-level layer of that name (not one inside a quoted datagram). */
    public boolean hasLayer(String name) {
        return layer(name) != null;
    }

    /** The top-level layer node of that name, or null. */
    public Field layer(String name) {
        for (Field f : top) {
            if (f.name().equals(name)) {
                return f;
            }
        }
        return null;
    }

    /** The packet's own fields of that name, in tree order, without those of a quoted datagram. */
    @SuppressWarnings("unchecked")
    public List<Field> fields(String name) {
        if (!quotes) {
            return decoded.fields(name); // a filtered decoding answers from its index
        }
        Object v = own().get(name);
        return v == null ? List.of() : v instanceof Field f ? List.of(f) : (List<Field>) v;
    }

    /** The packet's own first field of that name, or null. */
    @SuppressWarnings("unchecked")
    public Field field(String name) {
        if (!quotes) {
            return decoded.field(name);
        }
        Object v = own().get(name);
        return v == null ? null : v instanceof Field f ? f : ((List<Field>) v).get(0);
    }

    /** Name → the one Field, or a list when the name occurs more than once. */
    @SuppressWarnings("unchecked")
    private java.util.Map<String, Object> own() {
        if (own == null) {
            own = new java.util.HashMap<>(64);
            List<Field> all = new ArrayList<>(64);
            for (Field layer : top) {
                all(layer, all);
            }
            for (Field f : all) {
                Object old = own.putIfAbsent(f.name(), f);
                if (old instanceof Field first) {
                    List<Field> list = new ArrayList<>(4);
                    list.add(first);
                    list.add(f);
                    own.put(f.name(), list);
                } else if (old != null) {
                    ((List<Field>) old).add(f);
                }
            }
        }
        return own;
    }

    /** Every node of the packet's own tree, in tree order, leaving out a quoted datagram. */
    private static void all(Field f, List<Field> out) {
        out.add(f);
        boolean icmp = isIcmp(f);
        for (Field c : f.children()) {
            if (!(icmp && isLayer(c))) {
                all(c, out);
            }
        }
    }

    /** The fields of that name inside the datagram an ICMP error quotes. */
    public List<Field> quoted(String name) {
        List<Field> out = new ArrayList<>(2);
        for (Field layer : top) {
            if (isIcmp(layer)) {
                for (Field c : layer.children()) {
                    if (isLayer(c)) {
                        collect(c, name, out);
                    }
                }
            }
        }
        return out;
    }

    public Field quotedField(String name) {
        List<Field> all = quoted(name);
        return all.isEmpty() ? null : all.get(0);
    }

    /** The value of the packet's own first field of that name as text, or null. */
    public String text(String name) {
        Field f = field(name);
        if (f == null) {
            return null;
        }
        Object v = f.value();
        return v instanceof String s ? s : f.text();
    }

    /** Whether the first field of that name is a flag that is set (a TCP flag, a capability bit). */
    public boolean flag(String name) {
        Field f = field(name);
        return f != null && Boolean.TRUE.equals(f.value());
    }

    /** The numeric value of the first field of that name, or {@code absent}. */
    public long number(String name, long absent) {
        Field f = field(name);
        return f != null && f.value() instanceof Long l ? l : absent;
    }

    /** Source MAC address (Ethernet, or Linux cooked capture), or null. */
    public String sourceMac() {
        String mac = text("eth.src");
        return mac != null ? mac : text("sll.src.eth");
    }

    public String destinationMac() {
        return text("eth.dst");
    }

    /** IPv4 or IPv6 source address, or null. */
    public String sourceIp() {
        String ip = text("ip.src");
        return ip != null ? ip : text("ipv6.src");
    }

    public String destinationIp() {
        String ip = text("ip.dst");
        return ip != null ? ip : text("ipv6.dst");
    }

    /** The UDP source port, or -1 for a packet that is not UDP. */
    public int udpSourcePort() {
        return (int) number("udp.srcport", -1);
    }

    public int udpDestinationPort() {
        return (int) number("udp.dstport", -1);
    }

    /**
     * The data source a field's offsets point into: the frame, or data reassembled from several
     * packets (not a copy: callers read {@code [f.offset(), f.offset() + f.length())}); null for a
     * generated field.
     */
    public byte[] source(Field f) {
        if (f == null || f.offset() < 0 || f.source() >= decoded.sources().size()) {
            return null;
        }
        return decoded.sources().get(f.source());
    }

    /** The TCP source port, or -1 for a packet that is not TCP. */
    public int tcpSourcePort() {
        return (int) number("tcp.srcport", -1);
    }

    public int tcpDestinationPort() {
        return (int) number("tcp.dstport", -1);
    }

    /**
     * The bytes a field covers, in the frame or in the reassembled data it was decoded from (an
     * HTTP body's {@code http.file_data}), or null for a generated field.
     */
    public byte[] bytes(Field f) {
        if (f == null || f.offset() < 0 || f.source() >= decoded.sources().size()) {
            return null;
        }
        byte[] source = decoded.sources().get(f.source());
        int end = Math.min(source.length, f.offset() + f.length());
        return f.offset() > end ? new byte[0] : java.util.Arrays.copyOfRange(source, f.offset(), end);
    }

    /** The bytes a top-level layer covers (e.g. a TFTP DATA block's "data" layer), or null. */
    public byte[] layerBytes(String name) {
        Field f = layer(name);
        if (f == null || f.offset() < 0) {
            return null;
        }
        byte[] source = decoded.sources().get(f.source());
        int end = Math.min(source.length, f.offset() + f.length());
        return f.offset() > end ? new byte[0] : java.util.Arrays.copyOfRange(source, f.offset(), end);
    }

    /**
     * The UDP payload as captured, read from the frame rather than from a dissector, so that
     * callers can recognise text protocols (SIP) whatever the decoder makes of them.
     */
    public byte[] udpPayload() {
        Field udp = layer("udp");
        if (udp == null || udp.offset() < 0) {
            return null;
        }
        byte[] source = decoded.sources().get(udp.source());
        int start = udp.offset() + 8;
        // the udp node covers the header only; udp.length bounds the payload (Ethernet pads short frames)
        Field length = field("udp.length");
        int end = length != null && length.longValue() >= 8
                ? (int) Math.min(source.length, udp.offset() + length.longValue()) : source.length;
        return start >= end ? new byte[0] : java.util.Arrays.copyOfRange(source, start, end);
    }

    private static void collect(Field f, String name, List<Field> out) {
        if (f.name().equals(name)) {
            out.add(f);
        }
        for (Field c : f.children()) {
            collect(c, name, out);
        }
    }

    private static boolean isIcmp(Field f) {
        return f.name().equals("icmp") || f.name().equals("icmpv6");
    }

    /** Layer nodes are named by a protocol alone ("ip", "udp"); fields carry a dot ("ip.src"). */
    private static boolean isLayer(Field f) {
        return f.name().indexOf('.') < 0 && !f.name().startsWith("_ws");
    }
}
