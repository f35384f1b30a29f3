package org.phonerescue.core.decode;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.phonerescue.core.pcap.CaptureFormatException;
import org.phonerescue.core.pcap.CaptureReader;
import org.phonerescue.core.pcap.CapturedPacket;
import org.phonerescue.core.testing.SharedCaptures;

/**
 * Every packet of every capture of the corpus, the malformed ones included, decodes with a
 * strict decoder (one that lets a dissector's exception through) within a time bound: no
 * exception, no hang; damage shows as malformed notes.
 */
class WholeCorpusStrictDecodeTest {

    @TestFactory
    Stream<DynamicTest> everyPacketDecodesWithoutAnException() {
        return SharedCaptures.withSummaryOracle().stream().map(capture -> DynamicTest.dynamicTest(
                SharedCaptures.relative(capture), () -> assertTimeoutPreemptively(Duration.ofSeconds(20),
                        () -> decodeAll(capture))));
    }

    private static void decodeAll(Path capture) throws Exception {
        PacketDecoder decoder = PacketDecoder.strict();
        try (CaptureReader reader = CaptureReader.open(capture)) {
            CapturedPacket p;
            while ((p = reader.next()) != null) {
                DecodedPacket d = decoder.decode(p);
                assertTrue(d.layers().size() >= 1 && d.layers().get(0).name().equals("frame"));
            }
        } catch (CaptureFormatException refused) {
            // files the reader refuses have no packets to decode
        }
    }
}
