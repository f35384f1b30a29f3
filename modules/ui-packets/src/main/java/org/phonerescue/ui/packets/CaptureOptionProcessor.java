package org.phonerescue.ui.packets;

import java.io.File;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.netbeans.spi.sendopts.Env;
import org.netbeans.spi.sendopts.Option;
import org.netbeans.spi.sendopts.OptionProcessor;
import org.openide.util.NbBundle.Messages;
import org.openide.util.lookup.ServiceProvider;
import org.openide.windows.WindowManager;

/**
 * Opens a capture named on the launcher's command line: {@code phonerescue /path/file.pcap}. Also
 * reached when the application already runs: the launcher then hands the arguments to the running
 * instance, with the caller's working directory in {@link Env}.
 */
@ServiceProvider(service = OptionProcessor.class)
@Messages({
    "# {0} - number of files given",
    "# {1} - the file opened",
    "MSG_OneCaptureOnly=One capture is shown at a time; {0} were given, opening {1}"
})
public final class CaptureOptionProcessor extends OptionProcessor {

    /** The arguments no other option claims: file names. */
    private final Option captureFiles = Option.defaultArguments();

    @Override
    protected Set<Option> getOptions() {
        return Set.of(captureFiles);
    }

    @Override
    protected void process(Env env, Map<Option, String[]> values) {
        String[] names = values.get(captureFiles);
        if (names == null || names.length == 0) {
            return;
        }
        File cwd = env.getCurrentDirectory();
        Path file = cwd.toPath().resolve(names[0]).toAbsolutePath().normalize();
        if (names.length > 1) {
            env.getErrorStream().println(Bundle.MSG_OneCaptureOnly(names.length, file));
        }
        // At start-up this runs before the main window exists; the window system calls back once it is shown.
        WindowManager.getDefault().invokeWhenUIReady(() -> PacketListTopComponent.openCapture(file));
    }
}
