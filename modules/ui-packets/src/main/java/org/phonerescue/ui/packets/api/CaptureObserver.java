package org.phonerescue.ui.packets.api;

import java.nio.file.Path;

/**
 * Told when the workbench opens a capture, so that other windows (the diagnosis, a timeline) show
 * the same file as the packet list. Registered with {@code @ServiceProvider(service =
 * CaptureObserver.class)}; called on the event dispatch thread, before the packet list has read the
 * file, so an observer starts its own work off that thread. Closing the packet list closes no
 * other window: what they show stays until the next capture is opened.
 */
public interface CaptureObserver {

    /** {@code file} (absolute) is now the open capture. */
    void captureOpened(Path file);
}
