package org.phonerescue.ui.packets;

import java.awt.event.ActionEvent;
import java.awt.event.ActionListener;
import java.io.File;
import javax.swing.filechooser.FileNameExtensionFilter;
import org.openide.awt.ActionID;
import org.openide.awt.ActionReference;
import org.openide.awt.ActionReferences;
import org.openide.awt.ActionRegistration;
import org.openide.filesystems.FileChooserBuilder;
import org.openide.util.NbBundle.Messages;

/** File > Open Capture…: picks a capture file and shows it in the packet list. */
@ActionID(category = "File", id = "org.phonerescue.ui.packets.OpenCaptureAction")
@ActionRegistration(displayName = "#CTL_OpenCaptureAction")
@ActionReferences({
    @ActionReference(path = "Menu/File", position = 10),
    // D- is Ctrl on Linux and Windows, Cmd on macOS
    @ActionReference(path = "Shortcuts", name = "D-O")
})
@Messages({
    "CTL_OpenCaptureAction=Open Capture\u2026",
    "CTL_OpenCaptureTitle=Open Capture",
    "CTL_CaptureFiles=Capture files (*.pcap, *.pcapng, *.cap)"
})
public final class OpenCaptureAction implements ActionListener {

    @Override
    public void actionPerformed(ActionEvent e) {
        // The builder's key makes the chooser start in the folder of the last capture opened.
        FileNameExtensionFilter captures = new FileNameExtensionFilter(Bundle.CTL_CaptureFiles(), "pcap", "pcapng", "cap");
        File chosen = new FileChooserBuilder(OpenCaptureAction.class)
                .setTitle(Bundle.CTL_OpenCaptureTitle())
                .setFilesOnly(true)
                .addFileFilter(captures)
                .setFileFilter(captures)
                .showOpenDialog();
        if (chosen != null) {
            PacketListTopComponent.openCapture(chosen.toPath());
        }
    }
}
