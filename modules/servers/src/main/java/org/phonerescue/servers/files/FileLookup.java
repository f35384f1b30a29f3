package org.phonerescue.servers.files;

import java.nio.file.Path;
import org.phonerescue.servers.event.RefusalReason;

/** The answer of {@link ServedRoot} to a requested name. */
public sealed interface FileLookup {

    /**
     * A regular file inside the root (for reading), or the path a new file may be written to.
     *
     * @param path       absolute, with every symbolic link resolved
     * @param servedName the path relative to the root, '/'-separated
     */
    record Found(Path path, String servedName) implements FileLookup {
    }

    /**
     * Nothing under the root answers to the name.
     *
     * @param detail      why, in words
     * @param closestName the existing name most like the requested one, or null
     */
    record NotFound(String detail, String closestName) implements FileLookup {
    }

    /** The name may not be served (or written): it leads outside the root, or to no regular file. */
    record Refused(RefusalReason reason, String detail) implements FileLookup {
    }
}
