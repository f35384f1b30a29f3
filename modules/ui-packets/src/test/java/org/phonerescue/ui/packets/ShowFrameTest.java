package org.phonerescue.ui.packets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.awt.EventQueue;
import java.awt.GraphicsEnvironment;
import java.util.concurrent.atomic.AtomicReference;
import javax.swing.JTable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openide.windows.TopComponent;
import org.phonerescue.ui.packets.api.PacketList;

/**
 * {@link PacketList#showFrame(long)}, as the diagnosis window's evidence links call it: the frame's
 * row is selected once the list has read the capture, whether asked before or after. The window
 * opens for real, so this needs an X display (Xvfb in the build).
 */
class ShowFrameTest {

    private static final long TIMEOUT_MILLIS = 30_000;

    @AfterEach
    void closeList() throws Exception {
        EventQueue.invokeAndWait(() -> {
            for (TopComponent tc : TopComponent.getRegistry().getOpened()) {
                tc.close();
            }
        });
    }

    @Test
    void selectsTheFrameOnceTheListHasReadIt() throws Exception {
        requireDisplay();
        // asked for before the list has read the file: kept until the rows are there
        EventQueue.invokeAndWait(() -> {
            PacketListTopComponent.openCapture(PacketTableModelTest.sampleCapture("tftp-rrq.pcap"));
            PacketList.showFrame(60);
        });
        assertEquals(59, awaitSelectedRow(59));
        // asked for afterwards: selected at once
        EventQueue.invokeAndWait(() -> PacketList.showFrame(7));
        assertEquals(6, selectedRow());
        // a frame the file does not have selects nothing new
        EventQueue.invokeAndWait(() -> PacketList.showFrame(100));
        assertEquals(6, selectedRow());
    }

    private static void requireDisplay() {
        if (GraphicsEnvironment.isHeadless()) {
            fail("No display: this test opens the packet list window. Run the build under Xvfb: xvfb-run -a mvn -B verify");
        }
    }

    private static int awaitSelectedRow(int row) throws Exception {
        long deadline = System.currentTimeMillis() + TIMEOUT_MILLIS;
        int selected;
        while ((selected = selectedRow()) != row && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
        return selected;
    }

    private static int selectedRow() throws Exception {
        AtomicReference<Integer> row = new AtomicReference<>(-1);
        EventQueue.invokeAndWait(() -> {
            PacketListTopComponent list = PacketListTopComponent.find();
            assertTrue(list.isOpened(), "the packet list window is not open");
            row.set(table(list).getSelectedRow());
        });
        return row.get();
    }

    private static JTable table(java.awt.Container c) {
        for (java.awt.Component child : c.getComponents()) {
            if (child instanceof JTable t) {
                return t;
            }
            if (child instanceof java.awt.Container inner) {
                JTable t = table(inner);
                if (t != null) {
                    return t;
                }
            }
        }
        return null;
    }
}
