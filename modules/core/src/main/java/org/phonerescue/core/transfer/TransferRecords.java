package org.phonerescue.core.transfer;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Which finished transfers of one capture are kept, shared by the TFTP, HTTP and FTP trackers.
 * A recovery capture holds a handful of transfers, a busy server's day some thousands; a
 * capture of millions of requests is a flood (or a phone asking in a loop for days), and
 * keeping a record of each would hold them all in memory until the end. So per capture at most
 * {@value #MAX_KEPT} transfers that moved some of a file or ended in an error are kept, and
 * apart from them at most {@value #MAX_KEPT_EMPTY} of the others (requests nobody answered, or
 * answered with nothing), so that a flood of unanswered requests leaves the downloads among or
 * after it their room. Beyond, transfers are counted by protocol and outcome, and the analysis
 * says so in its warnings.
 */
public final class TransferRecords {

    /** Transfers kept per capture at most that moved some of a file or ended in an error. */
    public static final int MAX_KEPT = 100_000;

    /** Transfers kept per capture at most that moved nothing and ended in no error. */
    public static final int MAX_KEPT_EMPTY = 10_000;

    private final int maxKept;
    private final int maxKeptEmpty;
    private int kept;
    private int keptEmpty;
    private final Map<TransferProtocol, Map<TransferOutcome, Long>> notKept = new EnumMap<>(TransferProtocol.class);

    public TransferRecords() {
        this(MAX_KEPT, MAX_KEPT_EMPTY);
    }

    TransferRecords(int maxKept, int maxKeptEmpty) {
        this.maxKept = maxKept;
        this.maxKeptEmpty = maxKeptEmpty;
    }

    /** Whether a transfer that has ended is kept; when it is not, it is counted. */
    public boolean keep(FileTransfer t) {
        boolean empty = t.bytes() <= 0 && t.errorCode() < 0;
        if (empty ? keptEmpty < maxKeptEmpty : kept < maxKept) {
            if (empty) {
                keptEmpty++;
            } else {
                kept++;
            }
            return true;
        }
        notKept.computeIfAbsent(t.protocol(), p -> new EnumMap<>(TransferOutcome.class))
                .merge(t.outcome(), 1L, Long::sum);
        return false;
    }

    /** Transfers kept so far. */
    public int kept() {
        return kept + keptEmpty;
    }

    /** Transfers counted but not kept, of every protocol. */
    public long notKept() {
        long n = 0;
        for (Map<TransferOutcome, Long> byOutcome : notKept.values()) {
            for (long c : byOutcome.values()) {
                n += c;
            }
        }
        return n;
    }

    /** Transfers of a protocol counted but not kept, with that outcome. */
    public long notKept(TransferProtocol protocol, TransferOutcome outcome) {
        Map<TransferOutcome, Long> byOutcome = notKept.get(protocol);
        return byOutcome == null ? 0 : byOutcome.getOrDefault(outcome, 0L);
    }

    /**
     * One sentence per protocol with transfers not kept, e.g. "TFTP: 900000 transfers counted, not
     * kept: 899990 timed-out, 10 complete (a capture keeps 100000 that moved data or ended in an
     * error, and 10000 others)".
     */
    public List<String> warnings() {
        List<String> out = new ArrayList<>();
        notKept.forEach((protocol, byOutcome) -> {
            long total = byOutcome.values().stream().mapToLong(Long::longValue).sum();
            StringBuilder sb = new StringBuilder(protocol.name()).append(": ").append(total)
                    .append(total == 1 ? " transfer" : " transfers").append(" counted, not kept: ");
            String sep = "";
            for (Map.Entry<TransferOutcome, Long> e : byOutcome.entrySet()) {
                sb.append(sep).append(e.getValue()).append(' ').append(e.getKey().label());
                sep = ", ";
            }
            sb.append(" (a capture keeps ").append(maxKept).append(" that moved data or ended in an error, and ")
                    .append(maxKeptEmpty).append(" others)");
            out.add(sb.toString());
        });
        return out;
    }
}
