package org.phonerescue.core.diagnosis;

import java.util.Collection;
import java.util.List;
import java.util.TreeSet;
import org.phonerescue.core.session.CaptureAnalysis;

/**
 * One diagnosis rule: a known cause of failed (or successful) recovery, recognised in what a
 * capture's analysis found. Ids are stable: once released, never renamed.
 */
public interface Rule {

    /** Most frames cited as evidence by one finding. */
    int MAX_EVIDENCE = 50;

    /** Kebab-case id, e.g. "server-unreachable". */
    String id();

    String title();

    Severity severity();

    /** The findings in this capture; empty when the cause is not there. */
    List<Finding> evaluate(CaptureAnalysis analysis);

    /** A finding of this rule, its evidence sorted, without repeats, at most {@link #MAX_EVIDENCE} frames. */
    default Finding finding(String device, int likelihood, String explanation, String remedy,
                            Collection<Long> evidence, long transfer) {
        return finding(severity(), device, likelihood, explanation, remedy, evidence, transfer);
    }

    /** A finding with a severity other than the rule's usual one. */
    default Finding finding(Severity severity, String device, int likelihood, String explanation, String remedy,
                            Collection<Long> evidence, long transfer) {
        List<Long> frames = new TreeSet<>(evidence).stream().filter(f -> f > 0).limit(MAX_EVIDENCE).toList();
        return new Finding(id(), severity, title(), explanation, remedy, frames, device, likelihood, transfer);
    }
}
