package org.phonerescue.core.transfer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Where transfer contents are reassembled, with bounded memory: each content stays in memory up
 * to {@link #perContentLimit} bytes, and all of them together up to {@link #memoryBudget};
 * beyond that a content moves to a temporary file. {@link #close()} deletes the files.
 *
 * <p>SHA-256 is computed on a thread of its own, so that hashing a capture's files (as many bytes
 * as the capture holds, for a capture of firmware downloads) overlaps reading it: appended bytes
 * are copied into chunks that one daemon thread hashes in order. At most {@value #CHUNKS} chunks
 * of {@value #CHUNK_BYTES} bytes are in flight per store; a full pipeline makes the appender wait.
 * A store is used by one thread at a time.
 */
public final class ContentStore implements AutoCloseable {

    public static final long DEFAULT_PER_CONTENT = 4L << 20;
    public static final long DEFAULT_BUDGET = 64L << 20;

    /** Most bytes of a text content {@link #forChecks()} keeps (packing lists and configurations are small). */
    public static final long CHECKED_TEXT_LIMIT = 1L << 20;
    /** Most bytes of an SPA image {@link #forChecks()} keeps (real ones are 4–5 MB). */
    public static final long CHECKED_IMAGE_LIMIT = 64L << 20;
    private static final byte[] SPA_MAGIC = "SkOsMo5 fIrMwArE".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private final boolean keep;
    private final boolean selective;
    private final long perContentLimit;
    private final long memoryBudget;
    private long inMemory;
    private Path directory;
    private final List<Path> files = new ArrayList<>();
    /** The temporary files still being written (contents not finished), which {@link #close()} closes. */
    private final java.util.Set<OutputStream> writing = new java.util.HashSet<>();

    static final int CHUNK_BYTES = 1 << 18;
    static final int CHUNKS = 8;
    /** One thread for all stores: tasks run in order, so each digest sees its bytes in order. */
    private static final java.util.concurrent.ThreadPoolExecutor HASHING = hashingThread();
    private final java.util.concurrent.BlockingQueue<Chunk> freeChunks =
            new java.util.concurrent.ArrayBlockingQueue<>(CHUNKS);
    private int chunksMade;
    /** The chunk being filled, or null. */
    private Chunk chunk;

    private static java.util.concurrent.ThreadPoolExecutor hashingThread() {
        java.util.concurrent.ThreadPoolExecutor e = new java.util.concurrent.ThreadPoolExecutor(1, 1, 1,
                java.util.concurrent.TimeUnit.SECONDS, new java.util.concurrent.LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, "phonerescue-sha256");
                    t.setDaemon(true);
                    return t;
                });
        e.allowCoreThreadTimeOut(true);
        return e;
    }

    /** Bytes of several contents, each run of bytes with the digest it goes to. */
    private static final class Chunk {
        final byte[] bytes = new byte[CHUNK_BYTES];
        int filled;
        MessageDigest[] digests = new MessageDigest[256];
        /** Where each run ends in {@link #bytes}. */
        int[] ends = new int[256];
        int runs;

        void add(MessageDigest digest, byte[] b, int off, int len) {
            System.arraycopy(b, off, bytes, filled, len);
            filled += len;
            if (runs > 0 && digests[runs - 1] == digest) {
                ends[runs - 1] = filled; // the same content again: one longer run
                return;
            }
            if (runs == digests.length) {
                digests = java.util.Arrays.copyOf(digests, runs * 2);
                ends = java.util.Arrays.copyOf(ends, runs * 2);
            }
            digests[runs] = digest;
            ends[runs++] = filled;
        }

        void hash() {
            int start = 0;
            for (int i = 0; i < runs; i++) {
                digests[i].update(bytes, start, ends[i] - start);
                start = ends[i];
                digests[i] = null;
            }
            runs = 0;
            filled = 0;
        }
    }

    /** Hands bytes of a content to the hashing thread (copied: the caller may reuse its array). */
    private void hash(MessageDigest digest, byte[] b, int off, int len) {
        while (len > 0) {
            if (chunk == null) {
                chunk = nextChunk();
            }
            int n = Math.min(len, CHUNK_BYTES - chunk.filled);
            chunk.add(digest, b, off, n);
            off += n;
            len -= n;
            if (chunk.filled == CHUNK_BYTES) {
                submit();
            }
        }
    }

    private void submit() {
        Chunk c = chunk;
        chunk = null;
        HASHING.execute(() -> {
            c.hash();
            freeChunks.add(c);
        });
    }

    private Chunk nextChunk() {
        Chunk c = freeChunks.poll();
        if (c != null) {
            return c;
        }
        if (chunksMade < CHUNKS) {
            chunksMade++;
            return new Chunk();
        }
        return uninterruptibly(freeChunks::take);
    }

    /** The digest of a content once every byte handed over for it is hashed. */
    private byte[] digestOf(MessageDigest digest) {
        if (chunk != null && chunk.runs > 0) {
            submit();
        }
        java.util.concurrent.Future<byte[]> done = HASHING.submit((java.util.concurrent.Callable<byte[]>) digest::digest);
        return uninterruptibly(done::get);
    }

    private interface Wait<T> {
        T get() throws InterruptedException, java.util.concurrent.ExecutionException;
    }

    /** Waits for the hashing thread; an interrupt is kept for the caller, the wait goes on. */
    private static <T> T uninterruptibly(Wait<T> wait) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return wait.get();
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (java.util.concurrent.ExecutionException e) {
                    throw new IllegalStateException("hashing failed", e.getCause());
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private ContentStore(boolean keep, long perContentLimit, long memoryBudget) {
        this(keep, false, perContentLimit, memoryBudget);
    }

    private ContentStore(boolean keep, boolean selective, long perContentLimit, long memoryBudget) {
        this.keep = keep;
        this.selective = selective;
        this.perContentLimit = perContentLimit;
        this.memoryBudget = memoryBudget;
    }

    /** Keeps contents: up to 4 MiB each and 64 MiB in all in memory, the rest on disk. */
    public static ContentStore keeping() {
        return new ContentStore(true, DEFAULT_PER_CONTENT, DEFAULT_BUDGET);
    }

    /** Keeps contents with other memory limits (tests use small ones to exercise the spill). */
    public static ContentStore keeping(long perContentLimit, long memoryBudget) {
        return new ContentStore(true, perContentLimit, memoryBudget);
    }

    /** Computes sizes and SHA-256 only; no bytes are kept. */
    public static ContentStore hashingOnly() {
        return new ContentStore(false, 0, 0);
    }

    /**
     * Keeps only what the file checks read — contents that start like an SPA firmware image (up to
     * {@link #CHECKED_IMAGE_LIMIT}), and Cisco packing lists ({@code .loads}) and configurations
     * ({@code .cnf.xml}) up to {@link #CHECKED_TEXT_LIMIT} — and computes size and SHA-256 of
     * everything. A content that grows past its limit is no longer kept.
     */
    public static ContentStore forChecks() {
        return new ContentStore(true, true, DEFAULT_PER_CONTENT, DEFAULT_BUDGET);
    }

    /** A new, empty content. */
    public Builder begin() {
        return new Builder(null);
    }

    /** A new, empty content of the file with this name (which {@link #forChecks()} looks at). */
    public Builder begin(String name) {
        return new Builder(name);
    }

    /** Reassembles one content in order; the caller appends each new block once. */
    public final class Builder {
        private final MessageDigest digest;
        private ByteArrayOutputStream buffer = keep ? new ByteArrayOutputStream() : null;
        private boolean keeping = keep;
        /** How much of this content to keep; -1 while {@link #forChecks()} has not decided yet. */
        private long keepLimit = selective ? -1 : Long.MAX_VALUE;
        /**
         * The first bytes, until there are enough to recognise an SPA image: a TFTP transfer with a
         * small blksize (RFC 2348 allows 8) carries the 16-byte magic over several blocks.
         */
        private final byte[] head = selective ? new byte[SPA_MAGIC.length] : null;
        private OutputStream spill;
        private Path file;
        private long size;
        private boolean finished;

        private final String name;

        private Builder(String name) {
            this.name = name;
            try {
                digest = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("every Java platform has SHA-256", e);
            }
        }

        public long size() {
            return size;
        }

        public void append(byte[] b, int off, int len) {
            if (finished || len <= 0) {
                return;
            }
            hash(digest, b, off, len);
            long before = size;
            size += len;
            if (keepLimit < 0) {
                int n = (int) Math.min(len, head.length - before);
                System.arraycopy(b, off, head, (int) before, n);
                if (size >= head.length) {
                    keepLimit = worthKeeping(name, head, (int) size);
                }
            }
            if (keeping && keepLimit >= 0 && size > keepLimit) {
                drop();
            }
            if (!keeping) {
                return;
            }
            try {
                if (spill == null && (buffer.size() + len > perContentLimit || inMemory + len > memoryBudget)) {
                    toDisk();
                }
                if (spill != null) {
                    spill.write(b, off, len);
                } else {
                    buffer.write(b, off, len);
                    inMemory += len;
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write transfer content to " + file, e);
            }
        }

        private void toDisk() throws IOException {
            file = Files.createTempFile(directory(), "content", ".bin");
            files.add(file);
            spill = new java.io.BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
            writing.add(spill);
            buffer.writeTo(spill);
            inMemory -= buffer.size();
            buffer = null;
        }

        /** Stops keeping this content: what was held is released. */
        private void drop() {
            keeping = false;
            if (buffer != null) {
                inMemory -= buffer.size();
                buffer = null;
            }
            if (spill != null) {
                writing.remove(spill);
                try {
                    spill.close();
                    Files.deleteIfExists(file);
                } catch (IOException ignored) {
                    // the store deletes its files when it closes
                }
                spill = null;
                file = null;
            }
        }

        /** Ends the content; {@code complete} says whether it is the whole file. */
        public FileContent finish(boolean complete) {
            finished = true;
            if (keepLimit < 0) { // shorter than the magic: no image, perhaps a text the name announces
                keepLimit = worthKeeping(name, head, (int) size);
                if (keeping && size > keepLimit) {
                    drop();
                }
            }
            String sha = HexFormat.of().formatHex(digestOf(digest));
            if (!keeping) {
                return new FileContent(size, sha, complete, null, null);
            }
            if (spill != null) {
                writing.remove(spill);
                try {
                    spill.close();
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot write transfer content to " + file, e);
                }
                return new FileContent(size, sha, complete, null, file);
            }
            return new FileContent(size, sha, complete, buffer.toByteArray(), null);
        }
    }

    /**
     * For {@link #forChecks()}: how much of a content with this name to keep, from its first
     * {@code length} bytes in {@code head}; 0 for none.
     */
    private static long worthKeeping(String name, byte[] head, int length) {
        if (length >= SPA_MAGIC.length && java.util.Arrays.equals(head, 0, SPA_MAGIC.length, SPA_MAGIC, 0,
                SPA_MAGIC.length)) {
            return CHECKED_IMAGE_LIMIT;
        }
        String lower = name == null ? "" : name.toLowerCase(java.util.Locale.ROOT);
        return lower.endsWith(".loads") || lower.endsWith(".cnf.xml") ? CHECKED_TEXT_LIMIT : 0;
    }

    private Path directory() throws IOException {
        if (directory == null) {
            directory = Files.createTempDirectory("phonerescue-transfers");
            directory.toFile().deleteOnExit();
        }
        return directory;
    }

    /** Bytes held in memory by all contents. */
    public long inMemory() {
        return inMemory;
    }

    /**
     * Deletes the temporary files, also those of contents still being written (an analysis that
     * failed part-way); contents that live in them can no longer be read.
     */
    @Override
    public void close() {
        for (OutputStream out : writing) {
            try {
                out.close();
            } catch (IOException ignored) {
                // the file is deleted below all the same
            }
        }
        writing.clear();
        for (Path f : files) {
            try {
                Files.deleteIfExists(f);
            } catch (IOException ignored) {
                f.toFile().deleteOnExit();
            }
        }
        files.clear();
        if (directory != null) {
            try {
                Files.deleteIfExists(directory);
            } catch (IOException ignored) {
                directory.toFile().deleteOnExit();
            }
        }
    }
}
