package org.phonerescue.cli.serve;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Two network namespaces joined by a veth pair, made for one test run and deleted after it: the
 * server runs in one, the clients in the other, so every packet crosses a real (virtual) Ethernet
 * link with ARP, as between a laptop and a phone. Names carry the process id, so parallel runs
 * and other programs' namespaces are left alone; the 10.231.x.0/24 addresses exist only inside
 * the namespaces.
 */
final class VethNamespaces implements AutoCloseable {

    final String serverNamespace;
    final String clientNamespace;
    final String serverAddress;
    final String clientAddress;

    final String serverLink;
    final String clientLink;

    /** A third host on the link, made by {@link #addNeighbour()}. */
    final String neighbourNamespace;
    final String neighbourLink;
    final String neighbourAddress;

    private VethNamespaces(long id, int tag) {
        serverNamespace = "prsrv" + id + "n" + tag;
        clientNamespace = "prcli" + id + "n" + tag;
        neighbourNamespace = "prnbr" + id + "n" + tag;
        serverLink = "prvs" + id + tag;
        clientLink = "prvc" + id + tag;
        neighbourLink = "prvn" + id + tag;
        int subnet = (int) ((id * 7 + tag) % 200) + 20;
        serverAddress = "10.231." + subnet + ".1";
        clientAddress = "10.231." + subnet + ".2";
        neighbourAddress = "10.231." + subnet + ".3";
    }

    /**
     * Creates both namespaces and the link; on any failure removes what was made and says why.
     * {@code tag} (0-9) tells apart the pairs of one test run.
     */
    static VethNamespaces create(int tag) throws IOException, InterruptedException {
        long id = ProcessHandle.current().pid();
        VethNamespaces n = new VethNamespaces(id, tag);
        n.deleteQuietly(); // left over from a run whose process id this one reuses
        String serverLink = n.serverLink;
        String clientLink = n.clientLink;
        List<List<String>> steps = List.of(
                List.of("ip", "netns", "add", n.serverNamespace),
                List.of("ip", "netns", "add", n.clientNamespace),
                List.of("ip", "link", "add", serverLink, "netns", n.serverNamespace, "type", "veth",
                        "peer", "name", clientLink, "netns", n.clientNamespace),
                List.of("ip", "-n", n.serverNamespace, "address", "add", n.serverAddress + "/24", "dev", serverLink),
                List.of("ip", "-n", n.clientNamespace, "address", "add", n.clientAddress + "/24", "dev", clientLink),
                List.of("ip", "-n", n.serverNamespace, "link", "set", "lo", "up"),
                List.of("ip", "-n", n.clientNamespace, "link", "set", "lo", "up"),
                List.of("ip", "-n", n.serverNamespace, "link", "set", serverLink, "up"),
                List.of("ip", "-n", n.clientNamespace, "link", "set", clientLink, "up"));
        n.run(steps);
        return n;
    }

    /**
     * A third host on the same cable, on the server's side: a macvlan of the server's link (a MAC
     * of its own, bridged onto the same wire) in a namespace of its own, with address .3. Broadcasts
     * from the client reach both the server and the neighbour, as on a switch.
     */
    void addNeighbour() throws IOException, InterruptedException {
        run(List.of(
                List.of("ip", "netns", "add", neighbourNamespace),
                List.of("ip", "-n", serverNamespace, "link", "add", neighbourLink, "link", serverLink, "type", "macvlan",
                        "mode", "bridge"),
                List.of("ip", "-n", serverNamespace, "link", "set", neighbourLink, "netns", neighbourNamespace),
                List.of("ip", "-n", neighbourNamespace, "address", "add", neighbourAddress + "/24", "dev", neighbourLink),
                List.of("ip", "-n", neighbourNamespace, "link", "set", "lo", "up"),
                List.of("ip", "-n", neighbourNamespace, "link", "set", neighbourLink, "up")));
    }

    private void run(List<List<String>> steps) throws IOException, InterruptedException {
        for (List<String> step : steps) {
            Run r = Run.of(20, step);
            if (!r.ok()) {
                deleteQuietly();
                throw new IOException(String.join(" ", step) + " failed: " + r.err().trim());
            }
        }
    }

    /** The MAC address of the client's end of the link, as the kernel reports it. */
    String clientMac() throws IOException, InterruptedException {
        Run r = Run.of(10, inClient("cat", "/sys/class/net/" + clientLink + "/address"));
        if (!r.ok()) {
            throw new IOException("no MAC for " + clientLink + ": " + r);
        }
        return r.out().trim();
    }

    /** The prefix that runs a command inside the server's namespace. */
    List<String> inServer() {
        return List.of("ip", "netns", "exec", serverNamespace);
    }

    /** {@code command} run inside the server's namespace. */
    List<String> inServer(String... command) {
        List<String> cmd = new ArrayList<>(inServer());
        cmd.addAll(List.of(command));
        return cmd;
    }

    /** {@code command} run inside the neighbour's namespace ({@link #addNeighbour()}). */
    List<String> inNeighbour(String... command) {
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", neighbourNamespace));
        cmd.addAll(List.of(command));
        return cmd;
    }

    /** {@code command} run inside the client's namespace. */
    List<String> inClient(String... command) {
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", clientNamespace));
        cmd.addAll(List.of(command));
        return cmd;
    }

    private void deleteQuietly() throws IOException, InterruptedException {
        Run.of(20, List.of("ip", "netns", "delete", serverNamespace));
        Run.of(20, List.of("ip", "netns", "delete", clientNamespace));
        Run.of(20, List.of("ip", "netns", "delete", neighbourNamespace));
    }

    /** Deletes the namespaces; the veth pair (and the neighbour's macvlan) go with them. */
    @Override
    public void close() throws IOException {
        try {
            deleteQuietly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
