package org.phonerescue.core.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The shared corpus of real captures with tshark's oracle files beside each one
 * ({@code X.tshark.tsv}, {@code X.fields.tsv}, {@code X.tshark.err}).
 */
public final class SharedCaptures {

    private SharedCaptures() {
    }

    /** The corpus folder; fails (never skips) when it is missing, since every check depends on it. */
    public static Path dir() {
        String configured = System.getProperty("shared.captures.dir");
        Path dir = configured != null ? Paths.get(configured) : Paths.get("../../../shared/captures");
        dir = dir.toAbsolutePath().normalize();
        if (!Files.isDirectory(dir)) {
            throw new IllegalStateException("shared capture corpus not found at " + dir
                    + " (it lives in ../shared/captures beside the checkout)");
        }
        return dir;
    }

    /** Every capture that has a {@code .tshark.tsv} oracle, in a stable order. */
    public static List<Path> withSummaryOracle() {
        try (Stream<Path> files = Files.walk(dir())) {
            return files.filter(p -> p.getFileName().toString().endsWith(".tshark.tsv"))
                    .map(p -> p.resolveSibling(p.getFileName().toString().replace(".tshark.tsv", "")))
                    .filter(Files::isRegularFile)
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String relative(Path capture) {
        return dir().relativize(capture).toString();
    }

    public static Path oracle(Path capture, String suffix) {
        return capture.resolveSibling(capture.getFileName() + suffix);
    }

    /** The rows of a tshark {@code -T fields -E header=y} file, header first. */
    public static List<String[]> readTsv(Path tsv) {
        try {
            List<String[]> rows = new ArrayList<>();
            for (String line : Files.readAllLines(tsv, StandardCharsets.UTF_8)) {
                rows.add(line.split("\t", -1));
            }
            return rows;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** tshark's exit code recorded in the {@code .tshark.err} file, or 0 when there is none. */
    public static int tsharkExit(Path capture) {
        Path err = oracle(capture, ".tshark.err");
        if (!Files.exists(err)) {
            return 0;
        }
        try {
            String first = Files.readAllLines(err, StandardCharsets.UTF_8).get(0);
            return Integer.parseInt(first.substring(first.indexOf('=') + 1).trim());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static boolean isMalformed(Path capture) {
        return Files.exists(oracle(capture, ".tshark.err"));
    }
}
