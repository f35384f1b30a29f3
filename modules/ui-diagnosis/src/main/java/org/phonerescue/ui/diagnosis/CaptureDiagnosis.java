package org.phonerescue.ui.diagnosis;

import java.nio.file.Path;
import org.openide.util.lookup.ServiceProvider;
import org.phonerescue.ui.packets.api.CaptureObserver;

/** Diagnoses every capture the workbench opens, as the packet list reads it. */
@ServiceProvider(service = CaptureObserver.class)
public final class CaptureDiagnosis implements CaptureObserver {

    @Override
    public void captureOpened(Path file) {
        DiagnosisTopComponent.diagnose(file);
    }
}
