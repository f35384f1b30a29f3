package org.phonerescue.core.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.ByteBuffer;
import org.phonerescue.core.firmware.CiscoConfig;
import org.phonerescue.core.firmware.CiscoLoads;
import org.phonerescue.core.firmware.SpaImage;
import org.phonerescue.core.firmware.SpaImageCheck;

/**
 * Coverage-guided fuzzing (Jazzer) of the file checks, which read what a capture's transfers
 * carried: the SPA image checker, the packing-list and the configuration parsers must say what
 * is wrong, never throw. Inputs and reproducers as for {@link DecoderFuzzTest}.
 */
class FileCheckFuzzTest {

    @FuzzTest(maxDuration = "20s")
    void fileChecksNeverThrow(FuzzedDataProvider data) {
        switch (data.consumeInt(0, 2)) {
            case 0 -> {
                // most inputs get the magic and a plausible header, so the fuzzer spends its time past them
                boolean header = data.consumeBoolean();
                String loader = data.consumeBoolean() ? data.consumeString(12) : null;
                byte[] rest = data.consumeRemainingAsBytes();
                ByteBuffer b = ByteBuffer.allocate(rest.length + (header ? 0x80 : 0));
                if (header) {
                    b.put(SpaImage.MAGIC).putInt(0x50, 0x80).putInt(0x54, 0x40).putInt(0x58, b.capacity())
                            .putInt(0x7C, rest.length / 0x40).position(0x80);
                }
                b.put(rest);
                SpaImageCheck.check(b.array(), loader);
            }
            case 1 -> CiscoLoads.parse(data.consumeRemainingAsBytes());
            default -> CiscoConfig.parse(data.consumeRemainingAsBytes());
        }
    }
}
