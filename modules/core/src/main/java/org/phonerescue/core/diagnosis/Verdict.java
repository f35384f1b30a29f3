package org.phonerescue.core.diagnosis;

import java.util.List;
import org.phonerescue.core.device.Device;

/**
 * What the diagnosis says about one device: its findings, the most likely root cause first.
 *
 * @param device   the device
 * @param findings ordered by likelihood, then severity, then first evidence frame
 */
public record Verdict(Device device, List<Finding> findings) {

    /** The id of the first finding, or null when nothing was found. */
    public String verdict() {
        return findings.isEmpty() ? null : findings.get(0).rule();
    }
}
