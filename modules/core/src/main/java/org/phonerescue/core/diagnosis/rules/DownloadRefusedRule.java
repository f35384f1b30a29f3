package org.phonerescue.core.diagnosis.rules;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.phonerescue.core.device.RequestedFile;
import org.phonerescue.core.diagnosis.Finding;
import org.phonerescue.core.diagnosis.Rule;
import org.phonerescue.core.diagnosis.Severity;
import org.phonerescue.core.session.CaptureAnalysis;
import org.phonerescue.core.session.PhoneSigns;
import org.phonerescue.core.transfer.FileTransfer;
import org.phonerescue.core.transfer.TransferOutcome;
import org.phonerescue.core.transfer.TransferProtocol;

/**
 * A file asked for by HTTP or FTP that the server refused and never gave afterwards: an HTTP
 * status 4xx or 5xx (RFC 9110 §15.5, §15.6) or an FTP reply 4xx or 5xx to RETR (RFC 959 §4.2:
 * 550 file unavailable, 530 not logged in). The TFTP refusals have rules of their own; an SPA
 * loader's request for its Recovery URL refused as not found is {@code spa-loader-url-retry}'s.
 */
public final class DownloadRefusedRule implements Rule {

    @Override
    public String id() {
        return "download-refused";
    }

    @Override
    public String title() {
        return "Server refused the file (HTTP or FTP)";
    }

    @Override
    public Severity severity() {
        return Severity.ERROR;
    }

    @Override
    public List<Finding> evaluate(CaptureAnalysis a) {
        // per client and file: the refusals, unless the file came later after all
        Map<String, List<FileTransfer>> refused = new LinkedHashMap<>();
        java.util.Set<Long> loader = null;
        for (FileTransfer t : a.tcpTransfers()) {
            if (!t.read()) {
                continue;
            }
            if (t.outcome() == TransferOutcome.ERROR) {
                loader = loader == null ? SpaLoaderUrlRetryRule.explained(a) : loader;
                if (loader.contains(t.requestFrame())) {
                    continue; // an SPA loader's attempt at its Recovery URL: spa-loader-url-retry tells it
                }
            }
            String key = t.client().ip() + "|" + RequestedFile.baseName(PhoneSigns.fileName(t.file())).toLowerCase(Locale.ROOT);
            if (t.outcome() == TransferOutcome.ERROR) {
                refused.computeIfAbsent(key, k -> new ArrayList<>()).add(t);
            } else if (t.outcome() == TransferOutcome.COMPLETE && PhoneSigns.downloaded(t)) {
                refused.remove(key);
            }
        }
        List<Finding> out = new ArrayList<>();
        for (List<FileTransfer> group : refused.values()) {
            FileTransfer first = group.get(0);
            FileTransfer last = group.get(group.size() - 1);
            List<Long> evidence = new ArrayList<>();
            for (FileTransfer t : group) {
                evidence.add(t.requestFrame());
                evidence.add(t.errorFrame());
            }
            String answer = first.errorCode() + (first.errorMessage() != null ? " " + first.errorMessage() : "");
            String explanation = "The phone asked for '" + first.file() + "' by " + first.protocol().name() + " from "
                    + first.server() + " and the server answered " + answer + " (frame " + first.errorFrame() + ")"
                    + (group.size() > 1 ? "; " + group.size() + " times, the last in frame " + last.errorFrame() : "")
                    + ". " + meaning(first) + " The phone does not get the file and cannot go on with its update.";
            out.add(finding(FindingText.clientKey(a, first), 85, explanation, remedy(first), evidence,
                    first.requestFrame()));
        }
        return out;
    }

    /** 404/410 and FTP 550: no such file; 401/403 and FTP 530/532: credentials or rights; else a server failure. */
    private static int kind(FileTransfer t) {
        int code = t.errorCode();
        boolean http = t.protocol() == TransferProtocol.HTTP;
        if (http ? code == 404 || code == 410 : code == 550) {
            return 0;
        }
        if (http ? code == 401 || code == 403 || code == 407 : code == 530 || code == 532) {
            return 1;
        }
        return 2;
    }

    private static String meaning(FileTransfer t) {
        return switch (kind(t)) {
            case 0 -> "The server has no file by that name where it looks.";
            case 1 -> "The server wants a login or forbids reading the file.";
            default -> "The server could not serve the file.";
        };
    }

    private static String remedy(FileTransfer t) {
        String name = PhoneSigns.fileName(t.file());
        String base = RequestedFile.baseName(name);
        return switch (kind(t)) {
            case 0 -> {
                StringBuilder sb = new StringBuilder("Put a file named exactly '" + base + "' where the server maps '"
                        + name + "' (names are case-sensitive on Linux servers), or correct the firmware URL the "
                        + "phone is given.");
                if (RequestedFile.of(name).kind() == RequestedFile.Kind.SNOM_IMAGE) {
                    sb.append(" Snom phones ask for a per-model name: rename the firmware file to '").append(base)
                            .append("' rather than the name it was downloaded with.");
                }
                yield sb.toString();
            }
            case 1 -> "Let the server give the firmware folder to anyone (anonymous " + t.protocol().name()
                    + "), or put the user and password in the URL the phone is given, as the phone's documentation says.";
            default -> "Look at the server's log at the time of the request: the file may be unreadable by the server "
                    + "process, or the server itself failing.";
        };
    }
}
