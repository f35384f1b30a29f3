package org.phonerescue.core.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.phonerescue.core.device.RequestedFile;
import org.phonerescue.core.session.CaptureAnalysis;
import org.phonerescue.core.session.PhoneSigns;
import org.phonerescue.core.transfer.FileContent;
import org.phonerescue.core.transfer.FileTransfer;

/**
 * Transferred files written to disk, as {@code diagnose --extract} and the workbench save them:
 * named {@code <request frame>-<file name>}, so that two downloads of one name stay apart and
 * each can be found in the capture.
 */
public final class SavedFiles {

    private SavedFiles() {
    }

    /**
     * The name a transfer's content is saved under: the request frame, a dash and the requested
     * file's base name with anything but letters, digits, '.', '_' and '-' replaced by '_'. Only
     * the base name: a requested "../x" or "/x" (or an HTTP query) must not write outside the folder.
     */
    public static String name(FileTransfer t) {
        String base = RequestedFile.baseName(PhoneSigns.fileName(t.file())).replaceAll("[^A-Za-z0-9._-]", "_");
        if (base.isEmpty() || base.equals(".") || base.equals("..")) {
            base = "file";
        }
        return t.requestFrame() + "-" + base;
    }

    /** Whether the transfer moved bytes worth saving: not an empty unfinished content. */
    public static boolean hasBytes(FileTransfer t) {
        FileContent c = t.content();
        return c != null && (c.size() > 0 || c.complete());
    }

    /** Whether the transfer's bytes can be saved from this analysis: {@link #hasBytes} and kept by its store. */
    public static boolean saveable(FileTransfer t) {
        return hasBytes(t) && t.content().kept();
    }

    /** Saves every saveable transfer's content into {@code directory} (created when missing); returns the files written. */
    public static List<Path> saveAll(CaptureAnalysis analysis, Path directory) throws IOException {
        Files.createDirectories(directory);
        List<Path> written = new ArrayList<>();
        for (FileTransfer t : analysis.fileTransfers()) {
            if (saveable(t)) {
                Path target = directory.resolve(name(t));
                t.content().saveTo(target);
                written.add(target);
            }
        }
        return written;
    }
}
