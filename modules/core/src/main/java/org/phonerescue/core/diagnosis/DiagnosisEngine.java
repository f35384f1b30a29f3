package org.phonerescue.core.diagnosis;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.phonerescue.core.device.Device;
import org.phonerescue.core.device.Role;
import org.phonerescue.core.session.CaptureAnalysis;

/** Runs rules over an analysis and orders what they find into verdicts. */
public final class DiagnosisEngine {

    /** Most likely first; then the worse; then the earlier. */
    public static final Comparator<Finding> ORDER = Comparator.comparingInt(Finding::likelihood).reversed()
            .thenComparing(Comparator.comparing(Finding::severity).reversed())
            .thenComparingLong(f -> f.evidence().isEmpty() ? Long.MAX_VALUE : f.evidence().get(0))
            .thenComparing(Finding::rule);

    private final List<Rule> rules;

    public DiagnosisEngine(List<Rule> rules) {
        this.rules = List.copyOf(rules);
    }

    public List<Rule> rules() {
        return rules;
    }

    public Diagnosis diagnose(CaptureAnalysis analysis) {
        Map<String, List<Finding>> byDevice = new HashMap<>();
        List<Finding> general = new ArrayList<>();
        for (Rule rule : rules) {
            for (Finding f : rule.evaluate(analysis)) {
                if (f.device() != null && analysis.device(f.device()) != null) {
                    byDevice.computeIfAbsent(f.device(), k -> new ArrayList<>()).add(f);
                } else {
                    general.add(f);
                }
            }
        }
        List<Verdict> phones = new ArrayList<>();
        List<Verdict> others = new ArrayList<>();
        for (Device d : analysis.devices()) {
            List<Finding> findings = byDevice.getOrDefault(d.key(), List.of());
            if (d.role() == Role.PHONE || !findings.isEmpty()) {
                List<Finding> sorted = new ArrayList<>(findings);
                sorted.sort(ORDER);
                (d.role() == Role.PHONE ? phones : others).add(new Verdict(d, List.copyOf(sorted)));
            }
        }
        phones.addAll(others);
        general.sort(ORDER);
        return new Diagnosis(List.copyOf(phones), List.copyOf(general));
    }
}
