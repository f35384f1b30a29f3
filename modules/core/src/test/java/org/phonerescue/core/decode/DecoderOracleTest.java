package org.phonerescue.core.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.phonerescue.core.pcap.CaptureFormatException;
import org.phonerescue.core.pcap.CaptureReader;
import org.phonerescue.core.pcap.CapturedPacket;
import org.phonerescue.core.testing.SharedCaptures;

/**
 * The decoders against tshark's oracle files for every capture of the shared corpus: the
 * Protocol column and the fields of {@code X.tshark.tsv}, every field of {@code X.fields.tsv}
 * (TFTP and DHCP), and the Info column of every TFTP, DHCP and BOOTP frame.
 */
public class DecoderOracleTest {

    /** One value compared: where, what, tshark's text and ours. */
    record Comparison(String capture, String frame, String field, String theirs, String ours) {
        boolean agrees() {
            return theirs.equals(ours);
        }

        boolean recoveryProtocol() {
            return field.startsWith("tftp.") || field.startsWith("dhcp.");
        }

        @Override
        public String toString() {
            return capture + " frame " + frame + " " + field + ": tshark '" + theirs + "', ours '" + ours + "'";
        }
    }

    /** Columns of the summary oracle that the reader tests already cover, or that are free text. */
    private static final Set<String> NOT_COMPARED = Set.of("frame.number", "frame.time_epoch", "frame.len",
            "frame.cap_len", "_ws.col.Info");

    private static final List<Comparison> COMPARISONS = new ArrayList<>();

    @BeforeAll
    static void decodeTheCorpus() throws IOException {
        for (Path capture : SharedCaptures.withSummaryOracle()) {
            Map<String, DecodedPacket> decoded = decode(capture);
            String name = SharedCaptures.relative(capture);
            compare(name, decoded, SharedCaptures.readTsv(SharedCaptures.oracle(capture, ".tshark.tsv")), true);
            Path fields = SharedCaptures.oracle(capture, ".fields.tsv");
            if (fields.toFile().isFile()) {
                compare(name, decoded, SharedCaptures.readTsv(fields), false);
            }
        }
        assertTrue(COMPARISONS.size() > 23_000, "compared only " + COMPARISONS.size() + " values");
    }

    private static Map<String, DecodedPacket> decode(Path capture) throws IOException {
        Map<String, DecodedPacket> byNumber = new HashMap<>();
        PacketDecoder decoder = new PacketDecoder();
        try (CaptureReader reader = CaptureReader.open(capture)) {
            CapturedPacket p;
            while ((p = reader.next()) != null) {
                byNumber.put(Long.toString(p.number()), decoder.decode(p));
            }
        } catch (CaptureFormatException refused) {
            // nothing to compare: the reader tests check the refusal
        }
        return byNumber;
    }

    private static void compare(String capture, Map<String, DecodedPacket> decoded, List<String[]> rows, boolean summary) {
        if (rows.isEmpty()) {
            return;
        }
        List<String> header = Arrays.asList(rows.get(0));
        for (String[] row : rows.subList(1, rows.size())) {
            DecodedPacket packet = decoded.get(row[0]);
            if (packet == null) {
                continue; // frames we did not read are the reader tests' business
            }
            for (int i = 0; i < header.size(); i++) {
                String field = header.get(i);
                if (NOT_COMPARED.contains(field)) {
                    continue;
                }
                COMPARISONS.add(new Comparison(capture, row[0], field, row[i], value(packet, field)));
            }
            if (summary) {
                String protocol = row[header.indexOf("_ws.col.Protocol")];
                if (protocol.equals("TFTP") || protocol.equals("DHCP") || protocol.equals("BOOTP")) {
                    COMPARISONS.add(new Comparison(capture, row[0], "_ws.col.Info (" + protocol + ")",
                            row[header.indexOf("_ws.col.Info")], packet.info()));
                }
            }
        }
    }

    /** A field as tshark -T fields -E occurrence=a -E aggregator=, prints it. */
    public static String value(DecodedPacket packet, String field) {
        return switch (field) {
            case "_ws.col.Protocol" -> packet.protocol();
            case "_ws.col.Info" -> packet.info();
            default -> {
                StringBuilder sb = new StringBuilder();
                for (Field f : packet.fields(field)) {
                    sb.append(sb.length() > 0 ? "," : "").append(f.text());
                }
                yield sb.toString();
            }
        };
    }

    /**
     * Over the whole corpus at least 99.9% of the compared values agree, and every value that does
     * not is listed, with its reason, in {@code decoder-known-differences.tsv}; a listed value that
     * now agrees must be removed from the list.
     */
    @Test
    void allButTheListedDifferencesAgreeWithTshark() throws IOException {
        Map<String, String> known = new HashMap<>();
        try (java.io.InputStream in = DecoderOracleTest.class.getResourceAsStream("decoder-known-differences.tsv")) {
            for (String line : new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] cols = line.split("\t");
                assertEquals(4, cols.length, "capture, frame, field, reason: " + line);
                known.put(cols[0] + "\t" + cols[1] + "\t" + cols[2], cols[3]);
            }
        }
        List<String> unlisted = new ArrayList<>();
        java.util.Set<String> stillDiffering = new java.util.HashSet<>();
        long agreeing = 0;
        for (Comparison c : COMPARISONS) {
            if (c.agrees()) {
                agreeing++;
                continue;
            }
            String key = c.capture() + "\t" + c.frame() + "\t" + c.field();
            if (known.containsKey(key)) {
                stillDiffering.add(key);
            } else {
                unlisted.add(c.toString());
            }
        }
        assertEquals(List.of(), unlisted, "differences from tshark that are not listed with a reason");
        java.util.Set<String> stale = new java.util.HashSet<>(known.keySet());
        stale.removeAll(stillDiffering);
        assertEquals(java.util.Set.of(), stale, "listed differences that now agree: remove them from the list");
        double share = (double) agreeing / COMPARISONS.size();
        assertTrue(share >= 0.999, String.format("%.4f%% of %d values agree; at least 99.9%% must",
                100 * share, COMPARISONS.size()));
    }

    @Test
    void everyTftpAndDhcpFieldAndInfoColumnAgreesWithTshark() {
        List<String> differences = new ArrayList<>();
        long compared = 0;
        for (Comparison c : COMPARISONS) {
            boolean recovery = c.recoveryProtocol() || c.field().startsWith("_ws.col.Info (");
            if (recovery) {
                compared++;
                if (!c.agrees()) {
                    differences.add(c.toString());
                }
            }
        }
        assertTrue(compared > 2_500, "compared only " + compared + " TFTP/DHCP values");
        assertEquals(List.of(), differences);
    }
}
