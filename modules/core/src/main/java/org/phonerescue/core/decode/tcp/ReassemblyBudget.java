package org.phonerescue.core.decode.tcp;

/**
 * The bytes all the connections of a capture may hold for reassembly at once (PDUs being put
 * together and segments waiting behind a gap). Past it, further bytes of a PDU are counted but
 * not kept, and the protocol sees that PDU shortened, as if the capture had cut it; memory stays
 * bounded however many connections a capture has.
 */
public final class ReassemblyBudget {

    /** Held at most across all connections, by default. */
    public static final long DEFAULT_LIMIT = 256L << 20;

    /** Bytes one PDU keeps at most, by default. */
    public static final int DEFAULT_PER_PDU = 8 << 20;

    private long limit;
    private long used;
    private int perPdu = DEFAULT_PER_PDU;

    public ReassemblyBudget(long limit) {
        this.limit = limit;
    }

    /** Changes the limit (before a capture is decoded). */
    public void limit(long bytes) {
        limit = bytes;
    }

    /** Takes up to {@code n} bytes; returns how many were granted. */
    int take(int n) {
        long granted = Math.max(0, Math.min(n, limit - used));
        used += granted;
        return (int) granted;
    }

    /** Counts bytes that are held already (moved from one PDU to the next). */
    void hold(long n) {
        used += n;
    }

    void give(long n) {
        used = Math.max(0, used - n);
    }

    /**
     * Changes how many bytes one PDU keeps at most (before a capture is decoded): the analysis
     * keeps whole firmware images that a phone fetches in one HTTP response.
     */
    public void perPdu(int bytes) {
        perPdu = Math.max(1, bytes);
    }

    public int perPdu() {
        return perPdu;
    }

    /** Bytes held now. */
    public long used() {
        return used;
    }

    public long limit() {
        return limit;
    }
}
