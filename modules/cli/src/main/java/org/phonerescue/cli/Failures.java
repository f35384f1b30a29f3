package org.phonerescue.cli;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Turns a failure to read a file into one clear line on stderr and the matching exit code. */
final class Failures {

    private Failures() {
    }

    static int report(Path file, IOException e) {
        String reason;
        if (e instanceof NoSuchFileException) {
            reason = "no such file";
        } else if (e instanceof AccessDeniedException) {
            reason = "permission denied";
        } else {
            reason = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
        }
        System.err.println("phonerescue: " + file + ": " + reason);
        return PhoneRescue.EXIT_UNREADABLE;
    }
}
