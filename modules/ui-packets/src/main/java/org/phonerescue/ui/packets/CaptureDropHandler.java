package org.phonerescue.ui.packets;

import java.awt.datatransfer.DataFlavor;
import java.awt.datatransfer.Transferable;
import java.awt.datatransfer.UnsupportedFlavorException;
import java.awt.dnd.DnDConstants;
import java.awt.dnd.DropTargetDragEvent;
import java.awt.dnd.DropTargetDropEvent;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.openide.util.lookup.ServiceProvider;
import org.openide.windows.ExternalDropHandler;

/**
 * Opens a capture file dropped on the main window, from a file manager or a mail's attachment
 * saved to disk. Java hands the files over as a file list on most desktops; Linux file managers
 * offer only {@code text/uri-list} (RFC 2483: one {@code file:} URI per line, '#' lines are
 * comments). One capture is shown at a time: the first regular file dropped.
 */
@ServiceProvider(service = ExternalDropHandler.class)
public final class CaptureDropHandler extends ExternalDropHandler {

    private static final Logger LOG = Logger.getLogger(CaptureDropHandler.class.getName());
    private static final DataFlavor URI_LIST = uriList();

    private static DataFlavor uriList() {
        try {
            return new DataFlavor("text/uri-list;class=java.lang.String");
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("java.lang.String is always there", e);
        }
    }

    @Override
    public boolean canDrop(DropTargetDragEvent e) {
        return e.isDataFlavorSupported(DataFlavor.javaFileListFlavor) || e.isDataFlavorSupported(URI_LIST);
    }

    @Override
    public boolean canDrop(DropTargetDropEvent e) {
        return e.isDataFlavorSupported(DataFlavor.javaFileListFlavor) || e.isDataFlavorSupported(URI_LIST);
    }

    @Override
    public boolean handleDrop(DropTargetDropEvent e) {
        e.acceptDrop(DnDConstants.ACTION_COPY);
        Path file = firstFile(e.getTransferable());
        if (file == null) {
            e.dropComplete(false);
            return false;
        }
        PacketListTopComponent.openCapture(file);
        e.dropComplete(true);
        return true;
    }

    /** The first regular file among those dropped, or null. */
    static Path firstFile(Transferable t) {
        for (Path p : files(t)) {
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        return null;
    }

    /** The files a drop carries, as a file list or as {@code file:} URIs. */
    static List<Path> files(Transferable t) {
        List<Path> out = new ArrayList<>();
        try {
            if (t.isDataFlavorSupported(DataFlavor.javaFileListFlavor)) {
                for (Object o : (List<?>) t.getTransferData(DataFlavor.javaFileListFlavor)) {
                    if (o instanceof File f) {
                        out.add(f.toPath());
                    }
                }
            } else if (t.isDataFlavorSupported(URI_LIST)) {
                for (String line : ((String) t.getTransferData(URI_LIST)).split("\r?\n")) {
                    Path p = fileUri(line.trim());
                    if (p != null) {
                        out.add(p);
                    }
                }
            }
        } catch (UnsupportedFlavorException | IOException | ClassCastException e) {
            LOG.log(Level.INFO, "Cannot read what was dropped", e);
        }
        return out;
    }

    /** The path of a {@code file:} URI, or null for comments, other schemes and malformed lines. */
    private static Path fileUri(String line) {
        if (line.isEmpty() || line.startsWith("#")) {
            return null;
        }
        try {
            URI uri = new URI(line);
            return "file".equalsIgnoreCase(uri.getScheme()) ? Path.of(uri) : null;
        } catch (java.net.URISyntaxException | IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
            return null;
        }
    }
}
