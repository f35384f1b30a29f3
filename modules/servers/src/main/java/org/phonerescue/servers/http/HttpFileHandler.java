package org.phonerescue.servers.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelProgressiveFuture;
import io.netty.channel.ChannelProgressiveFutureListener;
import io.netty.channel.DefaultFileRegion;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.timeout.IdleStateEvent;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.phonerescue.servers.event.RefusalReason;
import org.phonerescue.servers.event.RequestRefused;
import org.phonerescue.servers.event.ServedProtocol;
import org.phonerescue.servers.event.ServerEventListener;
import org.phonerescue.servers.event.TransferCompleted;
import org.phonerescue.servers.event.TransferDirection;
import org.phonerescue.servers.event.TransferFailed;
import org.phonerescue.servers.event.TransferProgress;
import org.phonerescue.servers.event.TransferRequested;
import org.phonerescue.servers.files.FileLookup;
import org.phonerescue.servers.files.ServedRoot;

/**
 * Answers GET and HEAD for the files of the root on one connection (RFC 9110): Content-Length,
 * Last-Modified, single byte ranges (206, and 416 outside the file), If-Modified-Since (304).
 * The file body goes to the socket as a {@link DefaultFileRegion}, which the NIO transport sends
 * with {@code sendfile}: the bytes never pass through the Java heap, whatever the file's size.
 */
final class HttpFileHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

    private final ServedRoot root;
    private final HttpServerConfig config;
    private final ServerEventListener events;
    private final AtomicLong ids;

    HttpFileHandler(ServedRoot root, HttpServerConfig config, ServerEventListener events, AtomicLong ids) {
        this.root = root;
        this.config = config;
        this.events = events;
        this.ids = ids;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        InetSocketAddress client = (InetSocketAddress) ctx.channel().remoteAddress();
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        if (!request.decoderResult().isSuccess()) {
            refuse(ctx, client, null, HttpResponseStatus.BAD_REQUEST, RefusalReason.MALFORMED,
                    "malformed request: " + request.decoderResult().cause(), null, false);
            return;
        }
        HttpMethod method = request.method();
        boolean head = method.equals(HttpMethod.HEAD);
        String path = path(request.uri());
        if (path == null) {
            refuse(ctx, client, request.uri(), HttpResponseStatus.BAD_REQUEST, RefusalReason.MALFORMED,
                    "the request target is not a path", null, keepAlive);
            return;
        }
        if (!head && !method.equals(HttpMethod.GET)) {
            FullHttpResponse r = text(HttpResponseStatus.METHOD_NOT_ALLOWED, "Only GET and HEAD are served.\n");
            r.headers().set(HttpHeaderNames.ALLOW, "GET, HEAD");
            events.onEvent(new RequestRefused(Instant.now(), ServedProtocol.HTTP, client, path, RefusalReason.MALFORMED,
                    "method " + method + " is not served", null));
            send(ctx, r, keepAlive, head);
            return;
        }
        // HTTP paths are relative to the root by definition: one leading '/' is not part of the name.
        String name = path.startsWith("/") ? path.substring(1) : path;
        if (name.isEmpty() || name.endsWith("/")) {
            folder(ctx, client, path, name, keepAlive, head);
            return;
        }
        FileLookup lookup = root.find(name);
        if (lookup instanceof FileLookup.NotFound nf) {
            refuse(ctx, client, path, HttpResponseStatus.NOT_FOUND, RefusalReason.NOT_FOUND,
                    "file not found (" + nf.detail() + ")", nf.closestName(), keepAlive);
            return;
        }
        if (lookup instanceof FileLookup.Refused r) {
            boolean isFolder = r.detail().equals("is a folder");
            refuse(ctx, client, path, isFolder ? HttpResponseStatus.NOT_FOUND : HttpResponseStatus.FORBIDDEN, r.reason(),
                    r.detail(), null, keepAlive);
            return;
        }
        file(ctx, client, request, path, (FileLookup.Found) lookup, keepAlive, head);
    }

    private void file(ChannelHandlerContext ctx, InetSocketAddress client, FullHttpRequest request, String path,
                      FileLookup.Found found, boolean keepAlive, boolean head) {
        FileChannel file;
        long size;
        Instant modified;
        try {
            file = FileChannel.open(found.path(), StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
            size = file.size();
            modified = Files.getLastModifiedTime(found.path()).toInstant().truncatedTo(ChronoUnit.SECONDS);
        } catch (IOException e) {
            refuse(ctx, client, path, HttpResponseStatus.FORBIDDEN, RefusalReason.IO_ERROR,
                    "cannot open " + found.servedName() + ": " + e.getMessage(), null, keepAlive);
            return;
        }
        String lastModified = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.ofInstant(modified, ZoneOffset.UTC));
        Instant since = httpDate(request.headers().get(HttpHeaderNames.IF_MODIFIED_SINCE));
        if (since != null && !modified.isAfter(since) && request.headers().get(HttpHeaderNames.RANGE) == null) {
            close(file);
            FullHttpResponse r = new DefaultFullHttpResponse(request.protocolVersion(), HttpResponseStatus.NOT_MODIFIED);
            r.headers().set(HttpHeaderNames.LAST_MODIFIED, lastModified);
            send(ctx, r, keepAlive, true);
            return;
        }
        ByteRange.Request wanted = ByteRange.parse(rangeHeaderToHonour(request, lastModified), size);
        if (wanted instanceof ByteRange.Unsatisfiable) {
            close(file);
            FullHttpResponse r = text(HttpResponseStatus.REQUESTED_RANGE_NOT_SATISFIABLE, "");
            r.headers().set(HttpHeaderNames.CONTENT_RANGE, "bytes */" + size);
            events.onEvent(new RequestRefused(Instant.now(), ServedProtocol.HTTP, client, path,
                    RefusalReason.RANGE_NOT_SATISFIABLE, "range " + request.headers().get(HttpHeaderNames.RANGE)
                    + " lies outside the " + size + " bytes of " + found.servedName(), null));
            send(ctx, r, keepAlive, head);
            return;
        }
        HttpResponse response = new DefaultHttpResponse(request.protocolVersion(), HttpResponseStatus.OK);
        long first = 0;
        long length = size;
        Map<String, String> options = new LinkedHashMap<>();
        if (head) {
            options.put("method", "HEAD");
        }
        if (wanted instanceof ByteRange.Partial p) {
            response.setStatus(HttpResponseStatus.PARTIAL_CONTENT);
            first = p.range().first();
            length = p.range().length();
            response.headers().set(HttpHeaderNames.CONTENT_RANGE,
                    "bytes " + p.range().first() + "-" + p.range().last() + "/" + size);
            options.put("range", p.range().first() + "-" + p.range().last());
        }
        response.headers().set(HttpHeaderNames.CONTENT_LENGTH, length)
                .set(HttpHeaderNames.CONTENT_TYPE, contentType(found.servedName()))
                .set(HttpHeaderNames.LAST_MODIFIED, lastModified)
                .set(HttpHeaderNames.ACCEPT_RANGES, HttpHeaderValues.BYTES);
        keepAlive(response, keepAlive);
        long id = ids.incrementAndGet();
        long bodyBytes = head ? 0 : length;
        events.onEvent(new TransferRequested(Instant.now(), ServedProtocol.HTTP, client, id, TransferDirection.READ, path,
                found.servedName(), options, bodyBytes));
        long started = System.nanoTime();
        ctx.write(response);
        ChannelFuture done;
        Progress progress = new Progress(client, id, length);
        if (head) {
            close(file);
            done = ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
        } else {
            // The region closes the file when it has been sent (or the write failed).
            ctx.write(new DefaultFileRegion(file, first, length), ctx.newProgressivePromise()).addListener(progress);
            done = ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
        }
        done.addListener(f -> {
            Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
            if (f.isSuccess()) {
                events.onEvent(new TransferCompleted(Instant.now(), ServedProtocol.HTTP, client, id,
                        TransferDirection.READ, found.servedName(), bodyBytes, elapsed, 0));
            } else {
                events.onEvent(new TransferFailed(Instant.now(), ServedProtocol.HTTP, client, id, TransferDirection.READ,
                        found.servedName(), progress.sent, elapsed, "the connection ended: " + f.cause()));
            }
        });
        if (!keepAlive) {
            done.addListener(ChannelFutureListener.CLOSE);
        }
    }

    /** RFC 9110 §13.1.5: a Range with an If-Range that does not match Last-Modified is ignored. */
    private static String rangeHeaderToHonour(FullHttpRequest request, String lastModified) {
        String range = request.headers().get(HttpHeaderNames.RANGE);
        String ifRange = request.headers().get(HttpHeaderNames.IF_RANGE);
        if (range != null && ifRange != null && !ifRange.trim().equals(lastModified)) {
            return null;
        }
        return range;
    }

    private void folder(ChannelHandlerContext ctx, InetSocketAddress client, String path, String name,
                        boolean keepAlive, boolean head) {
        if (!config.listing()) {
            refuse(ctx, client, path, HttpResponseStatus.NOT_FOUND, RefusalReason.NOT_FOUND,
                    "folder listing is off", null, keepAlive);
            return;
        }
        FileLookup lookup = root.findFolder(name);
        if (!(lookup instanceof FileLookup.Found found)) {
            refuse(ctx, client, path, lookup instanceof FileLookup.Refused ? HttpResponseStatus.FORBIDDEN
                    : HttpResponseStatus.NOT_FOUND, lookup instanceof FileLookup.Refused r ? r.reason()
                    : RefusalReason.NOT_FOUND, "no such folder", null, keepAlive);
            return;
        }
        List<String> entries = new ArrayList<>();
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(found.path())) {
            for (Path p : dir) {
                String n = p.getFileName().toString();
                if (!n.startsWith(".")) {
                    entries.add(Files.isDirectory(p) ? n + "/" : n);
                }
            }
        } catch (IOException e) {
            refuse(ctx, client, path, HttpResponseStatus.FORBIDDEN, RefusalReason.IO_ERROR, "cannot list the folder",
                    null, keepAlive);
            return;
        }
        entries.sort(null);
        StringBuilder html = new StringBuilder("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>")
                .append(escape(path)).append("</title></head><body><h1>").append(escape(path)).append("</h1><ul>\n");
        for (String e : entries) {
            html.append("<li><a href=\"").append(escape(urlEncode(e))).append("\">").append(escape(e)).append("</a></li>\n");
        }
        html.append("</ul></body></html>\n");
        FullHttpResponse r = new DefaultFullHttpResponse(io.netty.handler.codec.http.HttpVersion.HTTP_1_1,
                HttpResponseStatus.OK, Unpooled.copiedBuffer(html, StandardCharsets.UTF_8));
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/html; charset=utf-8");
        send(ctx, r, keepAlive, head);
    }

    private void refuse(ChannelHandlerContext ctx, InetSocketAddress client, String path, HttpResponseStatus status,
                        RefusalReason reason, String detail, String closest, boolean keepAlive) {
        events.onEvent(new RequestRefused(Instant.now(), ServedProtocol.HTTP, client, path, reason, detail, closest));
        send(ctx, text(status, status.code() + " " + status.reasonPhrase() + "\n"), keepAlive, false);
    }

    private static FullHttpResponse text(HttpResponseStatus status, String body) {
        ByteBuf content = Unpooled.copiedBuffer(body, StandardCharsets.UTF_8);
        FullHttpResponse r = new DefaultFullHttpResponse(io.netty.handler.codec.http.HttpVersion.HTTP_1_1, status, content);
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
        return r;
    }

    /** Sends a whole response; for HEAD the body is dropped but its length kept (RFC 9110 §9.3.2). */
    private static void send(ChannelHandlerContext ctx, FullHttpResponse r, boolean keepAlive, boolean head) {
        r.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, r.content().readableBytes());
        if (head) {
            r.content().clear();
        }
        keepAlive(r, keepAlive);
        ChannelFuture f = ctx.writeAndFlush(r);
        if (!keepAlive) {
            f.addListener(ChannelFutureListener.CLOSE);
        }
    }

    private static void keepAlive(HttpResponse r, boolean keepAlive) {
        if (keepAlive) {
            if (!r.protocolVersion().isKeepAliveDefault()) {
                r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
            }
        } else {
            r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
    }

    /**
     * The decoded path of a request target (origin form "/a/b?q" or absolute form
     * "http://host/a/b"), or null when it is neither or its percent-encoding is broken. Decoding
     * happens once, here; the name then goes through the same checks as any TFTP name, so "%2e%2e",
     * "%2f" and "%00" are refused like "..", "/" and NUL.
     */
    static String path(String uri) {
        String raw = uri;
        if (!raw.startsWith("/")) {
            try {
                URI u = new URI(raw);
                if (u.getScheme() == null || u.getRawPath() == null || u.getRawPath().isEmpty()) {
                    return null;
                }
                raw = u.getRawPath();
            } catch (URISyntaxException e) {
                return null;
            }
        }
        try {
            return new QueryStringDecoder(raw).path();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static Instant httpDate(String value) {
        if (value == null) {
            return null;
        }
        try {
            return ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static String contentType(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        if (n.endsWith(".xml")) {
            return "text/xml";
        }
        if (n.endsWith(".htm") || n.endsWith(".html")) {
            return "text/html";
        }
        if (n.endsWith(".txt") || n.endsWith(".cfg") || n.endsWith(".cnf") || n.endsWith(".loads")) {
            return "text/plain";
        }
        return "application/octet-stream";
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private static String urlEncode(String s) {
        StringBuilder sb = new StringBuilder();
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xFF;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-._~/".indexOf(c) >= 0) {
                sb.append((char) c);
            } else {
                sb.append('%').append(String.format("%02X", c));
            }
        }
        return sb.toString();
    }

    private static void close(FileChannel file) {
        try {
            file.close();
        } catch (IOException e) {
            // nothing to do
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof IdleStateEvent) {
            ctx.close(); // a connection that stays silent holds no resources for long
            return;
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }

    /** Progress events while the body is sent, at most one per interval. */
    private final class Progress implements ChannelProgressiveFutureListener {
        private final InetSocketAddress client;
        private final long id;
        private final long total;
        private long lastEventNanos = System.nanoTime();
        long sent;

        Progress(InetSocketAddress client, long id, long total) {
            this.client = client;
            this.id = id;
            this.total = total;
        }

        @Override
        public void operationProgressed(ChannelProgressiveFuture future, long progress, long ignored) {
            sent = progress;
            long now = System.nanoTime();
            if (now - lastEventNanos >= config.progressInterval().toNanos()) {
                lastEventNanos = now;
                events.onEvent(new TransferProgress(Instant.now(), ServedProtocol.HTTP, client, id, progress, total, 0));
            }
        }

        @Override
        public void operationComplete(ChannelProgressiveFuture future) {
            // the completion is reported when the last content is written
        }
    }
}
