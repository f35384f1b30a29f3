package org.phonerescue.servers.tftp;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.phonerescue.core.protocol.tftp.TftpError;
import org.phonerescue.core.protocol.tftp.TftpOpcode;
import org.phonerescue.core.protocol.tftp.TftpPacket;
import org.phonerescue.servers.event.RefusalReason;
import org.phonerescue.servers.event.RequestRefused;
import org.phonerescue.servers.event.ServedProtocol;
import org.phonerescue.servers.event.ServerEventListener;
import org.phonerescue.servers.event.TransferDirection;
import org.phonerescue.servers.event.TransferRequested;
import org.phonerescue.servers.files.FileLookup;
import org.phonerescue.servers.files.ServedRoot;

/**
 * Answers requests on the server's well-known port (RFC 1350 §4): each accepted RRQ or WRQ gets
 * its own channel on a fresh port, which becomes the server's transfer ID. Anything that is not a
 * request is dropped without an answer, so the port cannot be used to reflect traffic at others.
 */
@ChannelHandler.Sharable
final class TftpRequestHandler extends SimpleChannelInboundHandler<DatagramPacket> {

    /** A transfer that never heard from its client may make room for a new request after this long. */
    private static final long EVICTABLE_AFTER_NANOS = TimeUnit.MILLISECONDS.toNanos(500);

    private final ServedRoot root;
    private final TftpServerConfig config;
    private final ServerEventListener events;
    private final TransferRegistry registry;
    private final Bootstrap transferBootstrap;
    private final AtomicLong ids;
    private final AtomicLong ignored = new AtomicLong();

    TftpRequestHandler(ServedRoot root, TftpServerConfig config, ServerEventListener events,
                       TransferRegistry registry, Bootstrap transferBootstrap, AtomicLong ids) {
        super(DatagramPacket.class);
        this.root = root;
        this.config = config;
        this.events = events;
        this.registry = registry;
        this.transferBootstrap = transferBootstrap;
        this.ids = ids;
    }

    /** Datagrams on the request port that were not TFTP requests. */
    long ignored() {
        return ignored.get();
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket msg) {
        byte[] payload = ByteBufUtil.getBytes(msg.content());
        InetSocketAddress client = msg.sender();
        TftpPacket request = TftpPacket.parse(payload, 0, payload.length);
        if (request == null || (request.opcode() != TftpOpcode.RRQ && request.opcode() != TftpOpcode.WRQ)) {
            ignored.incrementAndGet();
            return;
        }
        if (client.getPort() == 0) {
            ignored.incrementAndGet();
            return; // no port to answer to
        }
        Transfer running = registry.byClient(client);
        if (running != null) {
            if (Arrays.equals(registry.requestOf(client), payload) && !running.heardFromClient()) {
                // The client sent its request again because our first answer is late or lost:
                // the running transfer's own retransmission answers it.
                return;
            }
            registry.remove(running);
            running.abort("a new request came from the same client port");
        }
        if (request.problem() != null) {
            refuse(ctx, client, request.fileName(), RefusalReason.MALFORMED, TftpError.ILLEGAL_OPERATION,
                    "malformed request: " + request.problem(), null);
            return;
        }
        String mode = request.mode() == null ? "" : request.mode().toLowerCase(Locale.ROOT);
        // RFC 1350 §5: modes are case-insensitive; "mail" is obsolete (RFC 1350 says it SHOULD NOT be
        // implemented) and anything else is not TFTP.
        if (!mode.equals("octet") && !mode.equals("netascii")) {
            refuse(ctx, client, request.fileName(), RefusalReason.MALFORMED, TftpError.ILLEGAL_OPERATION,
                    "transfer mode '" + Transfer.printable(request.mode() == null ? "" : request.mode())
                            + "' is not supported (octet or netascii)", null);
            return;
        }
        if (!makeRoom(client)) {
            refuse(ctx, client, request.fileName(), RefusalReason.BUSY, TftpError.NOT_DEFINED,
                    "too many transfers at once (" + registry.size() + "); try again shortly", null);
            return;
        }
        boolean netascii = mode.equals("netascii");
        if (request.opcode() == TftpOpcode.RRQ) {
            startRead(ctx, client, request, payload, netascii);
        } else {
            startWrite(ctx, client, request, payload, netascii);
        }
    }

    private boolean makeRoom(InetSocketAddress client) {
        if (registry.fromAddress(client.getAddress()) >= config.maxTransfersPerClient()) {
            return false;
        }
        if (registry.size() < config.maxTransfers()) {
            return true;
        }
        Transfer silent = registry.oldestSilent(EVICTABLE_AFTER_NANOS);
        if (silent == null) {
            return false;
        }
        // Out of the count at once: the transfer ends on its own thread a moment later.
        registry.remove(silent);
        silent.abort("its client never answered and the server is full");
        return true;
    }

    private void startRead(ChannelHandlerContext ctx, InetSocketAddress client, TftpPacket request, byte[] payload,
                           boolean netascii) {
        FileLookup lookup = root.find(request.fileName());
        if (lookup instanceof FileLookup.NotFound nf) {
            refuse(ctx, client, request.fileName(), RefusalReason.NOT_FOUND, TftpError.FILE_NOT_FOUND,
                    "file not found (" + nf.detail() + ")", nf.closestName());
            return;
        }
        if (lookup instanceof FileLookup.Refused r) {
            refuse(ctx, client, request.fileName(), r.reason(),
                    r.reason() == RefusalReason.IO_ERROR ? TftpError.NOT_DEFINED : TftpError.ACCESS_VIOLATION,
                    r.detail(), null);
            return;
        }
        FileLookup.Found found = (FileLookup.Found) lookup;
        FileChannel file;
        long size;
        try {
            file = FileChannel.open(found.path(), StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
            size = file.size();
        } catch (IOException e) {
            refuse(ctx, client, request.fileName(), RefusalReason.IO_ERROR, TftpError.ACCESS_VIOLATION,
                    "cannot open " + found.servedName() + ": " + e.getMessage(), null);
            return;
        }
        NegotiatedOptions options = OptionNegotiation.negotiate(request.options(), true, netascii ? -1 : size,
                config.maxBlockSize(), config.maxWindowSize());
        BlockSource blocks = netascii
                ? new NetasciiBlocks(new BufferedInputStream(Channels.newInputStream(file), 1 << 16), options.blockSize())
                : new FileBlocks(file, size, options.blockSize());
        TransferSetup setup = new TransferSetup(ids.incrementAndGet(), client, request.fileName(), found.servedName(),
                netascii ? -1 : size, options, config, events, registry);
        start(ctx, new ReadTransfer(setup, blocks), payload, TransferDirection.READ, options.blockSize());
    }

    private void startWrite(ChannelHandlerContext ctx, InetSocketAddress client, TftpPacket request, byte[] payload,
                            boolean netascii) {
        if (!config.writeEnabled()) {
            refuse(ctx, client, request.fileName(), RefusalReason.WRITE_REFUSED, TftpError.ACCESS_VIOLATION,
                    "uploads are disabled on this server", null);
            return;
        }
        FileLookup lookup = root.findForWrite(request.fileName());
        if (lookup instanceof FileLookup.Refused r) {
            refuse(ctx, client, request.fileName(), r.reason(),
                    r.reason() == RefusalReason.FILE_EXISTS ? TftpError.FILE_EXISTS : TftpError.ACCESS_VIOLATION,
                    r.detail(), null);
            return;
        }
        if (!(lookup instanceof FileLookup.Found found)) {
            refuse(ctx, client, request.fileName(), RefusalReason.WRITE_REFUSED, TftpError.ACCESS_VIOLATION,
                    "cannot be written", null);
            return;
        }
        NegotiatedOptions options = OptionNegotiation.negotiate(request.options(), false, -1,
                config.maxBlockSize(), config.maxWindowSize());
        if (options.transferSize() > config.maxUploadBytes()) {
            refuse(ctx, client, request.fileName(), RefusalReason.WRITE_REFUSED, TftpError.DISK_FULL,
                    "announced size " + options.transferSize() + " exceeds the upload limit of "
                            + config.maxUploadBytes() + " bytes", null);
            return;
        }
        long id = ids.incrementAndGet();
        Path partial = found.path().resolveSibling("." + found.servedName() + ".upload-" + id);
        FileChannel file;
        try {
            file = FileChannel.open(partial, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                    LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            refuse(ctx, client, request.fileName(), RefusalReason.IO_ERROR, TftpError.ACCESS_VIOLATION,
                    "cannot create the file: " + e.getMessage(), null);
            return;
        }
        TransferSetup setup = new TransferSetup(id, client, request.fileName(), found.servedName(),
                options.transferSize(), options, config, events, registry);
        start(ctx, new WriteTransfer(setup, found.path(), partial, new BlockSink(file, netascii)), payload,
                TransferDirection.WRITE, options.blockSize());
    }

    private void start(ChannelHandlerContext ctx, Transfer transfer, byte[] request, TransferDirection direction,
                       int blockSize) {
        TransferSetup s = transfer.setup;
        registry.add(transfer, request);
        events.onEvent(new TransferRequested(Instant.now(), ServedProtocol.TFTP, s.client(), s.id(), direction,
                s.requestedName(), s.servedName(), s.options().asMap(), s.size()));
        InetSocketAddress local = (InetSocketAddress) ctx.channel().localAddress();
        // The transfer answers from the address the server listens on (any address when it listens
        // on all), from a new port chosen by the system.
        InetSocketAddress bind = new InetSocketAddress(local.getAddress(), 0);
        int receiveSize = Math.max(2048, blockSize + 5);
        if (config.lockStepThreads() && direction == TransferDirection.READ && s.options().windowSize() == 1
                && config.multicast() == null) {
            try {
                ThreadTransferPort.start(transfer, bind, transferBootstrap.config().group(), receiveSize);
            } catch (IOException | RuntimeException e) {
                transfer.fail("no port for the transfer: " + e, null);
                registry.remove(transfer);
            }
            return;
        }
        ChannelFuture bound = transferBootstrap.clone()
                // room for a whole DATA of an upload plus one byte, so an oversized block is seen as such
                .option(ChannelOption.RECVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(receiveSize))
                .handler(transfer)
                .bind(bind);
        bound.addListener(f -> {
            if (!f.isSuccess()) {
                transfer.fail("no port for the transfer: " + f.cause(), null);
                registry.remove(transfer);
            }
        });
    }

    private void refuse(ChannelHandlerContext ctx, InetSocketAddress client, String name, RefusalReason reason,
                        TftpError error, String detail, String closest) {
        // RFC 1350 §7: the error is sent from the request port; the request was never a transfer.
        String message = switch (error) {
            case FILE_NOT_FOUND, ACCESS_VIOLATION, FILE_EXISTS, DISK_FULL -> error.description();
            default -> detail.length() > 200 ? detail.substring(0, 200) : detail;
        };
        ctx.writeAndFlush(new DatagramPacket(Unpooled.wrappedBuffer(TftpPacket.error(error.code(), message)), client),
                ctx.voidPromise());
        events.onEvent(new RequestRefused(Instant.now(), ServedProtocol.TFTP, client, name, reason, detail, closest));
    }
}
