package org.phonerescue.core.transfer;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The bytes a transfer carried, in order from the start: the whole file for a complete
 * transfer, what was received before it stopped otherwise. Small contents are held in memory,
 * large ones in a temporary file owned by the {@link ContentStore} (deleted when it closes).
 *
 * @param size      bytes held
 * @param sha256    SHA-256 of those bytes, lower-case hex
 * @param complete  whether this is the whole file (the transfer completed without a gap)
 * @param memory    the bytes, or null when they are in {@code file} or were not kept
 * @param file      the temporary file holding the bytes, or null
 */
public record FileContent(long size, String sha256, boolean complete, byte[] memory, Path file) {

    /** Whether the bytes were kept (a store that only hashes, or a content not worth keeping, keeps none). */
    public boolean kept() {
        return memory != null || file != null;
    }

    /** Reads the content from its start. */
    public InputStream open() throws IOException {
        return memory != null ? new ByteArrayInputStream(memory) : Files.newInputStream(file);
    }

    /** Writes the content to {@code target}, replacing it. */
    public void saveTo(Path target) throws IOException {
        if (memory != null) {
            Files.write(target, memory);
        } else {
            Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** The first {@code n} bytes (fewer if the content is shorter), e.g. to read a header. */
    public byte[] head(int n) throws IOException {
        try (InputStream in = open()) {
            return in.readNBytes(n);
        }
    }
}
