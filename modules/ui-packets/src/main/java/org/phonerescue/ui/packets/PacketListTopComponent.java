package org.phonerescue.ui.packets;

import java.awt.BorderLayout;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import javax.swing.BorderFactory;
import javax.swing.JLabel;
import javax.swing.JScrollPane;
import javax.swing.UIManager;
import org.netbeans.api.settings.ConvertAsProperties;
import org.openide.awt.ActionID;
import org.openide.awt.ActionReference;
import org.openide.util.Lookup;
import org.openide.util.NbBundle.Messages;
import org.openide.windows.TopComponent;
import org.openide.windows.WindowManager;
import org.phonerescue.core.pcap.CaptureWarning;
import org.phonerescue.core.pcap.IndexedCapture;
import org.phonerescue.ui.packets.api.CaptureObserver;

/**
 * The packet list of the open capture, docked in the main area where the document would be: it is
 * what every analysis starts from. One capture at a time; opening another replaces it.
 */
@ConvertAsProperties(dtd = "-//org.phonerescue.ui.packets//PacketList//EN", autostore = false)
@TopComponent.Description(preferredID = PacketListTopComponent.PREFERRED_ID,
        persistenceType = TopComponent.PERSISTENCE_ALWAYS)
@TopComponent.Registration(mode = "editor", openAtStartup = true)
@ActionID(category = "Window", id = "org.phonerescue.ui.packets.PacketListTopComponent")
@ActionReference(path = "Menu/Window", position = 10)
@TopComponent.OpenActionRegistration(displayName = "#CTL_PacketListAction", preferredID = PacketListTopComponent.PREFERRED_ID)
@Messages({
    "CTL_PacketListAction=Packet List",
    "CTL_PacketListTopComponent=Packet List",
    "HINT_PacketListTopComponent=Packets of the open capture",
    "MSG_NoCapture=No capture open. Use File > Open Capture\u2026 (Ctrl+O) or name a capture file on the command line."
})
public final class PacketListTopComponent extends TopComponent {

    static final String PREFERRED_ID = "PacketListTopComponent";
    /** Warnings listed in the status line's tooltip; the log has the rest. */
    private static final int TOOLTIP_WARNINGS = 30;

    private final PacketTableModel model = new PacketTableModel();
    private final PacketTable table = new PacketTable(model);
    private final JLabel status = new JLabel();
    /** A frame asked for before the list had read that far, shown once it has; 0 when none. */
    private long pendingFrame;
    private CaptureLoadTask loading;
    /** Tells callbacks of a superseded load from those of the current one. Event thread only. */
    private int generation;

    public PacketListTopComponent() {
        setName(Bundle.CTL_PacketListTopComponent());
        setToolTipText(Bundle.HINT_PacketListTopComponent());
        setLayout(new BorderLayout());
        add(new JScrollPane(table), BorderLayout.CENTER);
        status.setBorder(BorderFactory.createEmptyBorder(3, 6, 3, 6));
        add(status, BorderLayout.SOUTH);
        showStatus(Bundle.MSG_NoCapture(), false, null);
    }

    /** Shows {@code file} in the packet list, reopening the window if it was closed. Event thread only. */
    static void openCapture(Path file) {
        PacketListTopComponent view = find();
        view.open();
        view.requestActive();
        Path absolute = file.toAbsolutePath();
        view.load(absolute);
        for (CaptureObserver observer : Lookup.getDefault().lookupAll(CaptureObserver.class)) {
            observer.captureOpened(absolute);
        }
    }

    /** See {@link org.phonerescue.ui.packets.api.PacketList#showFrame(long)}. Event thread only. */
    public static void showFrame(long frame) {
        PacketListTopComponent view = find();
        view.open();
        view.requestVisible();
        view.select(frame);
    }

    /** The open packet list, else the window system's (restored or new, closed) one. */
    static PacketListTopComponent find() {
        for (TopComponent open : TopComponent.getRegistry().getOpened()) {
            if (open instanceof PacketListTopComponent p) {
                return p;
            }
        }
        TopComponent found = WindowManager.getDefault().findTopComponent(PREFERRED_ID);
        return found instanceof PacketListTopComponent p ? p : new PacketListTopComponent();
    }

    private void select(long frame) {
        if (frame < 1) {
            return;
        }
        if (frame > model.getRowCount()) {
            pendingFrame = frame; // still reading, or a frame the file does not have (then nothing happens)
            return;
        }
        pendingFrame = 0;
        int row = (int) (frame - 1);
        table.getSelectionModel().setSelectionInterval(row, row);
        table.scrollRectToVisible(table.getCellRect(row, 0, true));
    }

    private void load(Path file) {
        stopLoading();
        model.clear();
        pendingFrame = 0;
        setDisplayName(file.getFileName().toString());
        setToolTipText(file.toString());
        showStatus(Bundle.MSG_Reading(file.getFileName()), false, null);
        int expected = ++generation;
        loading = CaptureLoadTask.start(file, new CaptureLoadTask.Listener() {
            @Override
            public void finished(IndexedCapture capture, CaptureLoadResult result) {
                if (expected != generation) {
                    closeQuietly(capture); // superseded by a newer load, or the window was closed
                    return;
                }
                if (capture != null) {
                    model.show(capture);
                    if (pendingFrame > 0) {
                        select(pendingFrame);
                    }
                }
                showStatus(result.statusText(), !result.warnings().isEmpty(), tooltip(result.warnings()));
            }

            @Override
            public void failed(String message) {
                if (expected == generation) {
                    showStatus(message.replace('\n', ' '), true, null);
                }
            }
        });
    }

    private static void closeQuietly(IndexedCapture capture) {
        if (capture != null) {
            try {
                capture.close();
            } catch (IOException e) {
                // nothing was written to it; the file handle is gone either way
            }
        }
    }

    private void showStatus(String text, boolean problem, String tooltip) {
        status.setText(text);
        status.setForeground(problem ? errorColor() : UIManager.getColor("Label.foreground"));
        status.setToolTipText(tooltip);
    }

    /** Every warning on its own line (up to a limit): the status line has room for one. */
    private static String tooltip(List<CaptureWarning> warnings) {
        if (warnings.isEmpty()) {
            return null;
        }
        StringBuilder html = new StringBuilder("<html>");
        warnings.stream().limit(TOOLTIP_WARNINGS).forEach(w -> html.append(escape(w.toString())).append("<br>"));
        if (warnings.size() > TOOLTIP_WARNINGS) {
            html.append("\u2026 and ").append(warnings.size() - TOOLTIP_WARNINGS).append(" more (see the log)");
        }
        return html.toString();
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static Color errorColor() {
        Color c = UIManager.getColor("nb.errorForeground");
        return c != null ? c : Color.RED.darker();
    }

    private void stopLoading() {
        if (loading != null) {
            loading.cancel();
            loading = null;
        }
    }

    @Override
    protected void componentClosed() {
        // A closed list should not keep the capture's index in memory nor its file open.
        stopLoading();
        generation++;
        model.clear();
        pendingFrame = 0;
        setDisplayName(null);
        setToolTipText(Bundle.HINT_PacketListTopComponent());
        showStatus(Bundle.MSG_NoCapture(), false, null);
    }

    void writeProperties(Properties p) {
        // Only the window's place is kept between sessions, not its capture: the next session's
        // capture comes from the command line or the Open action.
        p.setProperty("version", "1.0");
    }

    void readProperties(Properties p) {
        // nothing beyond the version written above
    }
}
