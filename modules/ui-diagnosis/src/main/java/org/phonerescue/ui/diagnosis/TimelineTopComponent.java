package org.phonerescue.ui.diagnosis;

import java.awt.BorderLayout;
import java.util.Properties;
import javax.swing.JComponent;
import javax.swing.JLabel;
import javax.swing.SwingConstants;
import org.netbeans.api.settings.ConvertAsProperties;
import org.openide.awt.ActionID;
import org.openide.awt.ActionReference;
import org.openide.util.NbBundle.Messages;
import org.openide.windows.TopComponent;
import org.openide.windows.WindowManager;
import org.phonerescue.ui.packets.api.PacketList;

/**
 * The recovery timeline of the open capture: a row per device the diagnosis speaks of, its
 * recovery attempts' phases as bars and the telling moments as dots, across the capture's
 * seconds. A click on a bar or dot selects its frame in the packet list. Fed by the diagnosis
 * window, whose analysis it draws; beside it by default.
 */
@ConvertAsProperties(dtd = "-//org.phonerescue.ui.diagnosis//Timeline//EN", autostore = false)
@TopComponent.Description(preferredID = TimelineTopComponent.PREFERRED_ID,
        persistenceType = TopComponent.PERSISTENCE_ALWAYS)
@TopComponent.Registration(mode = "diagnosis", openAtStartup = true, position = 20)
@ActionID(category = "Window", id = "org.phonerescue.ui.diagnosis.TimelineTopComponent")
@ActionReference(path = "Menu/Window", position = 30)
@TopComponent.OpenActionRegistration(displayName = "#CTL_TimelineAction", preferredID = TimelineTopComponent.PREFERRED_ID)
@Messages({
    "CTL_TimelineAction=Recovery Timeline",
    "CTL_TimelineTopComponent=Recovery Timeline",
    "HINT_TimelineTopComponent=Each device's recovery attempts over the capture's time; click a bar or dot to see its frame",
    "MSG_NoTimeline=No capture diagnosed yet.",
    "MSG_EmptyTimeline=Nothing to draw: no device of this capture has recovery steps with timestamps."
})
public final class TimelineTopComponent extends TopComponent {

    static final String PREFERRED_ID = "TimelineTopComponent";
    /** The timeline of the capture last diagnosed, shown again when the window is reopened. Event thread only. */
    private static RecoveryTimeline last;

    public TimelineTopComponent() {
        setName(Bundle.CTL_TimelineTopComponent());
        setToolTipText(Bundle.HINT_TimelineTopComponent());
        setLayout(new BorderLayout());
        showContent(message(Bundle.MSG_NoTimeline()));
    }

    /** Shows {@code timeline} in the timeline window, if the window is open. Event thread only. */
    static void show(RecoveryTimeline timeline) {
        last = timeline;
        TimelineTopComponent view = find();
        if (view != null) {
            view.draw(timeline);
        }
    }

    private void draw(RecoveryTimeline timeline) {
        if (timeline == null) {
            showContent(message(Bundle.MSG_NoTimeline()));
        } else if (timeline.bars().isEmpty() && timeline.marks().isEmpty()) {
            showContent(message(Bundle.MSG_EmptyTimeline()));
        } else {
            showContent(TimelineChart.panel(TimelineChart.build(timeline), PacketList::showFrame));
        }
    }

    /** The open timeline window, or null: a closed one is not fed. */
    private static TimelineTopComponent find() {
        for (TopComponent open : TopComponent.getRegistry().getOpened()) {
            if (open instanceof TimelineTopComponent t) {
                return t;
            }
        }
        TopComponent found = WindowManager.getDefault().findTopComponent(PREFERRED_ID);
        return found instanceof TimelineTopComponent t && t.isOpened() ? t : null;
    }

    private void showContent(JComponent content) {
        removeAll();
        add(content, BorderLayout.CENTER);
        revalidate();
        repaint();
    }

    private static JComponent message(String text) {
        return new JLabel(text, SwingConstants.CENTER);
    }

    @Override
    protected void componentOpened() {
        draw(last);
    }

    @Override
    protected void componentClosed() {
        showContent(message(Bundle.MSG_NoTimeline())); // the chart goes; the data stays in 'last'
    }

    void writeProperties(Properties p) {
        p.setProperty("version", "1.0");
    }

    void readProperties(Properties p) {
        // nothing beyond the version written above
    }
}
