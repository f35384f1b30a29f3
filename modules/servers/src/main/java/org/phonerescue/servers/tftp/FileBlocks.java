package org.phonerescue.servers.tftp;

import io.netty.buffer.ByteBuf;
import java.io.IOException;
import java.nio.channels.FileChannel;

/**
 * Octet-mode blocks read from the file by position, through a read-ahead buffer of about 64 KB:
 * one read from the page cache serves many blocks, and a retransmission simply reads again, so a
 * transfer holds at most this buffer whatever its window. The size is fixed when the file is
 * opened (it is the tsize announced).
 */
final class FileBlocks implements BlockSource {

    private static final int READ_AHEAD = 64 * 1024;

    private final FileChannel file;
    private final long size;
    private final int blockSize;
    private final int blocksPerChunk;
    private ByteBuf chunk;
    /** The first block held in {@link #chunk} (0: nothing held). */
    private long chunkFirst;

    FileBlocks(FileChannel file, long size, int blockSize) {
        this.file = file;
        this.size = size;
        this.blockSize = blockSize;
        this.blocksPerChunk = Math.max(1, READ_AHEAD / blockSize);
    }

    @Override
    public int write(long block, ByteBuf out) throws IOException {
        long position = (block - 1) * blockSize;
        int length = (int) Math.max(0, Math.min(blockSize, size - position));
        if (length == 0) {
            return 0;
        }
        if (chunk == null) {
            chunk = out.alloc().directBuffer(blocksPerChunk * blockSize);
        }
        if (chunkFirst == 0 || block < chunkFirst || block >= chunkFirst + blocksPerChunk) {
            fill(block);
        }
        int offset = (int) (block - chunkFirst) * blockSize;
        if (offset + length > chunk.writerIndex()) {
            throw new IOException("the file became shorter while it was being served");
        }
        out.writeBytes(chunk, offset, length);
        return length;
    }

    private void fill(long firstBlock) throws IOException {
        chunk.clear();
        chunkFirst = 0;
        long position = (firstBlock - 1) * blockSize;
        int want = (int) Math.min((long) blocksPerChunk * blockSize, size - position);
        while (chunk.writerIndex() < want) {
            int n = chunk.writeBytes(file, position + chunk.writerIndex(), want - chunk.writerIndex());
            if (n <= 0) {
                break;
            }
        }
        chunkFirst = firstBlock;
    }

    @Override
    public void acknowledged(long block) {
        // nothing held beyond the read-ahead buffer
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public void close() throws IOException {
        if (chunk != null) {
            chunk.release();
            chunk = null;
        }
        file.close();
    }
}
