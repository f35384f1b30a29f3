package org.phonerescue.cli.serve;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Two network namespaces joined by a veth pair, made for one test run and deleted after it: the
 * server runs in one, the clients in the other, so every packet crosses a real (virtual) Ethernet
 * link with ARP, as between a laptop and a phone. Names carry the process id, so parallel runs
 * and other programs' namespaces are left alone; the 10.231.x.0/24 addresses exist only inside
 * the two namespaces.
 */
final class VethNamespaces implements AutoCloseable {

    final String serverNamespace;
    final String clientNamespace;
    final String serverAddress;
    final String clientAddress;

    final String serverLink;
    final String clientLink;

    private VethNamespaces(long id, int tag) {
        serverNamespace = "prsrv" + id + "n" + tag;
        clientNamespace = "prcli" + id + "n" + tag;
        serverLink = "prvs" + id + tag;
        clientLink = "prvc" + id + tag;
        int subnet = (int) ((id * 7 + tag) % 200) + 20;
        serverAddress = "10.231." + subnet + ".1";
        clientAddress = "10.231." + subnet + ".2";
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
        for (List<String> step : steps) {
            Run r = Run.of(20, step);
            if (!r.ok()) {
                n.deleteQuietly();
                throw new IOException(String.join(" ", step) + " failed: " + r.err().trim());
            }
        }
        return n;
    }

    /** The prefix that runs a command inside the server's namespace. */
    List<String> inServer() {
        return List.of("ip", "netns", "exec", serverNamespace);
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
    }

    /** Deletes both namespaces; the veth pair goes with them. */
    @Override
    public void close() throws IOException {
        try {
            deleteQuietly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
