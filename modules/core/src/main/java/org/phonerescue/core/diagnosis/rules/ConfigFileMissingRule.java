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
 * refused too or never asked for. Field notes §3: the phone falls back to XMLDefault.cnf.xml,
 * which is not part of the firmware package and must be created.
 */
public final class ConfigFileMissingRule implements Rule {

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
            List<Long> evidence = new ArrayList<>();
            StringBuilder names = new StringBuilder();
            for (TftpTransfer t : refused) {
                evidence.add(t.requestFrame());
                evidence.add(t.errorFrame());
                if (names.indexOf("'" + t.file() + "'") < 0) {
                    names.append(names.length() > 0 ? " and " : "").append('\'').append(t.file()).append('\'');
                }
            }
            String why = "The TFTP server refused " + names + " (" + FindingText.frames(evidence) + ")"
                    + (askedDefault ? "" : " and the phone did not go on to XMLDefault.cnf.xml")
                    + ": the phone has no configuration, so it cannot find its firmware packing list.";
            out.add(finding(e.getKey(), 85, why, "Create XMLDefault.cnf.xml in the TFTP server's root (it is not part "
                    + "of the firmware package), or SEP followed by the phone's MAC in upper case and .cnf.xml for "
                    + "this phone; its loadInformation must name exactly the .loads file on the server.", evidence,
                    refused.get(0).requestFrame()));
        }
        return out;
    }
}
