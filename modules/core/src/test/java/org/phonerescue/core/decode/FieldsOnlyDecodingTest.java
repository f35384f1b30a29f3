package org.phonerescue.core.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.phonerescue.core.pcap.CaptureFormatException;
import org.phonerescue.core.pcap.CaptureReader;
import org.phonerescue.core.pcap.CapturedPacket;
import org.phonerescue.core.testing.SharedCaptures;
import org.phonerescue.core.text.Utf8Buffer;

/**
 * A fields-only decoding (no tree, only the wanted fields) yields, packet by packet, the same
 * Protocol and Info columns and the same texts of the wanted fields as the full decoding, whose
 * trees {@link DecoderOracleTest} checks against tshark: once asking for every field name the
 * capture has, once for a few (so that most nodes, the layers among them, are not built).
 */
class FieldsOnlyDecodingTest {

    /** The benchmark's fields, and a few whose dissectors read back what lower layers found. */
    private static final List<String> FEW = List.of("frame.number", "frame.time_epoch", "eth.src", "ip.src", "ip.dst",
            "udp.srcport", "udp.dstport", "tcp.len", "tcp.stream", "tcp.analysis.flags", "tftp.opcode", "tftp.block",
            "tftp.source_file", "tftp.destination_file", "dhcp.option.type", "http.request.uri", "_ws.malformed",
            "_ws.expert", "_ws.col.Protocol", "_ws.col.Info");

    @TestFactory
    Stream<DynamicTest> sameFieldsAndColumnsAsTheFullDecoding() {
        return SharedCaptures.withSummaryOracle().stream().map(capture -> DynamicTest.dynamicTest(
                SharedCaptures.relative(capture), () -> {
                    Set<String> all = new LinkedHashSet<>(FEW);
                    all.add("frame.protocols");
                    for (DecodedPacket d : decode(capture, new PacketDecoder())) {
                        for (Field layer : d.layers()) {
                            names(layer, all);
                        }
                    }
                    compare(capture, List.copyOf(all));
                    compare(capture, FEW);
                }));
    }

    private static void compare(Path capture, List<String> names) throws Exception {
        List<DecodedPacket> full = decode(capture, new PacketDecoder());
        List<DecodedPacket> only = decode(capture, PacketDecoder.fieldsOnly(Set.copyOf(names)));
        assertEquals(full.size(), only.size());
        for (int i = 0; i < full.size(); i++) {
            DecodedPacket f = full.get(i);
            DecodedPacket o = only.get(i);
            String where = SharedCaptures.relative(capture) + " frame " + (i + 1);
            assertEquals(f.protocol(), o.protocol(), where);
            assertEquals(f.info(), o.info(), where);
            if (names.contains("frame.protocols")) {
                assertEquals(f.protocols(), o.protocols(), where);
            }
            for (String name : names) {
                assertEquals(texts(f, name), texts(o, name), where + " " + name);
            }
        }
    }

    private static String texts(DecodedPacket d, String name) {
        Utf8Buffer sb = new Utf8Buffer(64);
        d.appendTexts(name, ',', sb);
        List<String> each = new ArrayList<>();
        for (Field f : d.fields(name)) {
            each.add(f.text());
        }
        return sb + " | " + each;
    }

    private static void names(Field f, Set<String> out) {
        if (!f.name().isEmpty()) {
            out.add(f.name());
        }
        for (Field c : f.children()) {
            names(c, out);
        }
    }

    private static List<DecodedPacket> decode(Path capture, PacketDecoder decoder) throws Exception {
        List<DecodedPacket> out = new ArrayList<>();
        try (CaptureReader reader = CaptureReader.open(capture)) {
            CapturedPacket p;
            while ((p = reader.next()) != null) {
                out.add(decoder.decode(p));
            }
        } catch (CaptureFormatException refused) {
            // files the reader refuses have no packets to decode
        }
        return out;
    }
}
