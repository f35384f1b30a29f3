package org.phonerescue.core.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The JDK is the oracle: its UTF-8 encoder for text, {@link Long#toString} for numbers. */
class Utf8BufferTest {

    @Test
    void textIsEncodedAsTheJdkEncodesIt() {
        String[] samples = {"", "tftp", "68 → 67 Len=300", "café", "日本語", "😀 ok", "a\uD800b", "\uDC00",
            "end\uD83D", "\u0080\u07FF\u0800\uFFFF", "\0nul"};
        for (String s : samples) {
            Utf8Buffer b = new Utf8Buffer(1);
            b.append(s);
            assertArrayEquals(s.getBytes(StandardCharsets.UTF_8), b.toByteArray(), s);
        }
    }

    @Test
    void randomTextAcrossGrowthMatchesTheJdk() {
        Random random = new Random(7);
        Utf8Buffer b = new Utf8Buffer(1);
        StringBuilder all = new StringBuilder();
        for (int round = 0; round < 2_000; round++) {
            StringBuilder s = new StringBuilder();
            int len = random.nextInt(40);
            for (int i = 0; i < len; i++) {
                int kind = random.nextInt(10);
                s.append(kind < 6 ? (char) random.nextInt(0x80)
                        : kind < 8 ? (char) random.nextInt(0x800) : (char) random.nextInt(0x10000));
            }
            b.append(s.toString());
            all.append(s);
            if (random.nextBoolean()) {
                char c = (char) random.nextInt(0x100);
                b.append(c);
                all.append(c);
            }
        }
        assertArrayEquals(all.toString().getBytes(StandardCharsets.UTF_8), b.toByteArray());
    }

    @Test
    void numbersAreWrittenAsLongToStringWritesThem() {
        long[] samples = {0, 1, 9, 10, 99, 100, 65535, 65536, -1, -10, Integer.MAX_VALUE, Integer.MIN_VALUE,
            999_999_999_999_999_999L, 1_000_000_000_000_000_000L, Long.MAX_VALUE, Long.MIN_VALUE, Long.MIN_VALUE + 1};
        for (long v : samples) {
            assertEquals(Long.toString(v), new Utf8Buffer(1).append(v).toString());
        }
        Random random = new Random(11);
        for (int i = 0; i < 10_000; i++) {
            long v = random.nextLong() >> random.nextInt(64);
            assertEquals(Long.toString(v), new Utf8Buffer(4).append("x").append(v).toString().substring(1));
        }
    }

    @Test
    void zeroPaddedDigitsKeepTheirWidth() {
        assertEquals("000000000", new Utf8Buffer(1).appendZeroPadded(0, 9).toString());
        assertEquals("000030000", new Utf8Buffer(1).appendZeroPadded(30_000, 9).toString());
        assertEquals("999999999", new Utf8Buffer(1).appendZeroPadded(999_999_999, 9).toString());
        assertEquals(String.format("%09d", 123_456_789), new Utf8Buffer(1).appendZeroPadded(123_456_789, 9).toString());
    }

    @Test
    void clearStartsOverAndWriteToWritesWhatIsThere() throws IOException {
        Utf8Buffer b = new Utf8Buffer(8);
        b.append("first line\n");
        b.clear();
        b.append("second → line\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        b.writeTo(out);
        assertEquals("second → line\n", out.toString(StandardCharsets.UTF_8));
        assertEquals(out.size(), b.length());
    }
}
