package org.phonerescue.core.report;

import java.util.HexFormat;
import java.util.List;
import org.phonerescue.core.firmware.CheckFinding;
import org.phonerescue.core.firmware.SpaImage;
import org.phonerescue.core.firmware.SpaImageModule;
import org.phonerescue.core.firmware.SpaImageReport;

/** The JSON form of the firmware and file checks ({@code check-image --json}), as the README documents it. */
public final class CheckJson {

    /** Raised if a member changes meaning or disappears. */
    public static final int FORMAT = 1;

    private CheckJson() {
    }

    /** One SPA image check. */
    public static String image(String file, SpaImageReport r) {
        StringBuilder sb = new StringBuilder();
        JsonWriter w = new JsonWriter(sb);
        SpaImage i = r.image();
        w.beginObject().member("format", FORMAT).member("file", file).member("size", i.size())
                .member("spa_image", i.magic()).member("provenance", SpaImage.PROVENANCE)
                .member("version", i.version());
        longOrNull(w, "declared_length", i.declaredLength());
        longOrNull(w, "header_length", i.headerLength());
        longOrNull(w, "module_header_length", i.moduleHeaderLength());
        longOrNull(w, "module_count", i.moduleCount());
        w.member("digest", hex(i.digest())).member("randseq", hex(i.randseq())).member("loader", r.loaderVersion())
                .member("broken", r.broken()).member("loader_mismatch", r.loaderMismatch());
        ints(w, "flashed_sectors", r.flashed());
        ints(w, "kept_sectors", r.kept());
        w.name("modules").beginArray();
        for (SpaImageModule m : i.modules()) {
            w.beginObject().member("index", m.index()).member("sector", m.sectorId()).member("flags", m.flags())
                    .member("stored", m.stored()).member("length", m.length()).member("offset", m.offset())
                    .member("md5", m.md5Hex()).member("flashed", m.flashed())
                    .member("unknown_bytes", m.restUsed() ? HexFormat.of().formatHex(m.rest()) : null).endObject();
        }
        w.endArray();
        findings(w, r.findings());
        w.endObject();
        return sb.append('\n').toString();
    }

    /** One server-root check. */
    public static String root(String root, List<String> requested, List<CheckFinding> findings) {
        StringBuilder sb = new StringBuilder();
        JsonWriter w = new JsonWriter(sb);
        w.beginObject().member("format", FORMAT).member("root", root);
        w.name("requested").beginArray();
        requested.forEach(w::value);
        w.endArray();
        w.member("problems", findings.stream().filter(CheckFinding::problem).count());
        findings(w, findings);
        w.endObject();
        return sb.append('\n').toString();
    }

    /** A list of findings: severity, check, text, fix. */
    static void findings(JsonWriter w, List<CheckFinding> findings) {
        w.name("findings").beginArray();
        for (CheckFinding f : findings) {
            w.beginObject().member("severity", f.severity().label()).member("check", f.subject())
                    .member("text", f.text()).member("fix", f.fix()).endObject();
        }
        w.endArray();
    }

    private static void ints(JsonWriter w, String name, List<Integer> values) {
        w.name(name).beginArray();
        values.forEach(v -> w.value(v));
        w.endArray();
    }

    private static void longOrNull(JsonWriter w, String name, long v) {
        w.name(name);
        if (v < 0) {
            w.nullValue();
        } else {
            w.value(v);
        }
    }

    private static String hex(byte[] b) {
        return b == null ? null : HexFormat.of().formatHex(b);
    }
}
