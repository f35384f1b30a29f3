package org.phonerescue.core.firmware;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.phonerescue.core.firmware.CheckFinding.Severity;

/** The SPA image checker on images laid out field by field; MD5s checked with md5sum. */
class SpaImageCheckTest {

    @TempDir
    Path dir;

    static SpaImageBuilder typical(String version) {
        return new SpaImageBuilder(version)
                .module(0, false, SpaImageBuilder.content(3000, 1))     // boot loader: carried, not flashed
                .module(2, false, SpaImageBuilder.content(20000, 2))
                .module(3, true, SpaImageBuilder.content(700, 3))       // recovery code
                .module(5, true, SpaImageBuilder.content(1500, 4))
                .module(6, false, SpaImageBuilder.content(9000, 5));
    }

    String md5sum(byte[] b) throws Exception {
        Path f = Files.createTempFile(dir, "md5", ".bin");
        Files.write(f, b);
        Process p = new ProcessBuilder("md5sum", f.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        assertTrue(p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0, out);
        return out.substring(0, 32);
    }

    static CheckFinding only(SpaImageReport r, String subject) {
        List<CheckFinding> f = r.findings().stream().filter(x -> x.subject().equals(subject)).toList();
        assertEquals(1, f.size(), subject + " in " + r.findings());
        return f.get(0);
    }

    @Test
    void aValidImageHasNoProblemAndNamesItsSectors() throws Exception {
        SpaImageBuilder builder = typical("7.4.9c");
        byte[] b = builder.build();
        // md5sum, not our code, says what the digest and the module MD5s must be
        int n = 0x80 + 5 * 0x40;
        byte[] covered = Arrays.copyOf(b, n);
        Arrays.fill(covered, 0x10, 0x40, (byte) 0);
        assertEquals(md5sum(covered), HexFormat.of().formatHex(b, 0x30, 0x40));
        for (int i = 0; i < 5; i++) {
            assertEquals(md5sum(builder.modules().get(i).content()), HexFormat.of().formatHex(b, 0x80 + i * 0x40 + 12,
                    0x80 + i * 0x40 + 28));
        }

        SpaImageReport r = SpaImageCheck.check(b, "7.4.4rec");
        assertEquals(List.of(), r.problems());
        assertFalse(r.broken());
        assertFalse(r.loaderMismatch());
        assertEquals("7.4.9c", r.image().version());
        assertEquals(5, r.image().modules().size());
        assertEquals(md5sum(covered), "" + only(r, SpaImageCheck.DIGEST).text().split(" is ")[1].substring(0, 32));
        assertEquals(Severity.OK, only(r, SpaImageCheck.RANDSEQ).severity());
        assertEquals(List.of(2, 5, 6), r.flashed());
        assertEquals(List.of(0, 3), r.kept());
        assertTrue(only(r, SpaImageCheck.SECTORS).text().startsWith("would flash sectors 2, 5, 6; sectors 0, 3 are"),
                r.findings().toString());
        assertTrue(only(r, SpaImageCheck.MODULES).text().startsWith("5 of 5 modules"));
        assertTrue(only(r, SpaImageCheck.LOADER).text().contains("same side"));
        SpaImageModule m = r.image().modules().get(1);
        assertEquals(2, m.sectorId());
        assertFalse(m.stored());
        assertEquals(n + SpaImageBuilder.encoded(builder.modules().get(0)).length, m.offset());
        assertEquals(md5sum(builder.modules().get(1).content()), m.md5Hex());
    }

    @Test
    void aTruncatedImageSaysHowMuchIsMissingAndWhichModuleIsCut() throws Exception {
        byte[] b = typical("7.4.9c").build();
        byte[] cut = Arrays.copyOf(b, b.length - 1000);
        SpaImageReport r = SpaImageCheck.check(cut, null);
        assertTrue(r.broken());
        CheckFinding length = only(r, SpaImageCheck.LENGTH);
        assertEquals(Severity.PROBLEM, length.severity());
        assertTrue(length.text().contains("declares " + b.length + " bytes, the file has " + cut.length
                + ": truncated, 1000 bytes missing"), length.text());
        CheckFinding last = only(r, "module 4");
        assertTrue(last.problem() && last.text().contains("the file ends 1000 bytes early"), last.text());
        assertEquals(Severity.OK, only(r, SpaImageCheck.DIGEST).severity()); // the header itself is intact

        // cut inside the module table: no digest, the missing module headers are counted
        SpaImageReport table = SpaImageCheck.check(Arrays.copyOf(b, 0x80 + 2 * 0x40 + 10), null);
        assertTrue(table.findings().stream().anyMatch(f -> f.problem() && f.text().contains("past the end of the file")),
                table.findings().toString());
        assertTrue(table.findings().stream().noneMatch(f -> f.subject().equals(SpaImageCheck.DIGEST)));
        assertEquals(2, table.image().modules().size());

        // cut inside the header
        SpaImageReport header = SpaImageCheck.check(Arrays.copyOf(b, 100), null);
        assertTrue(only(header, SpaImageCheck.LENGTH).text().contains("shorter than the 128-byte header"));
    }

    @Test
    void aChangedByteInAModuleFailsItsMd5AndOnlyThat() throws Exception {
        SpaImageBuilder builder = typical("7.4.9c");
        byte[] b = builder.build();
        SpaImageModule stored = SpaImage.parse(b).modules().get(3);
        b[(int) stored.offset() + 10] ^= 0x40;
        SpaImageReport r = SpaImageCheck.check(b, null);
        CheckFinding f = only(r, "module 3");
        assertTrue(f.problem(), f.toString());
        byte[] changed = Arrays.copyOfRange(b, (int) stored.offset(), (int) (stored.offset() + stored.length()));
        assertTrue(f.text().contains("MD5 of its content is " + md5sum(changed) + ", the module header records "
                + md5sum(builder.modules().get(3).content())), f.text());
        assertEquals(1, r.problems().size(), r.problems().toString());

        // a damaged zlib module
        byte[] z = builder.build();
        SpaImageModule zlib = SpaImage.parse(z).modules().get(1);
        Arrays.fill(z, (int) zlib.offset() + 2, (int) zlib.offset() + 40, (byte) 0xFF);
        CheckFinding bad = only(SpaImageCheck.check(z, null), "module 1");
        assertTrue(bad.problem() && (bad.text().contains("zlib") || bad.text().contains("MD5")), bad.text());
    }

    @Test
    void aChangedHeaderFailsTheDigest() throws Exception {
        byte[] b = typical("7.4.9c").build();
        b[0x5C + 4] = '3'; // 7.4.9c -> 7.4.3c: the version is covered by the digest
        SpaImageReport r = SpaImageCheck.check(b, null);
        assertEquals(Severity.PROBLEM, only(r, SpaImageCheck.DIGEST).severity());
        assertEquals(Severity.WARNING, only(r, SpaImageCheck.RANDSEQ).severity());
        assertTrue(only(r, SpaImageCheck.RANDSEQ).text().contains("untested"));
        assertTrue(r.broken());
    }

    @Test
    void impossibleLengthsAndModulesOutOfBoundsAreProblems() throws Exception {
        byte[] b = typical("7.4.9c").build();
        byte[] longer = Arrays.copyOf(b, b.length + 5);
        assertTrue(only(SpaImageCheck.check(longer, null), SpaImageCheck.LENGTH).text().contains("5 bytes too many"));

        byte[] tiny = b.clone();
        ByteBuffer.wrap(tiny).putInt(0x54, 8);
        SpaImageReport r = SpaImageCheck.check(tiny, null);
        assertTrue(only(r, SpaImageCheck.HEADER).problem());
        assertTrue(r.image().modules().isEmpty());

        // count × module-header length past Long.MAX_VALUE must not wrap to a small table
        byte[] wrap = b.clone();
        ByteBuffer.wrap(wrap).putInt(0x54, 0xFFFFFFFF).putInt(0x7C, 0xFFFFFFFF);
        assertTrue(SpaImageCheck.check(wrap, null).broken());
        byte[] count = b.clone();
        ByteBuffer.wrap(count).putInt(0x7C, 0x7FFFFFFF);
        SpaImageReport many = SpaImageCheck.check(count, null);
        assertTrue(many.findings().stream().anyMatch(f -> f.problem() && f.text().contains("far more than")));

        // module 2 points before the module data and module 4 past the end
        byte[] out = b.clone();
        ByteBuffer.wrap(out).putInt(0x80 + 2 * 0x40 + 8, 0x40).putInt(0x80 + 4 * 0x40 + 8, b.length - 10);
        SpaImageReport bounds = SpaImageCheck.check(out, null);
        assertTrue(only(bounds, "module 2").text().contains("outside the module data (bytes " + (0x80 + 5 * 0x40)),
                bounds.findings().toString());
        assertTrue(only(bounds, "module 4").problem());
        assertTrue(only(bounds, SpaImageCheck.DIGEST).problem()); // the table changed after the digest was made
    }

    @Test
    void theLoaderVersionRuleGivesAMismatchButNotABrokenImage() throws Exception {
        SpaImageReport r = SpaImageCheck.check(typical("7.6.2f").build(), "7.4.4rec");
        assertTrue(r.loaderMismatch());
        assertFalse(r.broken());
        CheckFinding f = only(r, SpaImageCheck.LOADER);
        assertTrue(f.text().contains("the loader is 7.4.4rec and the image 7.6.2f"), f.text());
        assertTrue(f.fix().contains("7.4.9c"), f.fix());
        assertFalse(SpaImageCheck.check(typical("7.6.2f").build(), "7.5.3").loaderMismatch());
        assertTrue(SpaImageCheck.check(typical("7.6.2f").build(), "7.5.3").loaderFits());
        assertFalse(SpaImageCheck.check(typical("7.6.2f").build(), null).loaderMismatch());
        assertFalse(SpaImageCheck.check(typical("7.6.2f").build(), null).loaderFits());
    }

    @Test
    void aLoaderVersionWithoutANumberIsAWarningNeverAFit() throws Exception {
        for (String loader : List.of("garbage", "rec")) {
            SpaImageReport r = SpaImageCheck.check(typical("7.6.2f").build(), loader);
            CheckFinding f = only(r, SpaImageCheck.LOADER);
            assertEquals(Severity.WARNING, f.severity(), f.toString());
            assertTrue(f.text().contains("\"" + loader + "\" has no version number"), f.text());
            assertFalse(r.loaderFits());
            assertFalse(r.loaderMismatch());
            assertFalse(r.broken());
        }
        // an image without a version cannot be judged either
        SpaImageReport noVersion = SpaImageCheck.check(typical("").build(), "7.4.4rec");
        assertEquals(Severity.WARNING, only(noVersion, SpaImageCheck.LOADER).severity());
        assertFalse(noVersion.loaderFits());
    }

    @Test
    void anythingElseIsNotAnSpaImageAndNeverThrows() throws Exception {
        SpaImageReport zip = SpaImageCheck.check("PK\3\4 whatever".getBytes(StandardCharsets.US_ASCII), null);
        assertFalse(zip.spaImage());
        assertTrue(only(zip, SpaImageCheck.MAGIC).text().contains("begins with 50 4b 03 04"), zip.findings().toString());
        assertTrue(only(SpaImageCheck.check(new byte[0], null), SpaImageCheck.MAGIC).text().contains("empty"));
        byte[] b = typical("7.4.9c").build();
        java.util.Random random = new java.util.Random(7);
        for (int i = 0; i < 2000; i++) {
            byte[] x = Arrays.copyOf(b, 16 + random.nextInt(b.length));
            for (int k = 0; k < 4; k++) {
                x[16 + random.nextInt(x.length - 16)] = (byte) random.nextInt();
            }
            SpaImageCheck.check(x, "7.4.4rec");
        }
    }

    @Test
    void aFileIsReadLikeItsBytes() throws Exception {
        Path f = Files.write(dir.resolve("spa50x-30x-7-4-9c.bin"), typical("7.4.9c").build());
        assertEquals(List.of(), SpaImageCheck.check(f, null).problems());
    }
}
