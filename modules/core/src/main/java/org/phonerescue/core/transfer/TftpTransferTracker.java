package org.phonerescue.core.transfer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.phonerescue.core.analysis.PacketView;
import org.phonerescue.core.decode.Field;

/**
 * Follows TFTP transfers through a capture in one pass. The decoder ties every DATA, ACK, OACK
 * and ERROR to its request ({@code tftp.request_frame}, as Wireshark does), including the SPA
 * loader's multicast request and ACKs; this tracker counts blocks, repeats and pauses, and
 * reassembles the content into a {@link ContentStore}.
 */
public final class TftpTransferTracker {

    /** The decoded fields this tracker reads, for a filtered decoding. */
    public static final Set<String> FIELDS = Set.of("eth.src", "ip.src", "ip.dst", "ipv6.src", "ipv6.dst",
            "udp.srcport", "udp.dstport", "udp.length", "icmp.type", "icmp.code", "tftp.opcode", "tftp.source_file",
            "tftp.destination_file", "tftp.type", "tftp.option", "tftp.option.name", "tftp.option.value",
            "tftp.block", "tftp.block.full", "tftp.error.code", "tftp.error.message", "tftp.request_frame");

    /**
     * Silence after which an unfinished transfer counts as timed out. TFTP leaves the timeout to
     * the implementation (RFC 1350 §2); the SPA loader gives up after about 10 s without progress
     * (spa-recovery-protocol.md), common servers after 5 tries of 1–5 s.
     */
    public static final long DEFAULT_TIMEOUT_NANOS = 10_000_000_000L;
    /** Frames kept as evidence per kind of repeat. */
    static final int EVIDENCE_FRAMES = 20;
    /** How far back an ICMP error is matched against transfers. */
    private static final int ICMP_LOOKBACK = 256;

    /**
     * Transfers followed at once. A phone runs one or two; more at the same time is a flood of
     * requests (or a capture of a busy server), and following them all would hold every one in
     * memory until the end. Past this, the least recently active half is closed out: each ends
     * as it stands then, takes no more packets, and one that had not ended yet is aborted ("no
     * longer followed"; timed out when it had been silent that long) and counted in the
     * analysis's warnings.
     */
    public static final int MAX_FOLLOWED = 4096;

    private final ContentStore store;
    private final long timeout;
    private final TransferRecords records;
    private final Map<Long, TftpTransferBuilder> byRequestFrame = new HashMap<>();
    private final Map<String, TftpTransferBuilder> latestByRequest = new HashMap<>();
    private final Map<String, TftpTransferBuilder> latestByClientFile = new HashMap<>();
    /** The transfers followed, in order of their requests. */
    private List<TftpTransferBuilder> all = new ArrayList<>();
    /** Transfers closed out while the capture was read, and kept. */
    private final List<TftpTransfer> done = new ArrayList<>();
    private long closedOut;
    private int mostFollowed;
    private long lastTime = PacketView.NO_TIME;

    public TftpTransferTracker(ContentStore store) {
        this(store, DEFAULT_TIMEOUT_NANOS);
    }

    public TftpTransferTracker(ContentStore store, long timeoutNanos) {
        this(store, timeoutNanos, new TransferRecords());
    }

    /** A tracker whose finished transfers are kept, or only counted, as {@code records} decides. */
    public TftpTransferTracker(ContentStore store, long timeoutNanos, TransferRecords records) {
        this.store = store;
        this.timeout = timeoutNanos;
        this.records = records;
    }

    /** Takes in one packet, in file order. */
    public void accept(PacketView p) {
        if (p.time() != PacketView.NO_TIME) {
            lastTime = p.time();
        }
        if (p.hasLayer("icmp")) {
            icmp(p);
            return;
        }
        if (!p.hasLayer("tftp")) {
            return;
        }
        long op = p.number("tftp.opcode", -1);
        if (op == 1 || op == 2) {
            request(p, op == 1);
            return;
        }
        TftpTransferBuilder t = byRequestFrame.get(p.number("tftp.request_frame", -1));
        if (t != null) {
            t.packet(p, (int) op);
        }
    }

    /**
     * One direction of a transfer's traffic (a source and a destination endpoint), for counting
     * its DATA and ACK blocks from their headers alone with {@link #block}.
     */
    public static final class Flow {
        private final TftpTransferBuilder transfer;
        private final Endpoint source;
        private final Endpoint destination;
        private final String sourceMac;
        /** What the transfer says of these endpoints once that can no longer change, else -1. */
        private int from = -1;

        private Flow(TftpTransferBuilder transfer, Endpoint source, Endpoint destination, String sourceMac) {
            this.transfer = transfer;
            this.source = source;
            this.destination = destination;
            this.sourceMac = sourceMac;
        }
    }

    /**
     * The flow of a DATA or ACK already taken in by {@link #accept}, or null when the packet is
     * not one or belongs to no transfer this tracker follows.
     */
    public Flow flow(PacketView p) {
        if (!p.hasLayer("tftp") || p.hasLayer("icmp")) {
            return null;
        }
        long op = p.number("tftp.opcode", -1);
        if (op != 3 && op != 4) {
            return null;
        }
        TftpTransferBuilder t = byRequestFrame.get(p.number("tftp.request_frame", -1));
        if (t == null || p.sourceIp() == null || p.destinationIp() == null) {
            return null;
        }
        return new Flow(t, new Endpoint(p.sourceIp(), p.udpSourcePort()),
                new Endpoint(p.destinationIp(), p.udpDestinationPort()), p.sourceMac());
    }

    /**
     * Takes in a DATA (op 3) or ACK (op 4) of a flow, recognised from its headers, with the same
     * effect as {@link #accept} on its decoding: {@code block} is the full block number (wraps
     * counted), {@code data[offset, offset+length)} the captured block bytes, {@code udpLength}
     * the UDP header's length field.
     */
    public void block(Flow flow, int op, long block, long frame, long time, long udpLength, byte[] data, int offset,
                      int length) {
        if (time != PacketView.NO_TIME) {
            lastTime = time;
        }
        if (flow.transfer.closedOut()) {
            return; // no longer followed: it ended when it was closed out
        }
        int from = flow.from;
        if (from < 0) {
            from = flow.transfer.from(flow.source, flow.destination, flow.sourceMac);
            if (flow.transfer.answered()) {
                flow.from = from;
            }
        }
        flow.transfer.block(from, op, block, frame, time, udpLength, data, offset, length);
    }

    private void request(PacketView p, boolean read) {
        String file = p.text(read ? "tftp.source_file" : "tftp.destination_file");
        if (file == null || p.sourceIp() == null) {
            return;
        }
        Endpoint client = new Endpoint(p.sourceIp(), p.udpSourcePort());
        Endpoint server = new Endpoint(p.destinationIp(), p.udpDestinationPort());
        String requestKey = client + "|" + server + "|" + (read ? "r" : "w") + file;
        TftpTransferBuilder earlier = latestByRequest.get(requestKey);
        if (earlier != null && !earlier.answered() && !earlier.ended()) {
            // RFC 1350 §4: a client repeats its request when no answer comes, from the same port.
            // Each request claims the conversation anew in the decoder, which ties what follows to
            // the newest one: only its frame needs finding, however often the request is repeated.
            byRequestFrame.remove(earlier.lastRequestFrame());
            earlier.repeatRequest(p);
            byRequestFrame.put(p.frame(), earlier);
            return;
        }
        String clientFileKey = client.ip() + "|" + (read ? "r" : "w") + file;
        TftpTransferBuilder previous = latestByClientFile.get(clientFileKey);
        if (previous != null) {
            previous.restartedAt(p.time());
        }
        Map<String, String> options = new LinkedHashMap<>();
        for (Field option : p.fields("tftp.option")) {
            options.put(child(option, "tftp.option.name"), child(option, "tftp.option.value"));
        }
        TftpTransferBuilder t = new TftpTransferBuilder(p, read, file, client, server, options, store.begin(file));
        all.add(t);
        byRequestFrame.put(p.frame(), t);
        latestByRequest.put(requestKey, t);
        latestByClientFile.put(clientFileKey, t);
        mostFollowed = Math.max(mostFollowed, all.size());
        if (all.size() > MAX_FOLLOWED) {
            closeOutLeastActive();
        }
    }

    /**
     * Closes out the least recently active half of the transfers followed: each is built as it
     * stands and forgotten. Done in batches, so that following stays cheap per packet.
     */
    private void closeOutLeastActive() {
        List<TftpTransferBuilder> byActivity = new ArrayList<>(all);
        byActivity.sort(java.util.Comparator.comparingLong(TftpTransferBuilder::lastFrame));
        String why = "no longer followed: more than " + MAX_FOLLOWED + " transfers at once";
        for (TftpTransferBuilder t : byActivity.subList(0, all.size() - MAX_FOLLOWED / 2)) {
            t.closeOut();
            TftpTransfer built = t.build(lastTime, timeout, why);
            if (built.outcome() == TransferOutcome.ABORTED && why.equals(built.errorMessage())) {
                closedOut++;
            }
            if (records.keep(built)) {
                done.add(built);
            }
        }
        List<TftpTransferBuilder> followed = new ArrayList<>(MAX_FOLLOWED);
        for (TftpTransferBuilder t : all) {
            if (!t.closedOut()) {
                followed.add(t);
            }
        }
        all = followed;
        byRequestFrame.values().removeIf(TftpTransferBuilder::closedOut);
        latestByRequest.values().removeIf(TftpTransferBuilder::closedOut);
        latestByClientFile.values().removeIf(TftpTransferBuilder::closedOut);
    }

    /**
     * Transfers closed out before they ended (no last block, no ERROR, not yet silent for the
     * timeout), the least recently active of more than {@value #MAX_FOLLOWED} followed at once.
     */
    public long closedOutTransfers() {
        return closedOut;
    }

    /** Request frames the tracker can tie datagrams to: one per transfer followed, whatever its repeats. */
    public int requestFramesFollowed() {
        return byRequestFrame.size();
    }

    /** The most transfers followed at once. */
    public int mostFollowed() {
        return mostFollowed;
    }

    private static String child(Field option, String name) {
        for (Field c : option.children()) {
            if (c.name().equals(name)) {
                return c.text();
            }
        }
        return "";
    }

    /** RFC 792 type 3: find the transfer whose datagram the error quotes. */
    private void icmp(PacketView p) {
        if (p.number("icmp.type", -1) != 3) {
            return;
        }
        Field src = p.quotedField("ip.src");
        Field dst = p.quotedField("ip.dst");
        Field sport = p.quotedField("udp.srcport");
        Field dport = p.quotedField("udp.dstport");
        if (src == null || dst == null || sport == null || dport == null) {
            return;
        }
        Endpoint from = new Endpoint(src.text(), (int) sport.longValue());
        Endpoint to = new Endpoint(dst.text(), (int) dport.longValue());
        Unreachable u = new Unreachable(p.frame(), p.sourceIp(), (int) p.number("icmp.code", -1));
        for (int i = all.size() - 1; i >= 0 && i >= all.size() - ICMP_LOOKBACK; i--) {
            if (all.get(i).quotes(from, to)) {
                all.get(i).unreachable(u);
                return;
            }
        }
    }

    /**
     * Ends every transfer at the end of the capture and returns those kept ({@link TransferRecords})
     * in order of their requests.
     */
    public List<TftpTransfer> finish() {
        List<TftpTransfer> out = new ArrayList<>(done.size() + all.size());
        out.addAll(done);
        for (TftpTransferBuilder t : all) {
            TftpTransfer built = t.build(lastTime, timeout);
            if (records.keep(built)) {
                out.add(built);
            }
        }
        out.sort(java.util.Comparator.comparingLong(TftpTransfer::requestFrame));
        return out;
    }
}
