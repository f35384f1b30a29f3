package org.phonerescue.core.transfer;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.phonerescue.core.analysis.PacketView;

/**
 * Follows FTP file transfers (RFC 959) through a capture in one pass. The decoder reads the
 * control connection's commands and replies and binds each data connection to the PORT, PASV,
 * EPRT or EPSV (RFC 2428) that announced it ({@code ftp-data.setup-frame}); this tracker ties
 * that setup to the RETR, STOR, STOU or APPE that used it — the next transfer command on the
 * control connection, so a SIZE or CWD in between does not take it — pairs every command with
 * its replies (RFC 959 §4.2: one final reply per command, in order, after any 1xx), and keeps
 * the data in the {@link ContentStore}.
 */
public final class FtpTransferTracker extends TcpTransferTracker {

    /** The decoded fields this tracker reads, for a filtered decoding. */
    public static final Set<String> FIELDS = HttpTransferTracker.union(TcpSegment.FIELDS, Set.of(
            "ftp.request.command", "ftp.request.arg", "ftp.response.code", "ftp.response.arg",
            "ftp.current-working-directory", "ftp-data.setup-frame", "ftp-data.setup-method"));

    /** Commands that move a file over a data connection (RFC 959 §4.1.3). */
    private static final Set<String> FILE_COMMANDS = Set.of("RETR", "STOR", "STOU", "APPE");
    /** Commands that use a data connection for a listing (RFC 959 §4.1.3, RFC 3659 §7). */
    private static final Set<String> LIST_COMMANDS = Set.of("LIST", "NLST", "MLSD");

    /** The live control connections, the least recently active first (access order). */
    private final LinkedHashMap<Long, Control> controls = new LinkedHashMap<>(16, 0.75f, true);
    private final Map<Long, FtpTransferBuilder> bySetup = new HashMap<>();
    private final Map<Long, FtpTransferBuilder> byDataStream = new HashMap<>();
    /** Every transfer in order of its command; a set, so that a dropped command's transfer leaves it at once. */
    private final Set<FtpTransferBuilder> all = new LinkedHashSet<>();
    /** Transfers closed out with their control connection while the capture was read. */
    private final List<FtpTransfer> done = new ArrayList<>();
    private long dropped;
    private long closedOut;
    private int mostConnections;

    /**
     * Control connections followed at once ({@link HttpTransferTracker#MAX_CONNECTIONS}, for the
     * same reason): the least recently active goes first, and its transfers end with it, those
     * still waiting for their final reply closed out as aborted (or timed out) and counted.
     */
    public static final int MAX_CONNECTIONS = HttpTransferTracker.MAX_CONNECTIONS;

    /**
     * Commands one control connection may hold waiting for their final replies. A client sends
     * one command at a time (RFC 959 §5.4); more than this is a flood that would otherwise hold
     * every command in memory until the end.
     */
    public static final int MAX_AWAITING = 1024;

    /** A command waiting for its final reply, and the transfer it started, if any. */
    private record Pending(String command, String arg, FtpTransferBuilder transfer) {
    }

    /** One control connection. */
    private static final class Control {
        final Endpoint client;
        final Endpoint server;
        final ArrayDeque<Pending> awaiting = new ArrayDeque<>();
        final Map<String, Long> sizes = new HashMap<>();
        /** Its transfers still followed. */
        final List<FtpTransferBuilder> transfers = new ArrayList<>();
        long setupFrame = -1;
        String setupMethod;

        Control(Endpoint client, Endpoint server) {
            this.client = client;
            this.server = server;
        }
    }

    public FtpTransferTracker(ContentStore store) {
        this(store, TftpTransferTracker.DEFAULT_TIMEOUT_NANOS);
    }

    public FtpTransferTracker(ContentStore store, long timeoutNanos) {
        this(store, timeoutNanos, new TransferRecords());
    }

    /** A tracker whose finished transfers are kept, or only counted, as {@code records} decides. */
    public FtpTransferTracker(ContentStore store, long timeoutNanos, TransferRecords records) {
        super(store, timeoutNanos, records);
    }

    @Override
    void accept(PacketView p, TcpSegment s) {
        if (p.hasLayer("ftp")) {
            control(p, s);
        }
        FtpTransferBuilder t = byDataStream.get(s.stream());
        if (p.hasLayer("ftp-data")) {
            Long setup = p.number("ftp-data.setup-frame", -1);
            FtpTransferBuilder bound = bySetup.get(setup);
            if (bound != null && t == null) {
                t = bound;
                byDataStream.put(s.stream(), t);
            }
            if (t != null && t == bound) {
                t.data(p, s, p.layerBytes("ftp-data"));
                t.analysed(p, s);
                return;
            }
        }
        if (t != null) {
            t.dataSegment(p, s); // a repeat the decoder does not hand on, or a FIN or RST
        }
        if (t != null && s.stream() == t.dataStream()) {
            t.analysed(p, s);
        }
    }

    private void control(PacketView p, TcpSegment s) {
        String command = p.text("ftp.request.command");
        long reply = p.number("ftp.response.code", -1);
        Control c = controls.get(s.stream());
        if (c == null) {
            c = command != null ? new Control(s.source(), s.destination()) : new Control(s.destination(), s.source());
            open(s.stream(), c);
        }
        if (command != null && s.source().equals(c.client)) {
            command(p, s, c, command.toUpperCase(Locale.ROOT), p.text("ftp.request.arg"));
        } else if (reply >= 0 && s.source().equals(c.server)) {
            reply(p, c, (int) reply, p.text("ftp.response.arg"));
        }
    }

    private void command(PacketView p, TcpSegment s, Control c, String command, String arg) {
        FtpTransferBuilder transfer = null;
        if (command.equals("PORT") || command.equals("EPRT")) {
            c.setupFrame = p.frame();
            c.setupMethod = command;
        } else if (FILE_COMMANDS.contains(command) && arg != null) {
            transfer = new FtpTransferBuilder(p, command, arg, p.text("ftp.current-working-directory"), c.client,
                    c.server, s.stream(), c.setupMethod, c.setupFrame, store.begin(arg));
            Long size = c.sizes.get(arg);
            if (size != null) {
                transfer.expectedSize(size);
            }
            if (c.setupFrame >= 0) {
                bySetup.put(c.setupFrame, transfer);
            }
            all.add(transfer);
            c.transfers.add(transfer);
            c.setupFrame = -1;
        } else if (LIST_COMMANDS.contains(command)) {
            c.setupFrame = -1;
        } else if (command.equals("ABOR")) {
            for (Pending pending : c.awaiting) {
                if (pending.transfer() != null) {
                    pending.transfer().abortRequested();
                }
            }
        }
        if (c.awaiting.size() >= MAX_AWAITING) {
            // the oldest goes; a file command of it that never carried data is no transfer any more
            Pending oldest = c.awaiting.pollFirst();
            FtpTransferBuilder t = oldest.transfer();
            if (t != null && !t.carriedData()) {
                all.remove(t);
                c.transfers.remove(t);
                bySetup.remove(t.setupFrame(), t);
            }
            dropped++;
        }
        c.awaiting.addLast(new Pending(command, arg, transfer));
        if (c.transfers.size() > MAX_AWAITING) {
            // a control connection that has run this many transfers: its oldest is over by now
            retire(c.transfers.remove(0));
        }
    }

    /**
     * Commands left out because more than {@value #MAX_AWAITING} waited for their replies on one
     * control connection (the oldest went first).
     */
    public long droppedCommands() {
        return dropped;
    }

    private void reply(PacketView p, Control c, int code, String text) {
        if (code == 227 || code == 229) {
            // the passive setups: the reply frame is what the decoder names as the setup (RFC 959 §4.1.2, RFC 2428 §3)
            c.setupFrame = p.frame();
            c.setupMethod = code == 227 ? "PASV" : "EPASV";
        }
        Pending head = c.awaiting.peekFirst();
        if (head == null) {
            return; // the greeting, or a reply the capture missed the command of
        }
        if (code / 100 == 1) {
            if (head.transfer() != null) {
                head.transfer().preliminary(p, text);
            }
            return;
        }
        c.awaiting.pollFirst();
        if (head.transfer() != null) {
            head.transfer().finalReply(p, code, text);
        } else if (head.command().equals("SIZE") && code == 213 && head.arg() != null && text != null) {
            try {
                c.sizes.put(head.arg(), Long.parseLong(text.trim()));
            } catch (NumberFormatException ignored) {
                // RFC 3659 §4.2: the reply is the size in decimal; anything else tells nothing
            }
        }
    }

    /** A new control connection, after the least recently active one when there are too many. */
    private void open(long stream, Control c) {
        controls.put(stream, c);
        if (controls.size() > MAX_CONNECTIONS) {
            Iterator<Control> eldest = controls.values().iterator();
            Control old = eldest.next();
            eldest.remove();
            closeOut(old);
        }
        mostConnections = Math.max(mostConnections, controls.size());
    }

    /** Ends the transfers of a control connection that is no longer followed. */
    private void closeOut(Control c) {
        Set<FtpTransferBuilder> waiting = new HashSet<>();
        for (Pending p : c.awaiting) {
            if (p.transfer() != null) {
                waiting.add(p.transfer());
            }
        }
        String why = "no longer followed: more than " + MAX_CONNECTIONS + " control connections open at once";
        for (FtpTransferBuilder t : c.transfers) {
            all.remove(t);
            bySetup.remove(t.setupFrame(), t);
            byDataStream.remove(t.dataStream(), t);
            boolean unanswered = waiting.contains(t);
            keep(t.build(lastTime, timeout, unanswered ? why : null));
            if (unanswered) {
                closedOut++;
            }
        }
    }

    /** Ends a transfer of a control connection that is still followed, keeping its record if it may. */
    private void retire(FtpTransferBuilder t) {
        all.remove(t);
        bySetup.remove(t.setupFrame(), t);
        byDataStream.remove(t.dataStream(), t);
        keep(t.build(lastTime, timeout, null));
    }

    private void keep(FtpTransfer t) {
        if (records.keep(t)) {
            done.add(t);
        }
    }

    /**
     * Commands closed out without their final reply with their control connection, the least
     * recently active of more than {@value #MAX_CONNECTIONS} open at once.
     */
    public long closedOutCommands() {
        return closedOut;
    }

    /** The most control connections followed at once. */
    public int mostConnections() {
        return mostConnections;
    }

    /**
     * Ends every transfer at the end of the capture and returns those kept ({@link TransferRecords})
     * in order of their commands.
     */
    public List<FtpTransfer> finish() {
        for (FtpTransferBuilder t : all) {
            keep(t.build(lastTime, timeout, null));
        }
        all.clear();
        List<FtpTransfer> out = new ArrayList<>(done);
        out.sort(java.util.Comparator.comparingLong(FtpTransfer::requestFrame));
        return out;
    }
}
