package org.phonerescue.ui.packets;

import java.nio.file.Path;
import java.util.List;
import org.phonerescue.core.pcap.CaptureWarning;

/**
 * How reading a capture into the packet list ended.
 *
 * @param file        the capture, as an absolute path
 * @param packetCount packets listed (when cancelled: packets read before the reading stopped)
 * @param warnings    everything the reader found wrong, in file order
 * @param cancelled   true when the user stopped the reading
 */
public record CaptureLoadResult(Path file, long packetCount, List<CaptureWarning> warnings, boolean cancelled) {

    public CaptureLoadResult {
        warnings = List.copyOf(warnings);
    }

    /** Whether a damaged record ended the reading before the end of the file. */
    public boolean stoppedEarly() {
        return !warnings.isEmpty() && warnings.get(warnings.size() - 1).fatal();
    }

    /**
     * The status line under the list: file name, packet count and the warning that matters most
     * (the one that stopped the reading, else the first), so a damaged file says so at a glance.
     */
    public String statusText() {
        StringBuilder sb = new StringBuilder();
        sb.append(file.getFileName()).append(" \u2014 ").append(packetCount)
          .append(packetCount == 1 ? " packet" : " packets");
        if (cancelled) {
            sb.append(" read, then cancelled: nothing listed");
        }
        if (!warnings.isEmpty()) {
            CaptureWarning shown = stoppedEarly() ? warnings.get(warnings.size() - 1) : warnings.get(0);
            sb.append(" \u2014 ").append(shown);
            if (warnings.size() > 1) {
                sb.append(" (").append(warnings.size() - 1).append(" more)");
            }
        }
        return sb.toString();
    }
}
