package org.phonerescue.servers.ftp;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.ftpserver.ftplet.DefaultFtplet;
import org.apache.ftpserver.ftplet.FtpException;
import org.apache.ftpserver.ftplet.FtpReply;
import org.apache.ftpserver.ftplet.FtpRequest;
import org.apache.ftpserver.ftplet.FtpSession;
import org.apache.ftpserver.ftplet.FtpletResult;
import org.phonerescue.servers.event.RefusalReason;
import org.phonerescue.servers.event.RequestRefused;
import org.phonerescue.servers.event.ServedProtocol;
import org.phonerescue.servers.event.ServerEventListener;
import org.phonerescue.servers.event.TransferCompleted;
import org.phonerescue.servers.event.TransferDirection;
import org.phonerescue.servers.event.TransferFailed;
import org.phonerescue.servers.event.TransferRequested;
import org.phonerescue.servers.files.FileLookup;

/** Turns FTP commands and their replies into server events. */
final class EventFtplet extends DefaultFtplet {

    private static final String TRANSFER = "phonerescue.transfer";
    private static final Set<String> WRITES = Set.of("STOR", "STOU", "APPE", "DELE", "MKD", "XMKD", "RMD", "XRMD",
            "RNFR", "RNTO", "SITE");

    /** A download under way: its ID, file, size and start. */
    private record Download(long id, String servedName, long bytes, long startedNanos) {
    }

    private final ServedRootFileSystem fs;
    private final ServerEventListener events;
    private final AtomicLong ids;

    EventFtplet(ServedRootFileSystem fs, ServerEventListener events, AtomicLong ids) {
        this.fs = fs;
        this.events = events;
        this.ids = ids;
    }

    @Override
    public FtpletResult onDownloadStart(FtpSession session, FtpRequest request) throws FtpException {
        String name = request.getArgument();
        RootFtpFile file = (RootFtpFile) session.getFileSystemView().getFile(name);
        if (file.isFile()) {
            long offset = session.getFileOffset();
            long size = Math.max(0, file.getSize() - offset);
            String served = fs.root().root().relativize((java.nio.file.Path) file.getPhysicalFile()).toString();
            long id = ids.incrementAndGet();
            session.setAttribute(TRANSFER, new Download(id, served, size, System.nanoTime()));
            events.onEvent(new TransferRequested(Instant.now(), ServedProtocol.FTP, session.getClientAddress(), id,
                    TransferDirection.READ, name, served, offset > 0 ? Map.of("offset", Long.toString(offset)) : Map.of(),
                    size));
        }
        return FtpletResult.DEFAULT;
    }

    @Override
    public FtpletResult afterCommand(FtpSession session, FtpRequest request, FtpReply reply) {
        String command = request.getCommand().toUpperCase(Locale.ROOT);
        InetSocketAddress client = session.getClientAddress();
        int code = reply.getCode();
        if (command.equals("RETR")) {
            Download d = (Download) session.getAttribute(TRANSFER);
            session.removeAttribute(TRANSFER);
            if (d != null) {
                Duration elapsed = Duration.ofNanos(System.nanoTime() - d.startedNanos());
                if (code == 226 || code == 250) {
                    events.onEvent(new TransferCompleted(Instant.now(), ServedProtocol.FTP, client, d.id(),
                            TransferDirection.READ, d.servedName(), d.bytes(), elapsed, 0));
                } else {
                    events.onEvent(new TransferFailed(Instant.now(), ServedProtocol.FTP, client, d.id(),
                            TransferDirection.READ, d.servedName(), -1, elapsed, "FTP reply " + code + " "
                            + reply.getMessage()));
                }
            } else if (code >= 400) {
                refused(session, request, RefusalReason.NOT_FOUND);
            }
        } else if (command.equals("SIZE") && code == 550) {
            // clients (curl) ask for the size first and give up on 550 without a RETR
            refused(session, request, RefusalReason.NOT_FOUND);
        } else if (WRITES.contains(command) && code >= 400) {
            events.onEvent(new RequestRefused(Instant.now(), ServedProtocol.FTP, client, request.getArgument(),
                    RefusalReason.WRITE_REFUSED, command + " refused: this server is read-only", null));
        }
        return FtpletResult.DEFAULT;
    }

    private void refused(FtpSession session, FtpRequest request, RefusalReason reason) {
        String name = request.getArgument();
        String cwd;
        try {
            cwd = session.getFileSystemView().getWorkingDirectory().getAbsolutePath();
        } catch (FtpException e) {
            cwd = "/";
        }
        String path = name == null ? cwd : ServedRootFileSystem.resolve(cwd, name);
        FileLookup l = fs.root().find(path.length() > 1 ? path.substring(1) : path);
        String detail = l instanceof FileLookup.NotFound nf ? "file not found (" + nf.detail() + ")"
                : l instanceof FileLookup.Refused r ? r.detail() : "not a file";
        events.onEvent(new RequestRefused(Instant.now(), ServedProtocol.FTP, session.getClientAddress(), name,
                l instanceof FileLookup.Refused r ? r.reason() : reason, detail,
                l instanceof FileLookup.NotFound nf ? nf.closestName() : null));
    }
}
