package org.phonerescue.core.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.phonerescue.core.pcap.CaptureFormatException;
import org.phonerescue.core.pcap.CaptureReader;
import org.phonerescue.core.pcap.CapturedPacket;
import org.phonerescue.core.testing.SharedCaptures;

/**
 * The address, VLAN, protocol-number and port fields of every frame of the shared corpus agree
 * with tshark's (its {@code .tshark.tsv} oracles), except the differences listed, with reasons,
 * in {@code summary-known-differences.tsv}.
 */
class PacketSummaryOracleTest {

    /** Wireshark field → how to get it from our summary ("" when absent). */
    private static final Map<String, Function<PacketSummary, String>> FIELDS = Map.of(
            "eth.src", s -> text(s.ethSource()),
            "eth.dst", s -> text(s.ethDestination()),
            "vlan.id", s -> text(s.vlanIds()),
            "ip.src", s -> s.ipVersion() == 4 ? s.ipSource() : "",
            "ip.dst", s -> s.ipVersion() == 4 ? s.ipDestination() : "",
            "ip.proto", s -> s.ipVersion() == 4 ? String.valueOf(s.ipProtocol()) : "",
            "udp.srcport", s -> s.ipProtocol() == 17 && s.sourcePort() >= 0 ? String.valueOf(s.sourcePort()) : "",
            "udp.dstport", s -> s.ipProtocol() == 17 && s.destinationPort() >= 0 ? String.valueOf(s.destinationPort()) : "",
            "tcp.srcport", s -> s.ipProtocol() == 6 && s.sourcePort() >= 0 ? String.valueOf(s.sourcePort()) : "",
            "tcp.dstport", s -> s.ipProtocol() == 6 && s.destinationPort() >= 0 ? String.valueOf(s.destinationPort()) : "");

    @Test
    void everyFrameAgreesWithTsharkButForTheListedDifferences() throws IOException {
        Set<String> known = knownDifferences();
        Set<String> seen = new HashSet<>();
        List<String> unexpected = new ArrayList<>();
        long compared = 0;
        PacketSummarizer summarizer = new PacketSummarizer();
        for (Path capture : SharedCaptures.withSummaryOracle()) {
            List<String[]> rows = SharedCaptures.readTsv(SharedCaptures.oracle(capture, ".tshark.tsv"));
            if (rows.isEmpty()) {
                continue;
            }
            List<String> header = Arrays.asList(rows.get(0));
            String name = SharedCaptures.relative(capture);
            try (CaptureReader reader = CaptureReader.open(capture)) {
                for (String[] row : rows.subList(1, rows.size())) {
                    CapturedPacket p = reader.next();
                    if (p == null) {
                        break; // the capture-file oracle test checks frame counts
                    }
                    PacketSummary s = summarizer.summarize(p.linkType(), p.data(), 0, p.data().length);
                    for (Map.Entry<String, Function<PacketSummary, String>> f : FIELDS.entrySet()) {
                        String theirs = row[header.indexOf(f.getKey())];
                        if (!f.getKey().equals("vlan.id")) {
                            theirs = theirs.split(",", -1)[0]; // outermost occurrence
                        }
                        String ours = f.getValue().apply(s);
                        compared++;
                        String key = name + "\t" + row[0] + "\t" + f.getKey();
                        if (!theirs.equals(ours)) {
                            if (known.contains(key)) {
                                seen.add(key);
                            } else {
                                unexpected.add(key + ": tshark '" + theirs + "', ours '" + ours + "'");
                            }
                        }
                    }
                }
            } catch (CaptureFormatException refused) {
                // no frames to compare
            }
        }
        assertTrue(compared > 19_000, "compared only " + compared + " values");
        assertEquals(List.of(), unexpected, "differences from tshark that are not listed");
        Set<String> stale = new HashSet<>(known);
        stale.removeAll(seen);
        assertEquals(Set.of(), stale, "listed differences that no longer differ: remove them from the list");
    }

    private static String text(String s) {
        return s == null ? "" : s;
    }

    /** capture TAB frame TAB field, one per listed field. */
    private static Set<String> knownDifferences() throws IOException {
        Set<String> keys = new HashSet<>();
        try (InputStream in = PacketSummaryOracleTest.class.getResourceAsStream("summary-known-differences.tsv")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] cols = line.split("\t");
                assertEquals(4, cols.length, "capture, frame, fields, reason: " + line);
                for (String field : cols[2].split(",")) {
                    keys.add(cols[0] + "\t" + cols[1] + "\t" + field);
                }
            }
        }
        return keys;
    }
}
