package org.phonerescue.core.session;

import java.util.ArrayList;
import java.util.List;
import org.phonerescue.core.device.Device;
import org.phonerescue.core.transfer.FileTransfer;
import org.phonerescue.core.transfer.TransferOutcome;

/**
 * Cuts a phone's timeline into recovery attempts (field notes §1–3): address, handshake,
 * downloads, the silence while it writes its flash, and its reappearance — running its firmware
 * (recovered) or back in its loader, which starts the next attempt (the loop).
 */
public final class RecoveryAttempts {

    /** A pause after a complete image at least this long is shown as the flashing silence. */
    static final long SILENCE_NANOS = 5_000_000_000L;

    private RecoveryAttempts() {
    }

    /** The phone's attempts in order; empty when it shows no recovery step at all. */
    public static List<RecoveryAttempt> of(CaptureAnalysis a, Device d) {
        return of(a, d, Timeline.of(a, d));
    }

    /** The same, from the phone's timeline {@code events} ({@link Timeline#of}) that the caller has already. */
    public static List<RecoveryAttempt> of(CaptureAnalysis a, Device d, List<TimelineEvent> events) {
        java.util.Map<Long, FileTransfer> transfers = new java.util.HashMap<>();
        a.fileTransfersOf(d).forEach(t -> transfers.put(t.requestFrame(), t));
        java.util.Set<Long> images = new java.util.HashSet<>();
        PhoneSigns.completedImages(a, d).forEach(t -> images.add(t.requestFrame()));
        java.util.Set<Long> loader = frames(PhoneSigns.recovery(a, d));
        java.util.Set<Long> application = frames(PhoneSigns.application(a, d));
        List<RecoveryAttempt> out = new ArrayList<>();
        Builder current = null;
        FileTransfer image = null;      // the last complete image of the current attempt
        java.util.Set<Long> again = java.util.Set.of();
        List<TimelineEvent> pending = new ArrayList<>(); // after the image, before the phone shows which software runs
        boolean recovered = false;
        for (TimelineEvent e : events) {
            if (recovered && !loader.contains(e.frame())) {
                continue; // after a recovery, normal traffic is not another attempt
            }
            if (image != null) {
                boolean back = loader.contains(e.frame()) || again.contains(e.frame());
                boolean running = !back && application.contains(e.frame());
                if (!back && !running) {
                    pending.add(e); // e.g. the tool's next Request: it tells nothing about the phone yet
                    continue;
                }
                if (running) {
                    pending.forEach(current::event); // they were part of this attempt's end
                    pending.clear();
                }
                if (e.time() != Long.MIN_VALUE && image.endTime() != Long.MIN_VALUE
                        && e.time() - image.endTime() >= SILENCE_NANOS) {
                    current.phase(RecoveryPhase.Kind.SILENCE, image.lastFrame(), e.frame(), image.endTime(), e.time(),
                            String.format(java.util.Locale.ROOT, "%.0f s after the image, nothing shows the phone",
                                    (e.time() - image.endTime()) / 1e9));
                }
                current.phase(RecoveryPhase.Kind.REAPPEARANCE, e.frame(), e.frame(), e.time(), e.time(),
                        (back ? "back in recovery: " : "running its firmware: ") + e.text());
                out.add(current.build(back ? RecoveryAttempt.Outcome.LOOPED : RecoveryAttempt.Outcome.RECOVERED));
                current = null;
                image = null;
                if (running) {
                    recovered = true;
                    continue;
                }
                // back in its loader: this event starts the next attempt, after what the tool sent before it
            }
            if (current == null && !pending.isEmpty()) {
                current = new Builder(out.size() + 1);
                pending.forEach(current::event);
                pending.clear();
            }
            if (current == null) {
                if (e.kind().callControl()) {
                    continue; // a phone that only runs its firmware is not recovering
                }
                current = new Builder(out.size() + 1);
                recovered = false;
            }
            current.event(e);
            if (e.kind().endsTransfer()) {
                FileTransfer t = transfers.get(e.transfer());
                if (t != null && images.contains(t.requestFrame())) {
                    image = t;
                    again = frames(PhoneSigns.requestedAgain(a, d, t));
                }
            }
        }
        if (current != null) {
            pending.forEach(current::event);
            long after = image == null ? -1 : PhoneSigns.captureAfter(a, image);
            if (pending.isEmpty() && after >= SILENCE_NANOS && PhoneSigns.silentAfter(d, image)) {
                // the phone sends nothing more up to the end of the capture: the silence runs to its last frame
                current.phase(RecoveryPhase.Kind.SILENCE, image.lastFrame(), a.packets(), image.endTime(), a.lastTime(),
                        String.format(java.util.Locale.ROOT, "%.0f s after the image, to the end of the capture, "
                                + "nothing from the phone", after / 1e9));
            }
            // a completed image does not make the attempt unfinished when a download failed after it (a
            // packing list's last image refused): nothing after that failure can complete the recovery
            out.add(current.build(current.failed(transfers) ? RecoveryAttempt.Outcome.FAILED
                    : RecoveryAttempt.Outcome.UNFINISHED));
        }
        return out;
    }

    private static java.util.Set<Long> frames(List<Sign> signs) {
        java.util.Set<Long> out = new java.util.HashSet<>();
        signs.forEach(x -> out.add(x.frame()));
        return out;
    }

    /** One attempt while the timeline is read. */
    private static final class Builder {
        private final int number;
        private final List<RecoveryPhase> phases = new ArrayList<>();
        private final List<Long> transfers = new ArrayList<>();
        /** Frames of its connections to HTTP or FTP servers that never came up. */
        private final List<Long> failedConnections = new ArrayList<>();

        Builder(int number) {
            this.number = number;
        }

        void event(TimelineEvent e) {
            RecoveryPhase.Kind kind = switch (e.kind()) {
                // field notes §2: a static address finds its gateway or server by ARP
                case DHCP, ARP -> RecoveryPhase.Kind.ADDRESS;
                case SPA -> RecoveryPhase.Kind.HANDSHAKE;
                default -> RecoveryPhase.Kind.DOWNLOAD;
            };
            if (e.transfer() > 0 && !transfers.contains(e.transfer())) {
                transfers.add(e.transfer());
            }
            if (e.kind() == TimelineEvent.Kind.CONNECTION_FAILED) {
                failedConnections.add(e.frame());
            }
            phase(kind, e.frame(), e.frame(), e.time(), e.time(), e.text());
        }

        /** Adds to the last phase when it is of the same kind, else starts a phase. */
        void phase(RecoveryPhase.Kind kind, long first, long last, long start, long end, String detail) {
            RecoveryPhase p = phases.isEmpty() ? null : phases.get(phases.size() - 1);
            if (p != null && p.kind() == kind && kind != RecoveryPhase.Kind.SILENCE) {
                List<String> details = new ArrayList<>(p.details());
                details.add(detail);
                phases.set(phases.size() - 1, new RecoveryPhase(kind, p.firstFrame(), Math.max(p.lastFrame(), last),
                        p.startTime(), end == Long.MIN_VALUE ? p.endTime() : end, List.copyOf(details)));
            } else {
                phases.add(new RecoveryPhase(kind, first, last, start, end, List.of(detail)));
            }
        }

        /**
         * Whether a transfer of the attempt failed, or a connection for one never came up, and no
         * transfer completed after it.
         */
        boolean failed(java.util.Map<Long, FileTransfer> all) {
            long lastComplete = -1;
            long lastFailure = failedConnections.isEmpty() ? -1 : failedConnections.get(failedConnections.size() - 1);
            for (long frame : transfers) {
                FileTransfer t = all.get(frame);
                if (t == null) {
                    continue;
                }
                if (t.outcome() == TransferOutcome.COMPLETE) {
                    lastComplete = Math.max(lastComplete, frame);
                } else if (t.outcome() != TransferOutcome.CAPTURE_ENDED) {
                    lastFailure = Math.max(lastFailure, frame);
                }
            }
            return lastFailure > lastComplete;
        }

        RecoveryAttempt build(RecoveryAttempt.Outcome outcome) {
            long first = phases.stream().mapToLong(RecoveryPhase::firstFrame).min().orElse(0);
            long last = phases.stream().mapToLong(RecoveryPhase::lastFrame).max().orElse(0);
            return new RecoveryAttempt(number, List.copyOf(phases), outcome, first, last);
        }
    }

}
