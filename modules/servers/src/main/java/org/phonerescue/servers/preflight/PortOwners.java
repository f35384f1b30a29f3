package org.phonerescue.servers.preflight;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Who holds a local port, read from Linux's {@code /proc/net/{udp,udp6,tcp,tcp6}} (sockets by
 * inode) and {@code /proc/PID/fd} (which process has that inode open). Other users' processes
 * are visible to root only; without rights the port is reported as held by "another program".
 */
public final class PortOwners {

    /** TCP state 0A: LISTEN (include/net/tcp_states.h). */
    private static final String TCP_LISTEN = "0A";

    /** A process holding a socket. */
    public record Owner(long pid, String command) {

        @Override
        public String toString() {
            return command + " (pid " + pid + ")";
        }
    }

    /** A bound socket on the port asked about. */
    public record Holder(String transport, String localAddress, List<Owner> owners) {

        public Holder {
            owners = List.copyOf(owners);
        }
    }

    private final Path proc;

    public PortOwners() {
        this(Paths.get("/proc"));
    }

    PortOwners(Path proc) {
        this.proc = proc;
    }

    /**
     * The sockets bound to {@code port}: UDP sockets of any state, TCP sockets listening.
     *
     * @param transport "udp" or "tcp"
     */
    public List<Holder> holders(String transport, int port) throws IOException {
        Map<Long, String> inodes = new HashMap<>();
        for (String file : new String[] {transport, transport + "6"}) {
            Path table = proc.resolve("net").resolve(file);
            if (!Files.isReadable(table)) {
                continue;
            }
            List<String> lines = Files.readAllLines(table);
            for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
                String[] f = line.trim().split("\\s+");
                if (f.length < 10) {
                    continue;
                }
                String local = f[1];
                int colon = local.lastIndexOf(':');
                int localPort = Integer.parseInt(local.substring(colon + 1), 16);
                if (localPort != port || (transport.equals("tcp") && !f[3].equals(TCP_LISTEN))) {
                    continue;
                }
                inodes.put(Long.parseLong(f[9]), address(local.substring(0, colon)) + ":" + port);
            }
        }
        Map<Long, Set<Owner>> owners = owners(inodes.keySet());
        List<Holder> out = new ArrayList<>();
        for (Map.Entry<Long, String> e : inodes.entrySet()) {
            out.add(new Holder(transport.toUpperCase(Locale.ROOT), e.getValue(),
                    new ArrayList<>(owners.getOrDefault(e.getKey(), Set.of()))));
        }
        return out;
    }

    private Map<Long, Set<Owner>> owners(Set<Long> inodes) {
        Map<Long, Set<Owner>> found = new HashMap<>();
        if (inodes.isEmpty()) {
            return found;
        }
        try (DirectoryStream<Path> pids = Files.newDirectoryStream(proc, p -> p.getFileName().toString().matches("\\d+"))) {
            for (Path pidDir : pids) {
                Path fds = pidDir.resolve("fd");
                try (DirectoryStream<Path> links = Files.newDirectoryStream(fds)) {
                    for (Path fd : links) {
                        String target;
                        try {
                            target = Files.readSymbolicLink(fd).toString();
                        } catch (IOException e) {
                            continue;
                        }
                        if (target.startsWith("socket:[")) {
                            long inode = Long.parseLong(target.substring(8, target.length() - 1));
                            if (inodes.contains(inode)) {
                                String comm = Files.readString(pidDir.resolve("comm")).trim();
                                found.computeIfAbsent(inode, k -> new LinkedHashSet<>())
                                        .add(new Owner(Long.parseLong(pidDir.getFileName().toString()), comm));
                            }
                        }
                    }
                } catch (IOException | RuntimeException e) {
                    // a process that ended, or one we may not look into
                }
            }
        } catch (IOException e) {
            // no /proc: owners stay unknown
        }
        return found;
    }

    /** /proc/net's hex address (little-endian words) as text. */
    static String address(String hex) {
        if (hex.length() == 8) {
            long v = Long.parseLong(hex, 16);
            return (v & 0xFF) + "." + ((v >> 8) & 0xFF) + "." + ((v >> 16) & 0xFF) + "." + ((v >> 24) & 0xFF);
        }
        if (hex.equals("00000000000000000000000000000000")) {
            return "[::]";
        }
        if (hex.startsWith("0000000000000000FFFF0000")) {
            return address(hex.substring(24));
        }
        return "[" + hex + "]";
    }
}
