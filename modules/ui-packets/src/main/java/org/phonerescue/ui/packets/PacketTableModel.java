package org.phonerescue.ui.packets;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.swing.table.AbstractTableModel;
import org.phonerescue.core.pcap.IndexedCapture;

/**
 * The packet list's columns, as Wireshark's default layout has them, over an {@link IndexedCapture}.
 * A row is decoded when the table asks for it and kept in a small cache, so the list costs the
 * index's 8 bytes a packet, not a decoded row a packet: a capture of millions of packets scrolls
 * in constant memory. Times are relative to the first packet of the file with six decimals.
 * Only touched on the event dispatch thread, like every Swing model.
 */
public final class PacketTableModel extends AbstractTableModel {

    private static final Logger LOG = Logger.getLogger(PacketTableModel.class.getName());

    /** Rows kept decoded: several screens of scrolling either way. */
    static final int CACHED_ROWS = 4096;

    /** The columns in display order. */
    public enum Column {
        NUMBER("No.", Long.class),
        TIME("Time", String.class),
        SOURCE("Source", String.class),
        DESTINATION("Destination", String.class),
        PROTOCOL("Protocol", String.class),
        LENGTH("Length", Integer.class);

        private final String title;
        private final Class<?> type;

        Column(String title, Class<?> type) {
            this.title = title;
            this.type = type;
        }

        public String title() {
            return title;
        }
    }

    private static final Column[] COLUMNS = Column.values();

    private IndexedCapture capture;
    private int rowCount;
    private final Map<Integer, PacketRow> cache = new LinkedHashMap<>(CACHED_ROWS * 2, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Integer, PacketRow> eldest) {
            return size() > CACHED_ROWS;
        }
    };

    /** Shows {@code shown}, which the model now owns and closes when it is replaced or cleared. */
    public void show(IndexedCapture shown) {
        clear();
        capture = shown;
        rowCount = (int) Math.min(Integer.MAX_VALUE, shown.size());
        if (rowCount > 0) {
            fireTableRowsInserted(0, rowCount - 1);
        }
    }

    public void clear() {
        int size = rowCount;
        closeCapture();
        rowCount = 0;
        cache.clear();
        if (size > 0) {
            fireTableRowsDeleted(0, size - 1);
        }
    }

    /** The row at {@code row} (0-based), decoded on first use. */
    public PacketRow rowAt(int row) {
        PacketRow r = cache.get(row);
        if (r == null) {
            r = read(row + 1L);
            cache.put(row, r);
        }
        return r;
    }

    private PacketRow read(long number) {
        try {
            return PacketRow.of(capture.packet(number));
        } catch (IOException e) {
            // The file was changed or removed under us: say so in the row instead of failing the table.
            LOG.log(Level.INFO, "Cannot read packet " + number + " of " + capture.file(), e);
            return PacketRow.unreadable(number, e.getMessage());
        }
    }

    @Override
    public int getRowCount() {
        return rowCount;
    }

    @Override
    public int getColumnCount() {
        return COLUMNS.length;
    }

    @Override
    public String getColumnName(int column) {
        return COLUMNS[column].title;
    }

    @Override
    public Class<?> getColumnClass(int column) {
        return COLUMNS[column].type;
    }

    @Override
    public Object getValueAt(int row, int column) {
        PacketRow r = rowAt(row);
        return switch (COLUMNS[column]) {
            case NUMBER -> r.number();
            case TIME -> r.hasTimestamp() && rowAt(0).hasTimestamp() ? relativeTime(rowAt(0), r) : "";
            case SOURCE -> r.source();
            case DESTINATION -> r.destination();
            case PROTOCOL -> r.protocol();
            case LENGTH -> r.length();
        };
    }

    private void closeCapture() {
        if (capture != null) {
            try {
                capture.close();
            } catch (IOException e) {
                LOG.log(Level.FINE, "Closing " + capture.file(), e);
            }
            capture = null;
        }
    }

    /**
     * Seconds from {@code first} to {@code packet} with six decimals, truncated rather than rounded
     * as Wireshark shows frame.time_relative for microsecond captures. Seconds and nanoseconds stay
     * apart: a damaged pcapng timestamp can lie centuries away, beyond what a long counts in nanoseconds.
     */
    static String relativeTime(PacketRow first, PacketRow packet) {
        long seconds = packet.epochSecond() - first.epochSecond();
        long nanos = packet.nanos() - first.nanos();
        if (seconds > 0 && nanos < 0) {
            seconds--;
            nanos += 1_000_000_000L;
        } else if (seconds < 0 && nanos > 0) {
            seconds++;
            nanos -= 1_000_000_000L;
        }
        String micros = Long.toString(Math.abs(nanos) / 1_000L);
        String sign = seconds < 0 || nanos < 0 ? "-" : "";
        return sign + Math.abs(seconds) + "." + "0".repeat(6 - micros.length()) + micros;
    }
}
