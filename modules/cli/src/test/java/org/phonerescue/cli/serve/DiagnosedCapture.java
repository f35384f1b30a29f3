package org.phonerescue.cli.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.phonerescue.cli.JsonReader;
import org.phonerescue.cli.PhoneRescueJar;

/** What {@code phonerescue diagnose --json FILE} says about a capture, read with the tests' own JSON reader. */
@SuppressWarnings("unchecked")
final class DiagnosedCapture {

    final Path capture;
    final Map<String, Object> json;

    private DiagnosedCapture(Path capture, Map<String, Object> json) {
        this.capture = capture;
        this.json = json;
    }

    /** Runs the built command line on {@code capture}; it must end with exit code 0. */
    static DiagnosedCapture of(Path capture) throws IOException, InterruptedException {
        PhoneRescueJar.Run r = PhoneRescueJar.run("diagnose", "--json", capture.toString());
        assertEquals(0, r.exit(), r.err());
        return new DiagnosedCapture(capture, (Map<String, Object>) JsonReader.parse(r.out()));
    }

    List<Map<String, Object>> devices() {
        return (List<Map<String, Object>>) json.get("devices");
    }

    /** The device with this MAC; fails when there is none. */
    Map<String, Object> device(String mac) {
        Map<String, Object> d = devices().stream().filter(x -> mac.equals(x.get("mac"))).findFirst().orElse(null);
        assertNotNull(d, "no device " + mac + " in " + json);
        return d;
    }

    static List<Map<String, Object>> findings(Map<String, Object> device) {
        return (List<Map<String, Object>>) device.get("findings");
    }

    /** Every finding of the capture, of every device and of none, with this rule id. */
    List<Map<String, Object>> findings(String rule) {
        List<Map<String, Object>> all = new ArrayList<>((List<Map<String, Object>>) json.get("findings"));
        devices().forEach(d -> all.addAll(findings(d)));
        return all.stream().filter(f -> rule.equals(f.get("rule"))).toList();
    }

    /** The one finding of {@code rule} for the device with this MAC; fails unless there is exactly one. */
    Map<String, Object> only(String mac, String rule) {
        List<Map<String, Object>> found = findings(device(mac)).stream().filter(f -> rule.equals(f.get("rule"))).toList();
        assertEquals(1, found.size(), rule + " for " + mac + ": " + findings(device(mac)));
        return found.get(0);
    }

    static List<Long> evidence(Map<String, Object> finding) {
        return (List<Long>) finding.get("evidence");
    }

    /** The transfers of the capture (TFTP, HTTP, FTP) as the JSON lists them. */
    List<Map<String, Object>> transfers() {
        return (List<Map<String, Object>>) json.get("transfers");
    }
}
