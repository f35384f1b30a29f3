package org.phonerescue.ui.packets;

import java.awt.EventQueue;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.netbeans.api.progress.ProgressHandle;
import org.openide.DialogDisplayer;
import org.openide.NotifyDescriptor;
import org.openide.util.Cancellable;
import org.openide.util.NbBundle.Messages;
import org.openide.util.RequestProcessor;
import org.phonerescue.core.pcap.CaptureFormatException;
import org.phonerescue.core.pcap.IndexedCapture;

/**
 * Reads one capture off the event thread for the packet list: a progress bar the user can cancel,
 * rows delivered on the event thread, the outcome written to the log, and an unreadable file
 * reported in a plain message dialog rather than as an exception.
 */
@Messages({
    "# {0} - file name",
    "MSG_Reading=Reading {0}",
    "# {0} - file name",
    "# {1} - what the reader found",
    "# {2} - byte offset",
    "ERR_NotACapture={0} is not a capture file PhoneRescue can read:\n{1} (byte offset {2})",
    "# {0} - path",
    "ERR_NoSuchFile={0} does not exist.",
    "# {0} - path",
    "ERR_AccessDenied=Permission denied reading {0}.",
    "# {0} - path",
    "# {1} - system message",
    "ERR_CannotRead=Cannot read {0}:\n{1}",
    "# {0} - path",
    "# {1} - exception",
    "ERR_Internal=Reading {0} failed: {1}\nThe details are in var/log/messages.log in the user directory."
})
final class CaptureLoadTask implements Runnable, Cancellable {

    /** Callbacks on the event dispatch thread: one of them, once. */
    interface Listener {
        /**
         * The capture is indexed ({@code capture} is null when the user cancelled). The listener
         * owns the capture and must close it when it does not show it.
         */
        void finished(IndexedCapture capture, CaptureLoadResult result);

        void failed(String message);
    }

    private static final Logger LOG = Logger.getLogger(CaptureLoadTask.class.getName());
    /** One file at a time: a newer request cancels the older one, and they would share one disk anyway. */
    private static final RequestProcessor READER = new RequestProcessor("Capture reader", 1, true);
    private static final int PROGRESS_UNITS = 1_000;
    /** Enough warnings in the log to diagnose a damaged file without flooding it. */
    private static final int LOGGED_WARNINGS = 20;

    private final Path file;
    private final Listener listener;
    private volatile boolean cancelled;

    private CaptureLoadTask(Path file, Listener listener) {
        this.file = file.toAbsolutePath();
        this.listener = listener;
    }

    static CaptureLoadTask start(Path file, Listener listener) {
        CaptureLoadTask task = new CaptureLoadTask(file, listener);
        READER.post(task);
        return task;
    }

    @Override
    public boolean cancel() {
        cancelled = true;
        return true;
    }

    @Override
    public void run() {
        ProgressHandle progress = ProgressHandle.createHandle(Bundle.MSG_Reading(file.getFileName()), this);
        progress.start(PROGRESS_UNITS);
        long size = sizeOf(file);
        try {
            PacketListReader.Loaded loaded = PacketListReader.read(file,
                    bytesRead -> progress.progress(units(bytesRead, size)), () -> cancelled);
            EventQueue.invokeLater(() -> {
                listener.finished(loaded.capture(), loaded.result());
                log(loaded.result());
            });
        } catch (IOException ex) {
            fail(describe(ex));
        } catch (RuntimeException ex) {
            // A decoder bug must not leave the window waiting for rows forever, nor reach the
            // platform's exception dialog: say what happened and keep the stack trace in the log.
            LOG.log(Level.INFO, "Reading " + file + " failed", ex);
            fail(Bundle.ERR_Internal(file, ex));
        } finally {
            progress.finish();
        }
    }

    private void fail(String message) {
        LOG.warning("Cannot open capture " + file + ": " + message.replace('\n', ' '));
        EventQueue.invokeLater(() -> listener.failed(message));
        DialogDisplayer.getDefault().notifyLater(new NotifyDescriptor.Message(message, NotifyDescriptor.ERROR_MESSAGE));
    }

    private String describe(IOException ex) {
        if (ex instanceof CaptureFormatException bad) {
            return Bundle.ERR_NotACapture(file.getFileName(), bad.getMessage(), String.valueOf(bad.fileOffset()));
        }
        if (ex instanceof NoSuchFileException) {
            return Bundle.ERR_NoSuchFile(file);
        }
        if (ex instanceof AccessDeniedException) {
            return Bundle.ERR_AccessDenied(file);
        }
        return Bundle.ERR_CannotRead(file, ex.getMessage() != null ? ex.getMessage() : ex.getClass().getSimpleName());
    }

    /** The line the launcher test and support engineers look for; plain text, no locale formatting of numbers. */
    private static void log(CaptureLoadResult result) {
        if (result.cancelled()) {
            LOG.info("Stopped reading capture " + result.file() + " after " + result.packetCount() + " packets");
        } else {
            LOG.info("Opened capture " + result.file() + ": " + result.packetCount() + " packets");
        }
        result.warnings().stream().limit(LOGGED_WARNINGS)
              .forEach(w -> LOG.info("Capture " + result.file().getFileName() + ": " + w));
        if (result.warnings().size() > LOGGED_WARNINGS) {
            LOG.info("Capture " + result.file().getFileName() + ": "
                     + (result.warnings().size() - LOGGED_WARNINGS) + " more warnings not logged");
        }
    }

    private static long sizeOf(Path file) {
        try {
            return Files.size(file);
        } catch (IOException ex) {
            return 0; // the reader reports the real problem a moment later
        }
    }

    private static int units(long bytesRead, long size) {
        return size <= 0 ? 0 : (int) Math.min(PROGRESS_UNITS, bytesRead * PROGRESS_UNITS / size);
    }
}
