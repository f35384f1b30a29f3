package org.phonerescue.core.diagnosis;

import java.util.List;

/**
 * The diagnosis of a capture: a verdict per phone (and per other device something was found
 * about), and findings that concern no single device.
 *
 * @param verdicts phones first, then other devices, each group in order of first frame
 * @param general  findings without a device
 */
public record Diagnosis(List<Verdict> verdicts, List<Finding> general) {

    /** The verdict for a device key, or null. */
    public Verdict verdict(String deviceKey) {
        return verdicts.stream().filter(v -> v.device().key().equals(deviceKey)).findFirst().orElse(null);
    }
}
