package org.phonerescue.ui.packets;

import javax.swing.JTable;
import javax.swing.ListSelectionModel;
import javax.swing.SwingConstants;
import javax.swing.table.DefaultTableCellRenderer;
import javax.swing.table.TableColumn;
import org.phonerescue.ui.packets.PacketTableModel.Column;

/** The packet list's table: Wireshark-like column widths, times right-aligned like the numbers. */
final class PacketTable extends JTable {

    PacketTable(PacketTableModel model) {
        super(model);
        setSelectionMode(ListSelectionModel.SINGLE_SELECTION);
        setFillsViewportHeight(true);
        // Sorting stays off: packet order is file order, and the Time text would sort as text.
        setAutoCreateRowSorter(false);
        getTableHeader().setReorderingAllowed(false);
        // Fixed-content columns stay narrow so that extra width goes to the addresses.
        width(Column.NUMBER, 70, 110);
        width(Column.TIME, 110, 150);
        width(Column.SOURCE, 220, Integer.MAX_VALUE);
        width(Column.DESTINATION, 220, Integer.MAX_VALUE);
        width(Column.PROTOCOL, 90, 160);
        width(Column.LENGTH, 70, 100);
        DefaultTableCellRenderer right = new DefaultTableCellRenderer();
        right.setHorizontalAlignment(SwingConstants.RIGHT);
        column(Column.TIME).setCellRenderer(right);
    }

    private void width(Column column, int preferred, int max) {
        TableColumn c = column(column);
        c.setPreferredWidth(preferred);
        c.setMaxWidth(max);
    }

    private TableColumn column(Column column) {
        return getColumnModel().getColumn(column.ordinal());
    }
}
