package org.phonerescue.servers.tftp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class BlockRolloverTest {

    @Test
    void wrapToZeroFollows65535WithZero() {
        BlockRollover r = BlockRollover.WRAP_TO_ZERO;
        assertEquals(1, r.wire(1));
        assertEquals(65535, r.wire(65535));
        assertEquals(0, r.wire(65536));
        assertEquals(1, r.wire(65537));
        assertEquals(0, r.wire(2 * 65536));
    }

    @Test
    void wrapToOneNeverReusesZero() {
        BlockRollover r = BlockRollover.WRAP_TO_ONE;
        assertEquals(0, r.wire(0), "block 0 acknowledges the OACK");
        assertEquals(65535, r.wire(65535));
        assertEquals(1, r.wire(65536));
        assertEquals(65535, r.wire(2 * 65535));
        assertEquals(1, r.wire(2 * 65535 + 1));
    }

    @Test
    void wireNumbersMapBackInsideTheWindowOnly() {
        for (BlockRollover r : BlockRollover.values()) {
            for (long from : new long[] {0, 1, 100, 65530, 65535, 65536, 131070, 131071, 200000}) {
                long to = from + 63;
                for (long b = from; b <= to; b++) {
                    assertEquals(b, r.absolute(r.wire(b), from, to), r + " block " + b + " in " + from + ".." + to);
                }
                // the number of a block just outside the window names nothing
                assertEquals(-1, r.absolute(r.wire(to + 1), from, to), r + " after " + to);
            }
        }
    }

    @Test
    void zeroIsNeverABlockAfterTheFirstCycleWhenWrappingToOne() {
        assertEquals(-1, BlockRollover.WRAP_TO_ONE.absolute(0, 65530, 65600));
        assertEquals(65536, BlockRollover.WRAP_TO_ZERO.absolute(0, 65530, 65600));
    }
}
