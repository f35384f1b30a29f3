package org.phonerescue.core.transfer;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.phonerescue.core.analysis.PacketView;
import org.phonerescue.core.decode.DecoderState;
import org.phonerescue.core.decode.Field;
import org.phonerescue.core.decode.tcp.TcpConversation;
import org.phonerescue.core.decode.tcp.TcpFlow;
import org.phonerescue.core.protocol.http.TransferCodings;

/**
 * Follows HTTP transfers through a capture in one pass. The decoder reassembles each message
 * from its TCP segments, delimits its body (Content-Length, chunked coding, or until the server
 * closes: RFC 9112 §6.3) and gives the body's bytes as {@code http.file_data}; this tracker pairs
 * requests with responses, follows the response's segments for its times, a reset or a close,
 * and keeps the body in the {@link ContentStore}. A response that never came together (cut short,
 * or still arriving when the capture ends) is taken from the decoder's reassembly at the end.
 */
public final class HttpTransferTracker extends TcpTransferTracker {

    /** The decoded fields this tracker reads, for a filtered decoding. */
    public static final Set<String> FIELDS = union(TcpSegment.FIELDS, Set.of("http.request", "http.response",
            "http.request.method", "http.request.uri", "http.host", "http.user_agent", "http.response.code", "http.response.phrase",
            "http.content_length_header", "http.content_range", "http.content_type", "http.transfer_encoding",
            "http.file_data", "http.request_in"));

    /** The live connections, the least recently active first (access order). */
    private final LinkedHashMap<Long, Connection> connections = new LinkedHashMap<>(16, 0.75f, true);
    /** Requests waiting for their responses, by frame (what a response's http.request_in names). */
    private final Map<Long, HttpTransferBuilder> byRequestFrame = new HashMap<>();
    /** The transfers still being followed; a set, so that a dropped request leaves it at once. */
    private final Set<HttpTransferBuilder> all = new LinkedHashSet<>();
    /** Transfers that ended while the capture was read (answered, or closed out with their connection). */
    private final List<HttpTransfer> done = new ArrayList<>();
    private long dropped;
    private long closedOut;
    private int mostConnections;

    /**
     * Connections followed at once. A phone holds one or two; a capture with more open at the
     * same time is a server's busy day or a flood, and following them all would hold every one
     * in memory until the end. The least recently active goes first: its requests still
     * waiting for a response are closed out as aborted (or timed out, when it had been silent
     * that long) and counted in the analysis's warnings.
     */
    public static final int MAX_CONNECTIONS = 4096;

    /**
     * Requests one connection may hold waiting for their responses. A phone asks for one file at
     * a time; more than this is a flood (or a capture of one) that would otherwise hold every
     * request in memory until the end.
     */
    public static final int MAX_UNANSWERED = 1024;

    /** One TCP connection that carried a request: its requests waiting for their responses. */
    static final class Connection {
        final long stream;
        final Endpoint client;
        final Endpoint server;
        final ArrayDeque<HttpTransferBuilder> unanswered = new ArrayDeque<>();
        /** Relative sequence number after the highest byte the server sent, or -1. */
        long serverEnd = -1;
        /** The transfer whose response came last, or null: later repeats of its segments are its own. */
        HttpTransferBuilder answered;
        /** What the TCP analysis flagged of the client's segments since its last request: an upload's body. */
        TcpAnalysis.Counter sinceRequest = new TcpAnalysis.Counter();

        Connection(long stream, Endpoint client, Endpoint server) {
            this.stream = stream;
            this.client = client;
            this.server = server;
        }
    }

    public HttpTransferTracker(ContentStore store) {
        this(store, TftpTransferTracker.DEFAULT_TIMEOUT_NANOS);
    }

    public HttpTransferTracker(ContentStore store, long timeoutNanos) {
        this(store, timeoutNanos, new TransferRecords());
    }

    /** A tracker whose finished transfers are kept, or only counted, as {@code records} decides. */
    public HttpTransferTracker(ContentStore store, long timeoutNanos, TransferRecords records) {
        super(store, timeoutNanos, records);
    }

    @Override
    void accept(PacketView p, TcpSegment s) {
        Connection c = connections.get(s.stream());
        if (c != null) {
            segment(c, s, p);
        }
        for (Field layer : p.decoded().layers()) {
            if (layer.name().equals("http")) {
                message(p, s, layer);
            }
        }
    }

    private void segment(Connection c, TcpSegment s, PacketView p) {
        boolean fromServer = s.source().equals(c.server);
        if (s.retransmission() || s.outOfOrder() || s.duplicateAck()) {
            analysed(c, s, p, fromServer);
        }
        if (fromServer && s.length() > 0) {
            HttpTransferBuilder head = c.unanswered.peekFirst();
            // bytes the server had all sent before this response began are a repeat of the previous one
            boolean repeat = head != null && head.responseStart() < 0 && c.answered != null && s.end() <= c.serverEnd;
            c.serverEnd = c.serverEnd < 0 ? s.end() : Math.max(c.serverEnd, s.end());
            if (head != null && !repeat) {
                head.responseSegment(p, s);
            }
        }
        if (s.reset() || s.fin() && fromServer) {
            for (HttpTransferBuilder t : c.unanswered) {
                t.closed(p, s.reset());
            }
        }
    }

    /**
     * A segment the decoder's TCP analysis flagged, for the transfer whose data it belongs to. A
     * server's segment goes to the response in progress, unless it repeats bytes sent before that
     * response began (those are the previous response's); a client's segment goes to the request
     * it comes before (an upload's body is sent before its request is complete).
     */
    private void analysed(Connection c, TcpSegment s, PacketView p, boolean fromServer) {
        if (!fromServer) {
            c.sinceRequest.segment(s, p.frame(), true);
        }
        HttpTransferBuilder head = c.unanswered.peekFirst();
        HttpTransferBuilder t = head;
        if (head == null || c.answered != null && s.length() > 0
                && (head.responseStart() < 0 ? c.serverEnd >= 0 && s.seq() < c.serverEnd : s.seq() < head.responseStart())) {
            t = c.answered;
        }
        if (t != null && t.read()) {
            t.tcp().segment(s, p.frame(), fromServer);
        } else if (t != null && fromServer) {
            t.tcp().segment(s, p.frame(), false); // the server's duplicate ACKs to an upload
        }
    }

    private void message(PacketView p, TcpSegment s, Field http) {
        if (find(http, "http.request") != null) {
            Field method = find(http, "http.request.method");
            Field uri = find(http, "http.request.uri");
            if (method == null || uri == null) {
                return;
            }
            Connection c = connections.get(s.stream());
            if (c == null) {
                c = open(new Connection(s.stream(), s.source(), s.destination()));
            }
            if (!s.source().equals(c.client)) {
                return; // a request from the server's side: not something this connection's client asked
            }
            HttpTransferBuilder t = new HttpTransferBuilder(p, s.stream(), method.text(), uri.text(),
                    text(http, "http.host"), text(http, "http.user_agent"), c.client, c.server, store.begin(name(uri.text())));
            Field body = find(http, "http.file_data");
            if (body != null && !t.read()) {
                t.requestBody(p.bytes(body), number(http, "http.content_length_header"));
            }
            if (!t.read()) {
                t.tcp().add(c.sinceRequest);
            }
            c.sinceRequest = new TcpAnalysis.Counter();
            if (c.unanswered.size() >= MAX_UNANSWERED) {
                // the oldest goes: it is no transfer of the capture's result any more, only counted
                HttpTransferBuilder oldest = c.unanswered.pollFirst();
                all.remove(oldest);
                byRequestFrame.remove(oldest.requestFrame());
                dropped++;
            }
            all.add(t);
            byRequestFrame.put(p.frame(), t);
            c.unanswered.addLast(t);
            return;
        }
        Connection c = connections.get(s.stream());
        Field code = find(http, "http.response.code");
        if (c == null || code == null || !s.source().equals(c.server)) {
            return;
        }
        Field in = find(http, "http.request_in");
        HttpTransferBuilder t = in != null ? byRequestFrame.get(in.longValue()) : c.unanswered.peekFirst();
        if (t == null || !c.unanswered.contains(t)) {
            return; // a response to a request the capture did not hold
        }
        int status = (int) code.longValue();
        if (status / 100 == 1) {
            return; // 100 Continue and the like: the final response follows (RFC 9110 §15.2)
        }
        c.unanswered.remove(t);
        byRequestFrame.remove(t.requestFrame());
        if (c.answered != null) {
            end(c.answered); // nothing more of the previous response can come now but its repeats
        }
        c.answered = t;
        Field body = find(http, "http.file_data");
        t.response(p, status, text(http, "http.response.phrase"), number(http, "http.content_length_header"),
                text(http, "http.content_range"), text(http, "http.content_type"),
                text(http, "http.transfer_encoding"), p.source(body), body);
    }

    /** A new connection, after the least recently active one when there are too many. */
    private Connection open(Connection c) {
        connections.put(c.stream, c);
        if (connections.size() > MAX_CONNECTIONS) {
            Iterator<Connection> eldest = connections.values().iterator();
            Connection old = eldest.next();
            eldest.remove();
            closeOut(old);
        }
        mostConnections = Math.max(mostConnections, connections.size());
        return c;
    }

    /** Ends the transfers of a connection that is no longer followed. */
    private void closeOut(Connection c) {
        if (c.answered != null) {
            end(c.answered);
        }
        String why = "no longer followed: more than " + MAX_CONNECTIONS + " connections open at once";
        for (HttpTransferBuilder t : c.unanswered) {
            all.remove(t);
            byRequestFrame.remove(t.requestFrame());
            keep(t.build(lastTime, timeout, why));
            closedOut++;
        }
    }

    private void end(HttpTransferBuilder t) {
        if (all.remove(t)) {
            keep(t.build(lastTime, timeout, null));
        }
    }

    private void keep(HttpTransfer t) {
        if (records.keep(t)) {
            done.add(t);
        }
    }

    /**
     * Requests closed out unanswered with their connection, the least recently active of more
     * than {@value #MAX_CONNECTIONS} open at once.
     */
    public long closedOutRequests() {
        return closedOut;
    }

    /** The most connections followed at once. */
    public int mostConnections() {
        return mostConnections;
    }

    /**
     * Requests left out because more than {@value #MAX_UNANSWERED} waited for their responses on
     * one connection (the oldest went first).
     */
    public long droppedRequests() {
        return dropped;
    }

    /**
     * Ends every transfer at the end of the capture and returns those kept ({@link TransferRecords})
     * in order of their requests. With the decoder's state, a response still being reassembled (cut short, or the capture
     * ended) gives what arrived of it.
     */
    public List<HttpTransfer> finish(DecoderState decoder) {
        for (Connection c : connections.values()) {
            HttpTransferBuilder head = c.unanswered.peekFirst();
            if (head != null && decoder != null) {
                TcpConversation conv = decoder.tcpStreams().conversation(c.client.ip(), c.client.port(),
                        c.server.ip(), c.server.port());
                if (conv != null && conv.index() == c.stream) {
                    boolean forward = conv.addressA().equals(c.server.ip()) && conv.portA() == c.server.port();
                    TcpFlow.PduInProgress pdu = conv.flow(forward).pduInProgress();
                    if (pdu != null) {
                        head.partialResponse(pdu, c.serverEnd);
                    }
                }
            }
        }
        for (HttpTransferBuilder t : all) {
            keep(t.build(lastTime, timeout, null));
        }
        all.clear();
        List<HttpTransfer> out = new ArrayList<>(done);
        out.sort(java.util.Comparator.comparingLong(HttpTransfer::requestFrame));
        return out;
    }

    /** The file name part of a request target: the path without its query (RFC 3986 §3.4). */
    private static String name(String target) {
        int query = target.indexOf('?');
        return query >= 0 ? target.substring(0, query) : target;
    }

    /** The first field of that name in a message's subtree. */
    static Field find(Field f, String name) {
        if (f.name().equals(name)) {
            return f;
        }
        for (Field c : f.children()) {
            Field found = find(c, name);
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    private static String text(Field http, String name) {
        Field f = find(http, name);
        if (f == null) {
            return null;
        }
        return f.value() instanceof String s ? s : f.text();
    }

    private static long number(Field http, String name) {
        return Decimal.parse(text(http, name));
    }

    @SafeVarargs
    static Set<String> union(Set<String>... sets) {
        Set<String> out = new HashSet<>();
        for (Set<String> s : sets) {
            out.addAll(s);
        }
        return Set.copyOf(out);
    }
}
