package org.phonerescue.core.diagnosis.rules;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.phonerescue.core.device.RequestedFile;
import org.phonerescue.core.diagnosis.Finding;
import org.phonerescue.core.diagnosis.Rule;
import org.phonerescue.core.diagnosis.Severity;
import org.phonerescue.core.session.CaptureAnalysis;
import org.phonerescue.core.transfer.TftpTransfer;
import org.phonerescue.core.transfer.TransferOutcome;

/**
 * A Cisco 79xx finds no configuration: SEP&lt;MAC&gt;.cnf.xml is refused and XMLDefault.cnf.xml is
 * refused too or never asked for. Field notes §3, in the phone's order: its config
 * SEP&lt;MAC&gt;.cnf.xml, falling back to XMLDefault.cnf.xml (not part of the firmware package: it
 * must be created), then the termXX.default.loads packing list, then every file listed in it.
 * So a refused SEP file followed by a served XMLDefault.cnf.xml is how a new phone starts, not a
 * fault; a refused SEP file at the very end of the capture is not yet one either (the fallback may
 * be the next request); and a phone that goes on to fetch its packing list without any
 * configuration was not stopped by the missing one: then the finding is a warning.
 */
public final class ConfigFileMissingRule implements Rule {

    /** What to create: XMLDefault.cnf.xml, or the phone's own file by the name it asked for. */
    private static String remedy(List<TftpTransfer> configs) {
        String own = configs.stream().filter(t -> RequestedFile.of(t.file()).kind() == RequestedFile.Kind.CISCO_CONFIG)
                .map(t -> RequestedFile.baseName(t.file())).findFirst()
                .orElse("SEP followed by the phone's MAC in upper case and .cnf.xml");
        return "Create XMLDefault.cnf.xml in the TFTP server's root (it is not part of the firmware package), or " + own
                + " for this phone alone; its loadInformation must name exactly the .loads file on the server.";
    }

    @Override
    public String id() {
        return "config-file-missing";
    }

    @Override
    public String title() {
        return "Phone configuration file missing";
    }

    @Override
    public Severity severity() {
        return Severity.ERROR;
    }

    @Override
    public List<Finding> evaluate(CaptureAnalysis a) {
        Map<String, List<TftpTransfer>> byClient = new LinkedHashMap<>();
        for (TftpTransfer t : a.transfers()) {
            RequestedFile.Kind kind = RequestedFile.of(t.file()).kind();
            if (t.read() && (kind == RequestedFile.Kind.CISCO_CONFIG || kind == RequestedFile.Kind.CISCO_DEFAULT_CONFIG)) {
                byClient.computeIfAbsent(FindingText.clientKey(a, t), k -> new ArrayList<>()).add(t);
            }
        }
        List<Finding> out = new ArrayList<>();
        for (Map.Entry<String, List<TftpTransfer>> e : byClient.entrySet()) {
            List<TftpTransfer> configs = e.getValue();
            if (configs.stream().anyMatch(t -> t.outcome() == TransferOutcome.COMPLETE)) {
                continue; // it got a configuration
            }
            List<TftpTransfer> refused = configs.stream().filter(t -> t.outcome() == TransferOutcome.ERROR).toList();
            if (refused.isEmpty()) {
                continue;
            }
            boolean askedDefault = configs.stream()
                    .anyMatch(t -> RequestedFile.of(t.file()).kind() == RequestedFile.Kind.CISCO_DEFAULT_CONFIG);
            TftpTransfer lastRefusal = refused.get(refused.size() - 1);
            // the next step of field notes §3: a packing list the same phone fetched after the refusals
            TftpTransfer packingList = a.transfers().stream().filter(t -> t.read()
                    && t.requestFrame() > lastRefusal.requestFrame() && t.outcome() == TransferOutcome.COMPLETE
                    && RequestedFile.of(t.file()).kind() == RequestedFile.Kind.CISCO_LOADS
                    && e.getKey() != null && e.getKey().equals(FindingText.clientKey(a, t))).findFirst().orElse(null);
            boolean wentOn = a.transfers().stream().anyMatch(t -> t.read() && t.requestFrame() > lastRefusal.requestFrame()
                    && e.getKey() != null && e.getKey().equals(FindingText.clientKey(a, t)));
            if (!askedDefault && !wentOn && a.lastTime() - lastRefusal.endTime() < LoadsFileMissingRule.QUIET_NS) {
                continue; // the capture ends before the phone had time to fall back to XMLDefault.cnf.xml
            }
            List<Long> evidence = new ArrayList<>();
            StringBuilder names = new StringBuilder();
            for (TftpTransfer t : refused) {
                evidence.add(t.requestFrame());
                evidence.add(t.errorFrame());
                if (names.indexOf("'" + t.file() + "'") < 0) {
                    names.append(names.length() > 0 ? " and " : "").append('\'').append(t.file()).append('\'');
                }
            }
            if (packingList != null) {
                evidence.add(packingList.requestFrame());
                String why = "The TFTP server refused " + names + " (" + FindingText.frames(evidence.subList(0,
                        evidence.size() - 1)) + ")" + (askedDefault ? "" : " and the phone did not go on to "
                        + "XMLDefault.cnf.xml") + ", but the phone went on without a configuration to the packing list '"
                        + packingList.file() + "' (frame " + packingList.requestFrame() + "), the next step of its "
                        + "recovery: the missing configuration did not stop it there, though without one the phone "
                        + "has no call manager to register with.";
                out.add(finding(Severity.WARNING, e.getKey(), 40, why, remedy(configs), evidence,
                        refused.get(0).requestFrame()));
                continue;
            }
            String why = "The TFTP server refused " + names + " (" + FindingText.frames(evidence) + ")"
                    + (askedDefault ? "" : " and the phone did not go on to XMLDefault.cnf.xml")
                    + ": the phone has no configuration, so it cannot find its firmware packing list.";
            out.add(finding(e.getKey(), 85, why, remedy(configs), evidence, refused.get(0).requestFrame()));
        }
        return out;
    }
}
