package dev.anvil.ctl.cluster;

import dev.anvil.ctl.cluster.ClusterState.Node;
import dev.anvil.sys.netlink.RtNetlink;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;

/** What every provisioner shares: where clusters live, how nodes are named and numbered, and how they are removed. */
final class ClusterLayout {
    static final String CONTROL_PLANE = "controlplane";
    static final String WORKER = "worker";
    private static final Pattern CLUSTER_NAME = Pattern.compile("[a-z][a-z0-9]{0,7}");

    private ClusterLayout() {
    }

    static Path clusterDir(Path home, String name) {
        return home.resolve("clusters").resolve(name);
    }

    /**
     * The nodes' names, directories, links and addresses: control planes first, from the network's .2 on (.1 is the
     * bridge). The link is the host-side veth (namespaces) or the tap (qemu).
     */
    static List<Node> plan(String name, int controlPlanes, int workers, Ipv4Cidr cidr, Path dir) {
        if (!CLUSTER_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("cluster name \"" + name + "\": use 1 to 8 lower-case letters and"
                    + " digits, starting with a letter (it becomes part of link names, which have at most 15)");
        }
        if (controlPlanes < 1) {
            throw new IllegalArgumentException("a cluster needs at least one control plane");
        }
        if (workers < 0) {
            throw new IllegalArgumentException("--workers cannot be negative");
        }
        int count = controlPlanes + workers;
        if (count + 1 > cidr.hosts()) {
            throw new IllegalArgumentException(count + " nodes do not fit in " + cidr + " (with the bridge at .1)");
        }
        List<Node> nodes = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            boolean controlPlane = i <= controlPlanes;
            String role = controlPlane ? CONTROL_PLANE : WORKER;
            int ordinal = controlPlane ? i : i - controlPlanes;
            nodes.add(new Node(name + "-" + role + "-" + ordinal, role, dir.resolve(role + "-" + ordinal), 0,
                    "anv" + name + "-" + i, cidr.host(i + 1).getHostAddress() + "/" + cidr.prefixLength(), 0));
        }
        return nodes;
    }

    /** Fails when a cluster of this name exists; else makes its directory. */
    static void claim(Path dir, String name) throws IOException {
        if (Files.exists(dir.resolve(ClusterState.FILE))) {
            throw new IllegalArgumentException("cluster " + name + " exists (" + dir + "); destroy it first");
        }
        Files.createDirectories(dir);
    }

    /**
     * Ends the process {@code pid} when its command line still contains {@code mark} (a reused PID is left alone):
     * SIGTERM, then SIGKILL after {@code grace}. Returns whether there was such a process.
     */
    static boolean stop(long pid, String mark, Duration grace) throws InterruptedException {
        ProcessHandle process = pid <= 0 ? null : ProcessHandle.of(pid)
                .filter(p -> p.info().commandLine().map(c -> c.contains(mark)).orElse(false)).orElse(null);
        if (process == null) {
            return false;
        }
        process.destroy();
        long deadline = System.nanoTime() + grace.toNanos();
        while (process.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        process.destroyForcibly();
        process.onExit().join();
        return true;
    }

    /** Deletes a link when it exists; a failure is added to {@code problems}, for the caller to report at the end. */
    static void deleteLink(RtNetlink rt, String link, List<String> problems) {
        if (rt.link(link).isEmpty()) {
            return;
        }
        try {
            rt.deleteLink(link);
        } catch (RuntimeException e) {
            problems.add(e.getMessage());
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
