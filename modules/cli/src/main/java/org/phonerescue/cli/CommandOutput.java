package org.phonerescue.cli;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/**
 * Standard output for the commands that print a line or more for every packet of captures with
 * millions ({@code list}, {@code show}, {@code fields}), with write errors that stop the command.
 *
 * <p>Why: the JVM ignores SIGPIPE and {@code System.out} swallows write errors, so without this
 * {@code phonerescue list big.pcap | head} went on decoding the whole capture long after head had
 * gone, and a full disk went unnoticed. A failed write here throws {@link Failed}, which the
 * command turns into its exit with {@link #exit}.
 */
final class CommandOutput extends FilterOutputStream {

    /** A write to standard output failed; the cause says why. */
    static final class Failed extends UncheckedIOException {
        Failed(IOException cause) {
            super(cause.getMessage(), cause);
        }
    }

    private CommandOutput(OutputStream out) {
        super(out);
    }

    /** The process's standard output, unbuffered (callers buffer). */
    static CommandOutput standardOutput() {
        return new CommandOutput(new FileOutputStream(FileDescriptor.out));
    }

    @Override
    public void write(int b) {
        try {
            out.write(b);
        } catch (IOException e) {
            throw new Failed(e);
        }
    }

    @Override
    public void write(byte[] b, int off, int len) {
        try {
            out.write(b, off, len);
        } catch (IOException e) {
            throw new Failed(e);
        }
    }

    @Override
    public void flush() {
        try {
            out.flush();
        } catch (IOException e) {
            throw new Failed(e);
        }
    }

    /**
     * The exit code for a failed output: {@link PhoneRescue#EXIT_OUTPUT_CLOSED}, quietly, when the
     * reading end went away (a pipe into head), as a program ended by SIGPIPE exits; otherwise one
     * line on stderr and {@link PhoneRescue#EXIT_OUTPUT}.
     */
    static int exit(Failed failure) {
        String reason = failure.getCause().getMessage();
        // Linux's EPIPE, as FileOutputStream reports it
        if (reason != null && reason.contains("Broken pipe")) {
            return PhoneRescue.EXIT_OUTPUT_CLOSED;
        }
        System.err.println("phonerescue: cannot write the output: "
                + (reason != null ? reason : failure.getCause().getClass().getSimpleName()));
        return PhoneRescue.EXIT_OUTPUT;
    }
}
