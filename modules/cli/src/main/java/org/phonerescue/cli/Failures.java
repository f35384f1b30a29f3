package org.phonerescue.cli;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Turns a file that cannot be read or written into one line on stderr and the matching exit code.
 * Every line has one form, whatever the command and whoever failed (the JVM, the OS, our readers):
 * {@code phonerescue: PATH: what is wrong}, the reason in lower case and without the path again,
 * e.g. "phonerescue: adir: a folder, not a file" or "phonerescue: /x/r.md: cannot write the
 * report: no folder /x".
 */
final class Failures {

    private Failures() {
    }

    /** A file the command reads (a capture, an image) cannot be read: {@link PhoneRescue#EXIT_UNREADABLE}. */
    static int report(Path file, IOException e) {
        String reason = e instanceof NoSuchFileException ? "no such file"
                : Files.isDirectory(file) ? "a folder, not a file"
                : reason(file, e);
        System.err.println("phonerescue: " + file + ": " + reason);
        return PhoneRescue.EXIT_UNREADABLE;
    }

    /** A folder the command reads (a server root) cannot be read: {@link PhoneRescue#EXIT_UNREADABLE}. */
    static int folder(Path folder, IOException e) {
        String reason = e instanceof NoSuchFileException || !Files.exists(folder) ? "no such folder"
                : !Files.isDirectory(folder) ? "not a folder"
                : reason(folder, e);
        System.err.println("phonerescue: " + folder + ": " + reason);
        return PhoneRescue.EXIT_UNREADABLE;
    }

    /**
     * A file or folder the command writes ({@code what}: "the report", "the extracted files") cannot
     * be written: {@link PhoneRescue#EXIT_OUTPUT}, as for standard output.
     */
    static int unwritable(Path file, String what, IOException e) {
        if (e instanceof FileSystemException f && f.getFile() != null) {
            file = Path.of(f.getFile()); // the file inside a folder that could not be written
        }
        // a folder on the way that is missing, or a file where a folder should be
        Path parent = file.toAbsolutePath().getParent();
        Path existing = parent;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        String reason = existing != null && !Files.isDirectory(existing) ? existing + " is not a folder"
                : parent != null && !Files.isDirectory(parent) ? "no folder " + (file.getParent() != null ? file.getParent() : parent)
                : reason(file, e);
        System.err.println("phonerescue: " + file + ": cannot write " + what + ": " + reason);
        return PhoneRescue.EXIT_OUTPUT;
    }

    /** The reason of a failure, without a path before it, in lower case: "no space left on device". */
    static String reason(IOException e) {
        return reason(null, e);
    }

    private static String reason(Path file, IOException e) {
        String reason;
        if (e instanceof AccessDeniedException) {
            reason = "permission denied";
        } else if (e instanceof NotDirectoryException) {
            reason = "not a folder";
        } else if (e instanceof FileAlreadyExistsException) {
            reason = "a file, not a folder"; // what Files.createDirectories says of a file in its way
        } else if (e instanceof NoSuchFileException) {
            reason = "no such file or folder";
        } else if (e instanceof FileSystemException f && f.getReason() != null) {
            reason = f.getReason(); // the OS's text, without the file names getMessage() adds
        } else {
            reason = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
        }
        // our readers' messages may start with the path ("adir is a directory, not a capture file")
        if (file != null && reason.startsWith(file + " ")) {
            reason = reason.substring(file.toString().length() + 1);
        } else if (file != null && reason.startsWith(file + ": ")) {
            reason = reason.substring(file.toString().length() + 2);
        }
        if (reason.equals("Is a directory")) {
            return "a folder, not a file";
        }
        if (reason.equals("Not a directory")) {
            return "not a folder";
        }
        // "No space left on device" as "no space left on device", but not "EOF" or "SPA…"
        return reason.length() > 1 && Character.isUpperCase(reason.charAt(0)) && Character.isLowerCase(reason.charAt(1))
                ? reason.substring(0, 1).toLowerCase(Locale.ROOT) + reason.substring(1) : reason;
    }
}
