package org.phonerescue.ui.packets;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.LongConsumer;
import org.phonerescue.core.pcap.IndexedCapture;

/**
 * Opens a capture for the packet list: one pass builds the packet index (8 bytes a packet), so
 * the list can show any row of a file far larger than the heap by reading that packet back when
 * it scrolls into view. No platform classes here: the window wraps it in a background task,
 * tests call it directly.
 */
public final class PacketListReader {

    /**
     * The outcome of opening a capture.
     *
     * @param capture the indexed capture, owned by the caller from now on; null when cancelled
     * @param result  what the packet list's status line and the log say about it
     */
    public record Loaded(IndexedCapture capture, CaptureLoadResult result) {
    }

    private PacketListReader() {
    }

    /**
     * Indexes every packet the reader can keep. Damage inside the file ends up in the result's
     * warnings; only a file that cannot be opened or is not a capture at all throws.
     *
     * @param bytesRead told the file offset reached, now and then, for a progress bar
     * @param cancelled asked now and then; true stops the reading
     * @throws org.phonerescue.core.pcap.CaptureFormatException if the file is not a readable capture
     * @throws IOException if the file cannot be read
     */
    public static Loaded read(Path file, LongConsumer bytesRead, BooleanSupplier cancelled) throws IOException {
        Path absolute = file.toAbsolutePath();
        AtomicLong indexed = new AtomicLong();
        try {
            IndexedCapture capture = IndexedCapture.open(absolute, (packets, offset) -> {
                indexed.set(packets);
                bytesRead.accept(offset);
                return !cancelled.getAsBoolean();
            });
            return new Loaded(capture, new CaptureLoadResult(absolute, capture.size(), capture.warnings(), false));
        } catch (InterruptedIOException stopped) {
            return new Loaded(null, new CaptureLoadResult(absolute, indexed.get(), List.of(), true));
        }
    }
}
