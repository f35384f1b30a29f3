package org.phonerescue.core.diagnosis;

import java.util.List;
import org.phonerescue.core.analysis.PacketView;
import org.phonerescue.core.analysis.Scenario;
import org.phonerescue.core.device.OuiRegistry;
import org.phonerescue.core.diagnosis.rules.StandardRules;
import org.phonerescue.core.session.CaptureAnalysis;
import org.phonerescue.core.session.CaptureAnalyzer;
import org.phonerescue.core.transfer.ContentStore;

/** Runs the analysis and every rule over a scene, decoded as the product decodes captures. */
public final class Diagnose {

    private Diagnose() {
    }

    public static CaptureAnalysis analyse(Scenario s) {
        return analyse(s, ContentStore.keeping());
    }

    /** With the content store {@code phonerescue diagnose} uses, e.g. {@link ContentStore#forChecks()}. */
    public static CaptureAnalysis analyse(Scenario s, ContentStore store) {
        CaptureAnalyzer analyzer = new CaptureAnalyzer(OuiRegistry.empty(), store);
        org.phonerescue.core.decode.PacketDecoder decoder = new org.phonerescue.core.decode.PacketDecoder(
                CaptureAnalyzer.FIELDS);
        analyzer.decoder(decoder.state());
        for (PacketView p : s.decode(decoder)) {
            analyzer.accept(p);
        }
        return analyzer.finish();
    }

    public static Diagnosis run(Scenario s) {
        return run(s, ContentStore.keeping());
    }

    public static Diagnosis run(Scenario s, ContentStore store) {
        try (CaptureAnalysis a = analyse(s, store)) {
            return new DiagnosisEngine(StandardRules.all()).diagnose(a);
        }
    }

    /** Every finding of one rule, wherever it is attached. */
    public static List<Finding> findings(Diagnosis d, String rule) {
        return java.util.stream.Stream.concat(d.verdicts().stream().flatMap(v -> v.findings().stream()),
                d.general().stream()).filter(f -> f.rule().equals(rule)).toList();
    }

    /** The single finding of a rule; fails when there is none or several. */
    public static Finding only(Diagnosis d, String rule) {
        List<Finding> all = findings(d, rule);
        if (all.size() != 1) {
            throw new AssertionError("expected one " + rule + " finding, got " + all + "\nverdicts: " + d.verdicts());
        }
        return all.get(0);
    }
}
