package org.phonerescue.servers.tftp;

import io.netty.buffer.ByteBuf;
import java.io.Closeable;
import java.io.IOException;

/** The DATA blocks of a read transfer, by absolute block number (1 = the first block). */
interface BlockSource extends Closeable {

    /**
     * Appends block {@code block} to {@code out} and returns its length; a block shorter than the
     * block size is the last one (RFC 1350 §6). Blocks after the last are never asked for.
     */
    int write(long block, ByteBuf out) throws IOException;

    /** Blocks up to {@code block} are acknowledged and will not be asked for again. */
    void acknowledged(long block);

    /** Bytes the transfer carries in all, or -1 when unknown in advance. */
    long size();
}
