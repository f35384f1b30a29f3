package org.phonerescue.cli;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Standard output with write errors that stop the command, for every command: {@link #install}
 * makes {@code System.out} such a stream before any command runs, and {@link PhoneRescue#execute}
 * turns a {@link Failed} write, wherever it happens, into the exit of {@link #exit}. The commands
 * that print a line or more for every packet of captures with millions ({@code list},
 * {@code show}, {@code fields}) write to {@link #standardOutput()} through buffers of their own.
 *
 * <p>Why: the JVM ignores SIGPIPE and {@code System.out} swallows write errors, so without this
 * {@code phonerescue list big.pcap | head} went on decoding the whole capture long after head had
 * gone, and a full disk went unnoticed: {@code diagnose X > /dev/full} exited 0.
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

    /**
     * Makes {@code System.out} write through this class: UTF-8 (the encoding every command's
     * text is written in), flushed at each line as the JVM's own is, failed writes thrown as
     * {@link Failed} through the PrintStream and PrintWriter wrappers (they swallow only
     * IOException). What is left in its buffer is written by {@link #flush}.
     */
    static void install() {
        System.setOut(new PrintStream(new BufferedOutputStream(standardOutput(), 8192), true, StandardCharsets.UTF_8));
    }

    /** Whether a failure was already reported by {@link #exit}: then nothing more is tried. */
    private static volatile boolean failed;

    /**
     * Writes what {@code System.out} and {@code writer} (picocli's help) still hold, unless a
     * write has failed already; throws {@link Failed} when it cannot.
     */
    static void flush(java.io.PrintWriter writer) {
        if (!failed) {
            writer.flush();
            System.out.flush();
        }
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
        failed = true;
        String reason = failure.getCause().getMessage();
        // Linux's EPIPE, as FileOutputStream reports it
        if (reason != null && reason.contains("Broken pipe")) {
            return PhoneRescue.EXIT_OUTPUT_CLOSED;
        }
        System.err.println("phonerescue: cannot write the output: " + Failures.reason(failure.getCause()));
        return PhoneRescue.EXIT_OUTPUT;
    }
}
