package org.phonerescue.core.pcap;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What the pcap and pcapng readers share: the input window, the current record, the warnings,
 * and the rule that damage ends the stream with a warning instead of an exception.
 */
abstract class AbstractCaptureReader implements CaptureReader {

    /**
     * Largest record accepted. Wireshark's own limit is far lower for most link types; anything
     * above this is damage, and refusing it keeps a hostile length from costing memory.
     */
    static final int MAX_RECORD_BYTES = 256 << 20;

    /** Warnings kept; beyond this one more says so and the rest are dropped, so a bad file cannot flood memory. */
    private static final int MAX_WARNINGS = 1000;

    final FileInput in;
    private final List<CaptureWarning> warnings = new ArrayList<>();
    private boolean warningsCapped;
    final List<String> fileComments = new ArrayList<>();
    private boolean finished;

    long packetNumber;
    long recordOffset;
    long epochSecond;
    int nanos;
    int originalLength;
    int capturedLength;
    LinkType linkType;
    int interfaceId;
    int dataOffset;
    String comment;

    AbstractCaptureReader(FileInput in) {
        this.in = in;
    }

    /**
     * Reads the next packet record into the current-record fields (skipping records that are not
     * packets). Returns false at a clean end of file; on damage calls {@link #stop} and returns false.
     */
    abstract boolean readRecord() throws IOException;

    @Override
    public final boolean advance() throws IOException {
        if (finished) {
            return false;
        }
        comment = null;
        boolean ok;
        try {
            ok = readRecord();
        } catch (RuntimeException e) {
            // A reader bug on hostile input must not take the application down with it.
            stop(in.position(), "unexpected " + e.getClass().getSimpleName() + " while reading: " + e.getMessage());
            ok = false;
        } catch (InternalError e) {
            // A mapped page past the end of a file cut short in the instant between FileInput's size
            // check and its copy: the JVM reports the fault late, wherever the reader has got to.
            if (!in.mapsFile()) {
                throw e;
            }
            stop(in.position(), "the file was cut short while it was being read (" + e.getMessage() + ")");
            ok = false;
        }
        if (!ok) {
            finished = true;
            return false;
        }
        packetNumber++;
        return true;
    }

    /** Lets a reader positioned anew by random access read again after its stream had ended. */
    final void resume() {
        finished = false;
    }

    /** Whether {@link #stop} ended the stream. */
    final boolean isStopped() {
        return finished;
    }

    /** Ends the stream here with a fatal warning; every packet before it is kept. */
    final void stop(long offset, String message) {
        finished = true;
        addWarning(new CaptureWarning(offset, 0, message, true));
    }

    /** A problem with the record being read; reading goes on. */
    final void warn(long offset, String message) {
        addWarning(new CaptureWarning(offset, packetNumber + 1, message, false));
    }

    private void addWarning(CaptureWarning w) {
        if (warnings.size() < MAX_WARNINGS || w.fatal()) {
            warnings.add(w);
        } else if (!warningsCapped) {
            warningsCapped = true;
            warnings.add(new CaptureWarning(w.fileOffset(), w.packetNumber(),
                    "more than " + MAX_WARNINGS + " warnings: the rest of the file's are not listed", false));
        }
    }

    /**
     * Sets the timestamp from whole seconds and a fraction of {@code unitsPerSecond} (10^6 or 10^9),
     * each unit {@code nanosPerUnit} nanoseconds, carrying an out-of-range fraction into the seconds
     * with a warning.
     */
    final void setTimestamp(long seconds, long fraction, long unitsPerSecond, int nanosPerUnit) {
        if (fraction >= unitsPerSecond) {
            warn(recordOffset, "timestamp fraction " + fraction + " is not below " + unitsPerSecond
                    + "; carried into the seconds");
            seconds += fraction / unitsPerSecond;
            fraction %= unitsPerSecond;
        }
        epochSecond = seconds;
        nanos = (int) (fraction * nanosPerUnit);
    }

    @Override
    public long packetNumber() {
        return packetNumber;
    }

    @Override
    public long recordOffset() {
        return recordOffset;
    }

    @Override
    public long epochSecond() {
        return epochSecond;
    }

    @Override
    public int nanos() {
        return nanos;
    }

    @Override
    public int originalLength() {
        return originalLength;
    }

    @Override
    public int capturedLength() {
        return capturedLength;
    }

    @Override
    public LinkType linkType() {
        return linkType;
    }

    @Override
    public int interfaceId() {
        return interfaceId;
    }

    @Override
    public byte[] buffer() {
        return in.array();
    }

    @Override
    public int dataOffset() {
        return dataOffset;
    }

    @Override
    public String comment() {
        return comment;
    }

    @Override
    public List<String> fileComments() {
        return Collections.unmodifiableList(fileComments);
    }

    @Override
    public List<CaptureWarning> warnings() {
        return Collections.unmodifiableList(warnings);
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
