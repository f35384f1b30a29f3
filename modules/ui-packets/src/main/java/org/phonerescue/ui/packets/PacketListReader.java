package org.phonerescue.ui.packets;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.phonerescue.core.pcap.CaptureReader;
import org.phonerescue.core.pcap.CapturedPacket;

/**
 * Reads a capture file into packet-list rows and hands them over in batches, so a view fills while
 * the reading goes on and a large file never waits on one big list. No platform classes here: the
 * window wraps it in a background task, tests call it directly.
 */
public final class PacketListReader {

    /** Receives rows in file order. */
    @FunctionalInterface
    public interface BatchSink {
        /**
         * @param rows      the next rows; the sink may keep the list
         * @param bytesRead file offset reached, for progress
         */
        void accept(List<PacketRow> rows, long bytesRead);
    }

    /** Big enough that handing a batch to the event thread costs little, small enough to show rows at once. */
    static final int BATCH_SIZE = 2_000;

    private PacketListReader() {
    }

    /**
     * Reads every packet the reader can keep. Damage inside the file ends up in the result's
     * warnings; only a file that cannot be opened or is not a capture at all throws.
     *
     * @throws org.phonerescue.core.pcap.CaptureFormatException if the file is not a readable capture
     * @throws IOException if the file cannot be read
     */
    public static CaptureLoadResult read(Path file, BatchSink sink, BooleanSupplier cancelled) throws IOException {
        Path absolute = file.toAbsolutePath();
        try (CaptureReader reader = CaptureReader.open(absolute)) {
            long count = 0;
            long offset = 0;
            boolean stopped = false;
            List<PacketRow> batch = new ArrayList<>(BATCH_SIZE);
            while (true) {
                if (cancelled.getAsBoolean()) {
                    stopped = true;
                    break;
                }
                CapturedPacket packet = reader.next();
                if (packet == null) {
                    break;
                }
                batch.add(PacketRow.of(packet));
                count++;
                offset = packet.fileOffset();
                if (batch.size() == BATCH_SIZE) {
                    sink.accept(batch, offset);
                    batch = new ArrayList<>(BATCH_SIZE);
                }
            }
            if (!batch.isEmpty()) {
                sink.accept(batch, offset);
            }
            return new CaptureLoadResult(absolute, count, reader.warnings(), stopped);
        }
    }
}
