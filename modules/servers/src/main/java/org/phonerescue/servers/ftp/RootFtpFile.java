package org.phonerescue.servers.ftp;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.apache.ftpserver.ftplet.FtpFile;

/**
 * A file or folder as an FTP client sees it: a path in the virtual tree whose root is the served
 * folder, backed by what {@link org.phonerescue.servers.files.ServedRoot} allowed. Everything
 * that would change the disk answers "no".
 */
final class RootFtpFile implements FtpFile {

    private final ServedRootFileSystem fs;
    private final String virtualPath;
    private final Path real;
    private final boolean directory;

    /** A file or folder that exists; {@code real} has every link resolved and lies inside the root. */
    RootFtpFile(ServedRootFileSystem fs, String virtualPath, Path real, boolean directory) {
        this.fs = fs;
        this.virtualPath = virtualPath;
        this.real = real;
        this.directory = directory;
    }

    /** A name nothing answers to (or that may not be served: the client cannot tell the difference). */
    static RootFtpFile missing(ServedRootFileSystem fs, String virtualPath) {
        return new RootFtpFile(fs, virtualPath, null, false);
    }

    @Override
    public String getAbsolutePath() {
        return virtualPath;
    }

    @Override
    public String getName() {
        if (virtualPath.equals("/")) {
            return "/";
        }
        return virtualPath.substring(virtualPath.lastIndexOf('/') + 1);
    }

    @Override
    public boolean isHidden() {
        return false;
    }

    @Override
    public boolean isDirectory() {
        return real != null && directory;
    }

    @Override
    public boolean isFile() {
        return real != null && !directory;
    }

    @Override
    public boolean doesExist() {
        return real != null;
    }

    @Override
    public boolean isReadable() {
        return real != null;
    }

    @Override
    public boolean isWritable() {
        return false;
    }

    @Override
    public boolean isRemovable() {
        return false;
    }

    @Override
    public String getOwnerName() {
        return "phonerescue";
    }

    @Override
    public String getGroupName() {
        return "phonerescue";
    }

    @Override
    public int getLinkCount() {
        return directory ? 2 : 1;
    }

    @Override
    public long getLastModified() {
        try {
            return real == null ? 0 : Files.getLastModifiedTime(real).toMillis();
        } catch (IOException e) {
            return 0;
        }
    }

    @Override
    public boolean setLastModified(long time) {
        return false;
    }

    @Override
    public long getSize() {
        try {
            return real == null || directory ? 0 : Files.size(real);
        } catch (IOException e) {
            return 0;
        }
    }

    @Override
    public Object getPhysicalFile() {
        return real;
    }

    @Override
    public boolean mkdir() {
        return false;
    }

    @Override
    public boolean delete() {
        return false;
    }

    @Override
    public boolean move(FtpFile destination) {
        return false;
    }

    /** The entries the root would serve; hidden names (and half-written uploads) are left out. */
    @Override
    public List<? extends FtpFile> listFiles() {
        if (!isDirectory()) {
            return null;
        }
        List<RootFtpFile> out = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(real)) {
            for (Path p : entries) {
                String name = p.getFileName().toString();
                if (name.startsWith(".")) {
                    continue;
                }
                RootFtpFile f = fs.file((virtualPath.equals("/") ? "" : virtualPath) + "/" + name);
                if (f.doesExist()) {
                    out.add(f);
                }
            }
        } catch (IOException e) {
            return List.of();
        }
        out.sort((a, b) -> a.getName().compareTo(b.getName()));
        return out;
    }

    @Override
    public OutputStream createOutputStream(long offset) throws IOException {
        throw new IOException("this server is read-only");
    }

    @Override
    public InputStream createInputStream(long offset) throws IOException {
        if (!isFile()) {
            throw new IOException(virtualPath + ": no such file");
        }
        FileChannel ch = FileChannel.open(real, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
        ch.position(offset);
        return Channels.newInputStream(ch);
    }

    @Override
    public String toString() {
        return virtualPath;
    }
}
