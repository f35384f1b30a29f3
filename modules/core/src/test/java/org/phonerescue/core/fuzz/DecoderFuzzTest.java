package org.phonerescue.core.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.phonerescue.core.decode.PacketDecoder;
import org.phonerescue.core.pcap.CaptureFormatException;
import org.phonerescue.core.pcap.CaptureReader;
import org.phonerescue.core.pcap.CapturedPacket;
import org.phonerescue.core.pcap.IndexedCapture;
import org.phonerescue.core.pcap.LinkType;

/**
 * Coverage-guided fuzzing (Jazzer) of the decoders and the capture readers. The decoders run in
 * strict mode, so any exception a dissector throws is a finding, not a "malformed" note.
 *
 * <p>In a normal test run each method replays its corpus and every crash reproducer under
 * {@code src/test/resources/org/phonerescue/core/fuzz/DecoderFuzzTestInputs/METHOD} as regression
 * tests. With {@code JAZZER_FUZZ=1} (the build's fuzz executions) it fuzzes for its time budget
 * and writes any crashing input there, to be kept as a regression test.
 */
class DecoderFuzzTest {

    private static final int[] LINK_TYPES = {1, 0, 101, 108, 113, 228, 229, 276};

    /**
     * A sequence of frames of one link type, decoded in order by one decoder, so conversations
     * (TFTP transfers, TCP streams, IP fragments) carry state from frame to frame.
     */
    @FuzzTest(maxDuration = "40s")
    void decodersNeverThrow(FuzzedDataProvider data) {
        LinkType linkType = LinkType.of(data.pickValue(LINK_TYPES));
        PacketDecoder decoder = PacketDecoder.strict();
        int frames = data.consumeInt(1, 8);
        for (int i = 1; i <= frames && data.remainingBytes() > 0; i++) {
            byte[] frame = i == frames ? data.consumeRemainingAsBytes() : data.consumeBytes(data.consumeInt(0, 1600));
            int originalLength = frame.length + (data.consumeBoolean() ? 0 : data.consumeInt(0, 100));
            decoder.decode(new CapturedPacket(i, 1_700_000_000L + i, 0, originalLength, linkType, 0, frame, null, 0));
        }
    }

    /** Any bytes as a capture file: refused with a clear error, or read to the end with warnings. */
    @FuzzTest(maxDuration = "20s")
    void readersNeverThrow(byte[] file) throws IOException {
        Path path = Files.createTempFile("fuzz", ".pcap");
        try {
            Files.write(path, file);
            try (CaptureReader reader = CaptureReader.open(path)) {
                PacketDecoder decoder = PacketDecoder.strict();
                CapturedPacket p;
                int n = 0;
                while ((p = reader.next()) != null && n++ < 10_000) {
                    decoder.decode(p);
                }
            } catch (CaptureFormatException refused) {
                return;
            }
            try (IndexedCapture indexed = IndexedCapture.open(path)) {
                for (long n = Math.min(indexed.size(), 100); n >= 1; n--) {
                    indexed.packet(n);
                }
            }
        } finally {
            Files.deleteIfExists(path);
        }
    }
}
