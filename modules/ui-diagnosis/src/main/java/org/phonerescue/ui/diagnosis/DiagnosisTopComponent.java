package org.phonerescue.ui.diagnosis;

import java.awt.BorderLayout;
import java.awt.Component;
import java.awt.Toolkit;
import java.awt.datatransfer.StringSelection;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.logging.Logger;
import javax.swing.DefaultListCellRenderer;
import javax.swing.DefaultListModel;
import javax.swing.JButton;
import javax.swing.JCheckBox;
import javax.swing.JEditorPane;
import javax.swing.JLabel;
import javax.swing.JList;
import javax.swing.JScrollPane;
import javax.swing.JSplitPane;
import javax.swing.JToolBar;
import javax.swing.ListSelectionModel;
import javax.swing.event.HyperlinkEvent;
import org.netbeans.api.progress.ProgressHandle;
import org.netbeans.api.settings.ConvertAsProperties;
import org.openide.DialogDisplayer;
import org.openide.NotifyDescriptor;
import org.openide.awt.ActionID;
import org.openide.awt.ActionReference;
import org.openide.awt.StatusDisplayer;
import org.openide.filesystems.FileChooserBuilder;
import org.openide.util.NbBundle.Messages;
import org.openide.util.RequestProcessor;
import org.openide.windows.TopComponent;
import org.openide.windows.WindowManager;
import org.phonerescue.core.device.Role;
import org.phonerescue.core.diagnosis.Finding;
import org.phonerescue.core.diagnosis.Verdict;
import org.phonerescue.core.report.Anonymizer;
import org.phonerescue.core.report.DiagnosisText;
import org.phonerescue.core.report.MarkdownReport;
import org.phonerescue.core.report.SavedFiles;
import org.phonerescue.core.transfer.FileTransfer;
import org.phonerescue.ui.packets.api.PacketList;

/**
 * The diagnosis of the open capture, below the packet list: on the left every phone (then every
 * other device something was found about) with its verdict, on the right the selected device's
 * findings, transfers, recovery attempts and timeline. A frame number selects that frame in the
 * packet list. Saves the Markdown report (anonymized unless unticked) and the transferred files.
 */
@ConvertAsProperties(dtd = "-//org.phonerescue.ui.diagnosis//Diagnosis//EN", autostore = false)
@TopComponent.Description(preferredID = DiagnosisTopComponent.PREFERRED_ID,
        persistenceType = TopComponent.PERSISTENCE_ALWAYS)
@TopComponent.Registration(mode = "diagnosis", openAtStartup = true, position = 10)
@ActionID(category = "Window", id = "org.phonerescue.ui.diagnosis.DiagnosisTopComponent")
@ActionReference(path = "Menu/Window", position = 20)
@TopComponent.OpenActionRegistration(displayName = "#CTL_DiagnosisAction", preferredID = DiagnosisTopComponent.PREFERRED_ID)
@Messages({
    "CTL_DiagnosisAction=Diagnosis",
    "CTL_DiagnosisTopComponent=Diagnosis",
    "HINT_DiagnosisTopComponent=Why the phones of the open capture did or did not recover",
    "MSG_NoDiagnosis=No capture open. Open one with File > Open Capture\u2026 (Ctrl+O): each phone's verdict appears here.",
    "# {0} - file name",
    "MSG_Analysing=Diagnosing {0}\u2026",
    "MSG_NoDevices=The capture shows no recovery traffic this tool knows: no phone and nothing to report.",
    "CTL_General=About no single device",
    "CTL_SaveReport=Save Report\u2026",
    "HINT_SaveReport=Write the diagnosis as Markdown for a forum post",
    "CTL_CopyReport=Copy Report",
    "HINT_CopyReport=Copy the Markdown report to the clipboard, ready to paste into a forum post",
    "MSG_Copied=The report is on the clipboard",
    "CTL_Anonymize=Anonymize",
    "HINT_Anonymize=In the report, replace MACs (vendor part kept), IP addresses, serials, host names and SIP users by aliases",
    "CTL_SaveFiles=Save Files\u2026",
    "HINT_SaveFiles=Save every transferred file (what was received, for a transfer that did not complete) in a folder",
    "CTL_ReportTitle=Save Diagnosis Report",
    "CTL_FilesTitle=Save Transferred Files To",
    "CTL_FileTitle=Save Transferred File",
    "CTL_MarkdownFiles=Markdown (*.md)",
    "# {0} - file",
    "MSG_Saved=Saved {0}",
    "# {0} - file or folder name",
    "MSG_Saving=Saving {0}",
    "# {0} - file name",
    "MSG_Replace={0} exists already. Replace it?",
    "# {0} - number of files",
    "# {1} - folder",
    "MSG_SavedFiles=Saved {0} files in {1}",
    "# {0} - file",
    "# {1} - system message",
    "ERR_Save=Cannot write {0}:\n{1}"
})
public final class DiagnosisTopComponent extends TopComponent {

    static final String PREFERRED_ID = "DiagnosisTopComponent";
    private static final Logger LOG = Logger.getLogger(DiagnosisTopComponent.class.getName());
    private static final RequestProcessor SAVING = new RequestProcessor("Saving diagnosis files", 1);

    /** An entry of the device list: a device's verdict, or the findings about no single device. */
    private record Entry(Verdict verdict, List<Finding> general) {
    }

    private final DefaultListModel<Entry> entries = new DefaultListModel<>();
    private final JList<Entry> list = new JList<>(entries);
    private final JEditorPane page = new JEditorPane("text/html", "");
    private final JLabel summary = new JLabel();
    private final JButton saveReport = new JButton(Bundle.CTL_SaveReport());
    private final JButton copyReport = new JButton(Bundle.CTL_CopyReport());
    private final JCheckBox anonymize = new JCheckBox(Bundle.CTL_Anonymize(), true);
    private final JButton saveFiles = new JButton(Bundle.CTL_SaveFiles());
    private AnalysedCapture shown;
    /** Tells the result of a superseded diagnosis from the current one. Event thread only. */
    private int generation;

    public DiagnosisTopComponent() {
        setName(Bundle.CTL_DiagnosisTopComponent());
        setToolTipText(Bundle.HINT_DiagnosisTopComponent());
        setLayout(new BorderLayout());

        JToolBar bar = new JToolBar();
        bar.setFloatable(false);
        saveReport.setToolTipText(Bundle.HINT_SaveReport());
        anonymize.setToolTipText(Bundle.HINT_Anonymize());
        saveFiles.setToolTipText(Bundle.HINT_SaveFiles());
        copyReport.setToolTipText(Bundle.HINT_CopyReport());
        saveReport.addActionListener(e -> saveReport());
        copyReport.addActionListener(e -> copyReport());
        saveFiles.addActionListener(e -> saveFiles());
        bar.add(saveReport);
        bar.add(copyReport);
        bar.add(anonymize);
        bar.addSeparator();
        bar.add(saveFiles);
        bar.addSeparator();
        bar.add(summary);
        add(bar, BorderLayout.NORTH);

        list.setSelectionMode(ListSelectionModel.SINGLE_SELECTION);
        list.setCellRenderer(new EntryRenderer());
        list.addListSelectionListener(e -> {
            if (!e.getValueIsAdjusting()) {
                showSelected();
            }
        });
        page.setEditable(false);
        page.putClientProperty(JEditorPane.HONOR_DISPLAY_PROPERTIES, Boolean.TRUE);
        page.addHyperlinkListener(e -> {
            if (e.getEventType() == HyperlinkEvent.EventType.ACTIVATED) {
                follow(e.getDescription());
            }
        });
        JSplitPane split = new JSplitPane(JSplitPane.HORIZONTAL_SPLIT, new JScrollPane(list), new JScrollPane(page));
        split.setDividerLocation(300);
        add(split, BorderLayout.CENTER);
        clear(Bundle.MSG_NoDiagnosis());
    }

    /** Diagnoses {@code file} and shows the result, opening the window if it was closed. Event thread only. */
    static void diagnose(Path file) {
        DiagnosisTopComponent view = find();
        view.open();
        view.start(file);
    }

    /** The open diagnosis window, else the window system's (restored or new, closed) one. */
    private static DiagnosisTopComponent find() {
        for (TopComponent open : TopComponent.getRegistry().getOpened()) {
            if (open instanceof DiagnosisTopComponent d) {
                return d;
            }
        }
        TopComponent found = WindowManager.getDefault().findTopComponent(PREFERRED_ID);
        return found instanceof DiagnosisTopComponent d ? d : new DiagnosisTopComponent();
    }

    private void start(Path file) {
        clear(Bundle.MSG_Analysing(file.getFileName()));
        setDisplayName(Bundle.CTL_DiagnosisTopComponent() + " \u2014 " + file.getFileName());
        int expected = ++generation;
        DiagnosisTask.start(file, result -> {
            if (expected != generation) {
                result.close(); // superseded by a newer capture, or the window was closed
                return;
            }
            show(result);
        }, message -> {
            if (expected == generation) {
                clear(message);
            }
        });
    }

    private void show(AnalysedCapture result) {
        closeShown();
        shown = result;
        long phones = result.analysis().devices().stream()
                .filter(d -> d.role() == Role.PHONE).count();
        summary.setText("  " + result.file().getFileName() + ": " + result.analysis().packets() + " packets, "
                        + phones + (phones == 1 ? " phone, " : " phones, ") + DiagnosisText.transferCounts(result.analysis()));
        entries.clear();
        result.diagnosis().verdicts().forEach(v -> entries.addElement(new Entry(v, null)));
        if (!result.diagnosis().general().isEmpty()) {
            entries.addElement(new Entry(null, result.diagnosis().general()));
        }
        saveReport.setEnabled(true);
        copyReport.setEnabled(true);
        saveFiles.setEnabled(!result.saveable().isEmpty());
        TimelineTopComponent.show(result.timeline());
        if (entries.isEmpty()) {
            setPage(DiagnosisPage.message(Bundle.MSG_NoDevices(), result.analysis().warnings()));
        } else {
            list.setSelectedIndex(0);
        }
    }

    private void showSelected() {
        Entry e = list.getSelectedValue();
        if (e == null || shown == null) {
            return;
        }
        setPage(e.verdict() != null ? DiagnosisPage.of(shown.analysis(), e.verdict())
                : DiagnosisPage.general(shown.analysis(), e.general()));
    }

    private void setPage(String html) {
        page.setText(html);
        page.setCaretPosition(0);
    }

    private void clear(String message) {
        closeShown();
        TimelineTopComponent.show(null);
        entries.clear();
        summary.setText("");
        saveReport.setEnabled(false);
        copyReport.setEnabled(false);
        saveFiles.setEnabled(false);
        setPage(DiagnosisPage.message(message));
    }

    private void follow(String link) {
        if (link == null) {
            return;
        }
        try {
            if (link.startsWith(DiagnosisPage.FRAME_LINK)) {
                PacketList.showFrame(Long.parseLong(link.substring(DiagnosisPage.FRAME_LINK.length())));
            } else if (link.startsWith(DiagnosisPage.SAVE_LINK)) {
                saveFile(Long.parseLong(link.substring(DiagnosisPage.SAVE_LINK.length())));
            }
        } catch (NumberFormatException e) {
            LOG.fine("Not a link of the diagnosis page: " + link);
        }
    }

    private void saveReport() {
        AnalysedCapture result = shown;
        if (result == null) {
            return;
        }
        String suggested = result.file().getFileName().toString().replaceFirst("\\.[^.]*$", "") + "-diagnosis.md";
        Path target = chooseFile(".report", Bundle.CTL_ReportTitle(), suggested,
                new javax.swing.filechooser.FileNameExtensionFilter(Bundle.CTL_MarkdownFiles(), "md"));
        if (target == null) {
            return;
        }
        String markdown = markdown(result);
        write(target, () -> Files.writeString(target, markdown, StandardCharsets.UTF_8), Bundle.MSG_Saved(target));
    }

    private void copyReport() {
        AnalysedCapture result = shown;
        if (result != null) {
            Toolkit.getDefaultToolkit().getSystemClipboard().setContents(new StringSelection(markdown(result)), null);
            StatusDisplayer.getDefault().setStatusText(Bundle.MSG_Copied());
        }
    }

    /** The Markdown report, anonymized while the box is ticked. */
    private String markdown(AnalysedCapture result) {
        return MarkdownReport.render(result.file().getFileName().toString(), result.analysis(), result.diagnosis(),
                anonymize.isSelected() ? Anonymizer.of(result.analysis()) : null);
    }

    private void saveFiles() {
        AnalysedCapture result = shown;
        if (result == null) {
            return;
        }
        File chosen = new FileChooserBuilder(DiagnosisTopComponent.class.getName() + ".files")
                .setTitle(Bundle.CTL_FilesTitle()).setDirectoriesOnly(true).showSaveDialog();
        if (chosen == null) {
            return;
        }
        Path folder = chosen.toPath();
        List<Path> written = new ArrayList<>();
        write(folder, () -> written.addAll(result.saveAll(folder)),
                () -> Bundle.MSG_SavedFiles(written.size(), folder));
    }

    private void saveFile(long requestFrame) {
        AnalysedCapture result = shown;
        if (result == null) {
            return;
        }
        FileTransfer transfer = result.analysis().fileTransfers().stream()
                .filter(t -> t.requestFrame() == requestFrame && SavedFiles.hasBytes(t)).findFirst().orElse(null);
        if (transfer == null) {
            return;
        }
        Path target = chooseFile(".file", Bundle.CTL_FileTitle(), SavedFiles.name(transfer), null);
        if (target != null) {
            write(target, () -> result.save(requestFrame, target), Bundle.MSG_Saved(target));
        }
    }

    /**
     * Asks where to save a file, starting in the folder last used for the same purpose with a
     * suggested name; asks before replacing an existing file. Null when the user cancels.
     */
    private Path chooseFile(String purpose, String title, String suggested,
                            javax.swing.filechooser.FileFilter filter) {
        javax.swing.JFileChooser chooser = new FileChooserBuilder(DiagnosisTopComponent.class.getName() + purpose)
                .setTitle(title).setFilesOnly(true).createFileChooser();
        if (filter != null) {
            chooser.setFileFilter(filter);
        }
        chooser.setSelectedFile(new File(chooser.getCurrentDirectory(), suggested));
        if (chooser.showSaveDialog(WindowManager.getDefault().getMainWindow()) != javax.swing.JFileChooser.APPROVE_OPTION
            || chooser.getSelectedFile() == null) {
            return null;
        }
        Path target = chooser.getSelectedFile().toPath();
        if (Files.exists(target)) {
            NotifyDescriptor.Confirmation replace = new NotifyDescriptor.Confirmation(
                    Bundle.MSG_Replace(target.getFileName()), NotifyDescriptor.OK_CANCEL_OPTION);
            if (DialogDisplayer.getDefault().notify(replace) != NotifyDescriptor.OK_OPTION) {
                return null;
            }
        }
        return target;
    }

    @FunctionalInterface
    private interface Writing {
        void run() throws IOException;
    }

    private void write(Path target, Writing writing, String done) {
        write(target, writing, () -> done);
    }

    /**
     * Writes off the event thread (files can be hundreds of MB, and saving reads the capture again).
     * The analysis stays open meanwhile: it is closed only when replaced, and its closing waits in
     * the same queue.
     */
    private void write(Path target, Writing writing, java.util.function.Supplier<String> done) {
        SAVING.post(() -> {
            ProgressHandle progress = ProgressHandle.createHandle(Bundle.MSG_Saving(target.getFileName()));
            progress.start();
            progress.switchToIndeterminate();
            try {
                writing.run();
                StatusDisplayer.getDefault().setStatusText(done.get());
                LOG.info(done.get());
            } catch (IOException e) {
                DialogDisplayer.getDefault().notifyLater(new NotifyDescriptor.Message(
                        Bundle.ERR_Save(target, e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName()),
                        NotifyDescriptor.ERROR_MESSAGE));
            } finally {
                progress.finish();
            }
        });
    }

    private void closeShown() {
        if (shown != null) {
            AnalysedCapture old = shown;
            shown = null;
            // after any save still writing from it
            SAVING.post(old::close);
        }
    }

    @Override
    protected void componentClosed() {
        generation++;
        clear(Bundle.MSG_NoDiagnosis());
        setDisplayName(null);
    }

    void writeProperties(Properties p) {
        // only the window's place is kept between sessions; its capture comes with the packet list's
        p.setProperty("version", "1.0");
    }

    void readProperties(Properties p) {
        // nothing beyond the version written above
    }

    /** A device's role, address and verdict id, coloured by the verdict's severity. */
    private static final class EntryRenderer extends DefaultListCellRenderer {
        @Override
        public Component getListCellRendererComponent(JList<?> list, Object value, int index, boolean selected,
                                                      boolean focus) {
            super.getListCellRendererComponent(list, value, index, selected, focus);
            if (value instanceof Entry e) {
                if (e.verdict() == null) {
                    setText("<html><i>" + DiagnosisPage.esc(Bundle.CTL_General()) + "</i></html>");
                } else {
                    Verdict v = e.verdict();
                    String verdict = v.findings().isEmpty() ? "<font color=\"gray\">nothing found</font>"
                            : "<font color=\"" + DiagnosisPage.colour(v.findings().get(0).severity()) + "\">"
                              + DiagnosisPage.esc(v.verdict()) + "</font>";
                    String address = v.device().addresses().isEmpty() ? "" : " " + v.device().addresses().get(0);
                    setText("<html><b>" + DiagnosisPage.esc(v.device().role().label()) + "</b> "
                            + DiagnosisPage.esc(v.device().label() + address) + "<br>" + verdict + "</html>");
                }
            }
            return this;
        }
    }
}
