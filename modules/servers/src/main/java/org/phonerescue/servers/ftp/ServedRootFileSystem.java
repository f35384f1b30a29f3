package org.phonerescue.servers.ftp;

import java.util.ArrayDeque;
import java.util.Deque;
import org.apache.ftpserver.ftplet.FileSystemFactory;
import org.apache.ftpserver.ftplet.FileSystemView;
import org.apache.ftpserver.ftplet.FtpFile;
import org.apache.ftpserver.ftplet.User;
import org.phonerescue.servers.files.FileLookup;
import org.phonerescue.servers.files.ServedRoot;

/**
 * The FTP view of a {@link ServedRoot}: a virtual tree whose "/" is the served folder. Client
 * paths (absolute or relative to the working folder, '..' included for navigation) are
 * normalised inside that tree — '..' stops at "/" — and the result is looked up through the
 * served root like any TFTP or HTTP name, so links out of the root, devices and the lookup rules
 * (case, aliases) behave the same over every protocol.
 */
final class ServedRootFileSystem implements FileSystemFactory {

    private final ServedRoot root;

    ServedRootFileSystem(ServedRoot root) {
        this.root = root;
    }

    ServedRoot root() {
        return root;
    }

    @Override
    public FileSystemView createFileSystemView(User user) {
        return new View();
    }

    /** The file or folder at normalised virtual path {@code path} ("/" or "/a/b"). */
    RootFtpFile file(String path) {
        if (path.equals("/")) {
            return new RootFtpFile(this, "/", root.root(), true);
        }
        String relative = path.substring(1);
        if (root.findFolder(relative) instanceof FileLookup.Found folder) {
            return new RootFtpFile(this, path, folder.path(), true);
        }
        if (root.find(relative) instanceof FileLookup.Found f) {
            return new RootFtpFile(this, path, f.path(), false);
        }
        return RootFtpFile.missing(this, path);
    }

    /** {@code name} resolved against {@code cwd}, normalised, never above "/". */
    static String resolve(String cwd, String name) {
        String joined = name.startsWith("/") || name.startsWith("\\") ? name : cwd + "/" + name;
        Deque<String> parts = new ArrayDeque<>();
        for (String s : joined.split("[/\\\\]")) {
            if (s.isEmpty() || s.equals(".")) {
                continue;
            }
            if (s.equals("..")) {
                parts.pollLast();
            } else {
                parts.addLast(s);
            }
        }
        return "/" + String.join("/", parts);
    }

    /** One session's working folder. */
    final class View implements FileSystemView {

        private String cwd = "/";

        @Override
        public FtpFile getHomeDirectory() {
            return file("/");
        }

        @Override
        public FtpFile getWorkingDirectory() {
            return file(cwd);
        }

        @Override
        public boolean changeWorkingDirectory(String dir) {
            String target = resolve(cwd, dir == null ? "/" : dir);
            if (file(target).isDirectory()) {
                cwd = target;
                return true;
            }
            return false;
        }

        @Override
        public FtpFile getFile(String name) {
            return file(resolve(cwd, name == null ? "" : name));
        }

        String workingDirectory() {
            return cwd;
        }

        @Override
        public boolean isRandomAccessible() {
            return true;
        }

        @Override
        public void dispose() {
            // nothing held
        }
    }
}
