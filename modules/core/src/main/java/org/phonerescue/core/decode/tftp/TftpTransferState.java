package org.phonerescue.core.decode.tftp;

/**
 * What the decoder remembers about one TFTP transfer between its packets: the request, the
 * negotiated block size, and the block-number wrap count (RFC 1350 block numbers are 16 bits;
 * transfers over 65 535 blocks wrap, so tftp.block.full counts on).
 */
public final class TftpTransferState {

    private final String fileName;
    private final boolean read;
    private final long requestFrame;
    private int blockSize = org.phonerescue.core.protocol.tftp.TftpPacket.DEFAULT_BLKSIZE;
    private int lastBlock = -1;
    private long wraps;

    TftpTransferState(String fileName, boolean read, long requestFrame) {
        this.fileName = fileName;
        this.read = read;
        this.requestFrame = requestFrame;
    }

    public String fileName() {
        return fileName;
    }

    /** True for a read request (the client downloads), false for a write request. */
    public boolean read() {
        return read;
    }

    public long requestFrame() {
        return requestFrame;
    }

    public int blockSize() {
        return blockSize;
    }

    void blockSize(int size) {
        blockSize = size;
    }

    /**
     * The block number counting wraps past 65 535, for a DATA or ACK carrying {@code block}; call
     * it once per packet, in file order (the decoder does for every packet it decodes; a reader
     * that skips the decoder for a transfer's packets calls it in its place).
     */
    public long fullBlock(int block, boolean data) {
        if (data && lastBlock >= 0 && block < lastBlock && lastBlock - block > 32768) {
            wraps++;
        }
        long full = wraps * 65536 + block;
        if (!data && lastBlock >= 0 && block > lastBlock && block - lastBlock > 32768) {
            full -= 65536; // a late ACK from before the wrap
        }
        if (data) {
            lastBlock = block;
        }
        return Math.max(0, full);
    }
}
