package org.phonerescue.ui.packets;

import java.util.ArrayList;
import java.util.List;
import javax.swing.table.AbstractTableModel;

/**
 * The packet list's columns, as Wireshark's default layout has them. Times are relative to the
 * first packet of the file with six decimals, the form engineers compare against {@code tshark -r}.
 * Only touched on the event dispatch thread, like every Swing model.
 */
public final class PacketTableModel extends AbstractTableModel {

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

    private final List<PacketRow> rows = new ArrayList<>();

    public void clear() {
        int size = rows.size();
        if (size > 0) {
            rows.clear();
            fireTableRowsDeleted(0, size - 1);
        }
    }

    public void append(List<PacketRow> batch) {
        if (batch.isEmpty()) {
            return;
        }
        int first = rows.size();
        rows.addAll(batch);
        fireTableRowsInserted(first, rows.size() - 1);
    }

    public PacketRow rowAt(int row) {
        return rows.get(row);
    }

    @Override
    public int getRowCount() {
        return rows.size();
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
        PacketRow r = rows.get(row);
        return switch (COLUMNS[column]) {
            case NUMBER -> r.number();
            case TIME -> relativeTime(rows.get(0), r);
            case SOURCE -> r.source();
            case DESTINATION -> r.destination();
            case PROTOCOL -> r.protocol();
            case LENGTH -> r.length();
        };
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
