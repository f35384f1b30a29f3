package org.phonerescue.ui.diagnosis;

import java.util.ArrayList;
import java.util.List;
import org.phonerescue.core.device.Device;
import org.phonerescue.core.session.CaptureAnalysis;
import org.phonerescue.core.session.RecoveryAttempt;
import org.phonerescue.core.session.RecoveryAttempts;
import org.phonerescue.core.session.RecoveryPhase;
import org.phonerescue.core.session.Timeline;
import org.phonerescue.core.session.TimelineEvent;
import org.phonerescue.core.transfer.FileTransfer;
import org.phonerescue.core.transfer.TransferOutcome;

/**
 * What the timeline chart draws, in seconds from the capture's first packet: a row per device,
 * its recovery attempts' phases as bars, and the moments that tell the story (requests, transfers
 * that end, errors, call-control messages) as marks. Every bar and mark knows its frame, so the
 * chart can select it in the packet list.
 *
 * @param rows  the devices, top row first
 * @param bars  the phases
 * @param marks the moments
 */
record RecoveryTimeline(List<String> rows, List<Bar> bars, List<Mark> marks) {

    /** A phase of attempt {@code attempt} on row {@code row}, from {@code start} to {@code end} seconds. */
    record Bar(int row, RecoveryPhase.Kind kind, int attempt, double start, double end, long frame, String text) {
    }

    /**
     * The kinds of moment, each drawn in its own colour, the first on top. Requests sit a little
     * above the row's middle and transfer ends a little below, so that a refusal right after its
     * request stays visible.
     */
    enum MarkKind {
        FAILED("transfer failed, error or unreachable", 0.12),
        COMPLETE("transfer complete", 0.12),
        CALL_CONTROL("SIP / SCCP", 0),
        REQUEST("file requested", -0.12),
        OTHER("DHCP / SPA", 0);

        final String label;
        /** Where in its row the mark sits, in rows from the middle (down is positive). */
        final double offset;

        MarkKind(String label, double offset) {
            this.label = label;
            this.offset = offset;
        }
    }

    /** A moment on row {@code row} at {@code time} seconds. */
    record Mark(int row, MarkKind kind, double time, long frame, String text) {
    }

    /** Moments drawn from each end of a device's timeline when it has more than twice as many. */
    static final int ENDS_SHOWN = 500;

    /** The timeline of {@code devices} (those without timestamps or events get an empty row). */
    static RecoveryTimeline of(CaptureAnalysis a, List<Device> devices) {
        List<String> rows = new ArrayList<>();
        List<Bar> bars = new ArrayList<>();
        List<Mark> marks = new ArrayList<>();
        long origin = a.firstTime();
        java.util.Map<Long, FileTransfer> byRequest = new java.util.HashMap<>();
        a.fileTransfers().forEach(t -> byRequest.putIfAbsent(t.requestFrame(), t));
        for (Device d : devices) {
            int row = rows.size();
            rows.add(d.role().label() + " " + d.label());
            List<TimelineEvent> events = Timeline.of(a, d);
            for (RecoveryAttempt attempt : RecoveryAttempts.of(a, d, events)) {
                for (RecoveryPhase p : attempt.phases()) {
                    if (p.startTime() == Long.MIN_VALUE || p.endTime() == Long.MIN_VALUE || origin == Long.MIN_VALUE) {
                        continue;
                    }
                    String text = "attempt " + attempt.number() + ", " + p.kind().label() + " (frames " + p.firstFrame()
                                  + "\u2013" + p.lastFrame() + ")" + (p.details().isEmpty() ? "" : ": " + String.join("; ", p.details()));
                    bars.add(new Bar(row, p.kind(), attempt.number(), seconds(p.startTime(), origin),
                            seconds(p.endTime(), origin), p.firstFrame(), text));
                }
            }
            if (events.size() > 2 * ENDS_SHOWN) {
                // a flood: its start and its end tell the story; a million dots would only stall the chart
                rows.set(row, rows.get(row) + " (first and last " + ENDS_SHOWN + " of " + events.size() + " moments)");
                List<TimelineEvent> ends = new ArrayList<>(events.subList(0, ENDS_SHOWN));
                ends.addAll(events.subList(events.size() - ENDS_SHOWN, events.size()));
                events = ends;
            }
            for (TimelineEvent e : events) {
                if (e.time() == Long.MIN_VALUE || origin == Long.MIN_VALUE) {
                    continue;
                }
                marks.add(new Mark(row, kind(byRequest, e), seconds(e.time(), origin), e.frame(), e.kind().label() + ": " + e.text()));
            }
        }
        return new RecoveryTimeline(List.copyOf(rows), List.copyOf(bars), List.copyOf(marks));
    }

    private static MarkKind kind(java.util.Map<Long, FileTransfer> byRequest, TimelineEvent e) {
        if (e.kind().callControl()) {
            return MarkKind.CALL_CONTROL;
        }
        if (e.kind() == TimelineEvent.Kind.ICMP || e.kind() == TimelineEvent.Kind.CONNECTION_FAILED) {
            return MarkKind.FAILED;
        }
        if (e.kind().endsTransfer()) {
            FileTransfer t = byRequest.get(e.transfer());
            return t != null && t.outcome() == TransferOutcome.COMPLETE ? MarkKind.COMPLETE : MarkKind.FAILED;
        }
        return switch (e.kind()) {
            case TFTP_REQUEST, HTTP_REQUEST, FTP_REQUEST -> MarkKind.REQUEST;
            default -> MarkKind.OTHER;
        };
    }

    private static double seconds(long time, long origin) {
        return (time - origin) / 1e9;
    }
}
