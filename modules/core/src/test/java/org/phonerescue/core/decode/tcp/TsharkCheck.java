package org.phonerescue.core.decode.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.phonerescue.core.decode.DecodedPacket;
import org.phonerescue.core.decode.Field;
import org.phonerescue.core.decode.PacketDecoder;
import org.phonerescue.core.pcap.CapturedPacket;
import org.phonerescue.core.pcap.LinkType;
import org.phonerescue.core.pcap.PcapWriter;
import org.phonerescue.core.testing.Tshark;

/**
 * Writes frames to a capture, decodes them, has tshark read the same file, and asserts that
 * the fields agree value for value (printed as {@code tshark -T fields -E occurrence=a
 * -E aggregator=,} prints them).
 */
public final class TsharkCheck {

    private TsharkCheck() {
    }

    public static List<DecodedPacket> agree(Path dir, List<CapturedPacket> packets, String... fields) throws Exception {
        return agree(dir, packets, decoder -> { }, fields);
    }

    /** As {@link #agree(Path, List, String...)}, with the decoder configured first. */
    public static List<DecodedPacket> agree(Path dir, List<CapturedPacket> packets, Consumer<PacketDecoder> setup,
                                            String... fields) throws Exception {
        return agree(dir, packets, setup, List.of(), fields);
    }

    /** As above, with tshark preferences ({@code -o name:value}) given to tshark. */
    public static List<DecodedPacket> agree(Path dir, List<CapturedPacket> packets, Consumer<PacketDecoder> setup,
                                            List<String> tsharkPreferences, String... fields) throws Exception {
        Path file = dir.resolve("frames-" + System.nanoTime() + ".pcap");
        List<DecodedPacket> ours = decode(packets, setup);
        try (PcapWriter w = PcapWriter.create(file, LinkType.ETHERNET)) {
            for (CapturedPacket p : packets) {
                w.write(p);
            }
        }
        List<String[]> theirs = fields(file, tsharkPreferences, fields);
        assertEquals(packets.size(), theirs.size(), "frames tshark read");
        for (int i = 0; i < packets.size(); i++) {
            for (int f = 0; f < fields.length; f++) {
                String t = f < theirs.get(i).length ? theirs.get(i)[f] : "";
                assertEquals(t, text(ours.get(i), fields[f]), "frame " + (i + 1) + " " + fields[f]);
            }
        }
        return ours;
    }

    private static List<String[]> fields(Path file, List<String> preferences, String... fields) throws Exception {
        if (preferences.isEmpty()) {
            return Tshark.fields(file, fields);
        }
        List<String> cmd = new ArrayList<>(List.of("tshark", "-r", file.toString(), "-n"));
        for (String p : preferences) {
            cmd.add("-o");
            cmd.add(p);
        }
        cmd.addAll(List.of("-T", "fields", "-E", "header=n", "-E", "separator=/t", "-E", "occurrence=a", "-E",
                "aggregator=,"));
        for (String f : fields) {
            cmd.add("-e");
            cmd.add(f);
        }
        List<String[]> rows = new ArrayList<>();
        for (String line : Tshark.run(cmd).split("\n")) {
            if (!line.isEmpty()) {
                rows.add(line.split("\t", -1));
            }
        }
        return rows;
    }

    public static List<DecodedPacket> decode(List<CapturedPacket> packets, Consumer<PacketDecoder> setup) {
        PacketDecoder decoder = new PacketDecoder();
        setup.accept(decoder);
        List<DecodedPacket> out = new ArrayList<>();
        for (CapturedPacket p : packets) {
            out.add(decoder.decode(p));
        }
        return out;
    }

    /** A field as tshark -T fields prints it, occurrences joined by commas. */
    public static String text(DecodedPacket p, String field) {
        switch (field) {
            case "_ws.col.Protocol":
                return p.protocol();
            case "_ws.col.Info":
                return p.info();
            default:
                StringBuilder sb = new StringBuilder();
                for (Field f : p.fields(field)) {
                    sb.append(sb.length() > 0 ? "," : "").append(f.text());
                }
                return sb.toString();
        }
    }
}
