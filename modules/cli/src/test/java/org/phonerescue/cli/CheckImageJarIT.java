package org.phonerescue.cli;

import static org.phonerescue.cli.PhoneRescueJar.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code phonerescue check-image} from the built jar: exit codes, text and JSON; MD5s checked with md5sum. */
class CheckImageJarIT {


    @TempDir
    Path dir;

    static String md5sum(Path f) throws Exception {
        Process p = new ProcessBuilder("md5sum", f.toString()).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        assertTrue(p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0, out);
        return out.substring(0, 32);
    }

    @SuppressWarnings("unchecked")
    @Test
    void anIntactImageFitsItsLoaderAndJsonListsModulesAndSectors() throws Exception {
        byte[] first = "first module ".repeat(300).getBytes(StandardCharsets.US_ASCII);
        byte[] second = "second module".repeat(90).getBytes(StandardCharsets.US_ASCII);
        Path image = Files.write(dir.resolve("spa50x-30x-7-4-9c.bin"), SpaImageFile.build("7.4.9c", first, second));
        PhoneRescueJar.Run r = run("check-image", image.toString(), "--loader", "7.4.4rec");
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("SPA firmware image 7.4.9c, 2 modules"), r.out());
        assertTrue(r.out().contains("[ok]       sectors   would flash sectors 2, 5"), r.out());
        assertTrue(r.out().endsWith("the image is intact and fits loader 7.4.4rec\n"), r.out());

        PhoneRescueJar.Run json = run("check-image", "--json", image.toString());
        assertEquals(0, json.exit(), json.err());
        Map<String, Object> doc = (Map<String, Object>) JsonReader.parse(json.out());
        assertEquals("7.4.9c", doc.get("version"));
        assertEquals(false, doc.get("broken"));
        List<Object> modules = (List<Object>) doc.get("modules");
        assertEquals(2, modules.size());
        Map<String, Object> m = (Map<String, Object>) modules.get(1);
        assertEquals(md5sum(Files.write(dir.resolve("second"), second)), m.get("md5"));
        assertEquals(true, m.get("stored"));
        assertEquals(List.of(2L, 5L), ((List<Object>) doc.get("flashed_sectors")).stream()
                .map(x -> ((Number) x).longValue()).toList());
    }

    @Test
    void aTruncatedImageOrAWrongLoaderGivesExitOne() throws Exception {
        byte[] b = SpaImageFile.build("7.6.2f", "x".repeat(5000).getBytes(StandardCharsets.US_ASCII));
        Path cut = Files.write(dir.resolve("cut.bin"), Arrays.copyOf(b, b.length - 700));
        PhoneRescueJar.Run r = run("check-image", cut.toString());
        assertEquals(1, r.exit(), r.out());
        assertTrue(r.out().contains("[problem]  length    the header declares " + b.length + " bytes, the file has "
                + (b.length - 700) + ": truncated, 700 bytes missing"), r.out());
        assertTrue(r.out().endsWith("the image is broken: the loader would refuse it\n"), r.out());

        Path whole = Files.write(dir.resolve("spa50x-30x-7-6-2f.bin"), b);
        PhoneRescueJar.Run mismatch = run("check-image", whole.toString(), "--loader", "7.4.4rec");
        assertEquals(1, mismatch.exit(), mismatch.out());
        assertTrue(mismatch.out().contains("[problem]  loader    the loader is 7.4.4rec and the image 7.6.2f"),
                mismatch.out());
        assertEquals(0, run("check-image", whole.toString(), "--loader", "7.6.1").exit());

        // a loader version without a number is wrong usage, never a fit
        PhoneRescueJar.Run garbage = run("check-image", "--loader", "garbage", whole.toString());
        assertEquals(2, garbage.exit(), garbage.out() + garbage.err());
        assertEquals("", garbage.out());
        assertTrue(garbage.err().startsWith("--loader: 'garbage' has no version number; give the loader version"),
                garbage.err());
        // an image without a version string: intact, its fit cannot be judged
        Path unversioned = Files.write(dir.resolve("unversioned.bin"),
                SpaImageFile.build("", "y".repeat(3000).getBytes(StandardCharsets.US_ASCII)));
        PhoneRescueJar.Run unjudged = run("check-image", unversioned.toString(), "--loader", "7.4.4rec");
        assertEquals(0, unjudged.exit(), unjudged.out() + unjudged.err());
        assertTrue(unjudged.out().contains("[warning]  loader    the image has no version to compare with loader 7.4.4rec"),
                unjudged.out());
        assertTrue(unjudged.out().endsWith("the image is intact; whether it fits loader 7.4.4rec cannot be judged\n"),
                unjudged.out());

        PhoneRescueJar.Run missing = run("check-image", dir.resolve("nothing.bin").toString());
        assertEquals(3, missing.exit());
        assertTrue(missing.err().contains("no such file"), missing.err());
    }
}
