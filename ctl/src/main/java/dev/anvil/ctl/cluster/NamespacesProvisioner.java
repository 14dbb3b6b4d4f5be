package dev.anvil.ctl.cluster;

import dev.anvil.ctl.cluster.ClusterState.Node;
import dev.anvil.sys.Child;
import dev.anvil.sys.Namespaces;
import dev.anvil.sys.ProcessSpec;
import dev.anvil.sys.Spawner;
import dev.anvil.sys.netlink.RtNetlink;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;

/**
 * Local clusters of container-mode nodes: a bridge on the host holding the network's first address, and per node
 * a launcher (bin/machined) that gives machined its own namespaces, plus a veth pair whose inner end becomes the
 * node's eth0. Every piece is written into the cluster's state file before it is made, so {@link #destroy} can
 * clean up after a create that crashed at any point.
 */
public final class NamespacesProvisioner {
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9]{0,7}");
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

    private final Path home;
    private final Path anvilRoot;
    private final PrintWriter out;

    /** {@code home} is ANVIL_HOME; {@code anvilRoot} the Anvil build holding bin/machined. */
    public NamespacesProvisioner(Path home, Path anvilRoot, PrintWriter out) {
        this.home = home;
        this.anvilRoot = anvilRoot;
        this.out = out;
    }

    public Path clusterDir(String name) {
        return home.resolve("clusters").resolve(name);
    }

    /** The cluster's secrets bundle and the configs its nodes boot with (YAML texts). */
    public record NodeConfigs(String controlPlane, String worker, String secrets) {
        String of(String role) {
            return role.equals(CONTROL_PLANE) ? controlPlane : worker;
        }
    }

    public static final String CONTROL_PLANE = "controlplane";
    public static final String WORKER = "worker";

    /** The nodes' names and addresses, as {@link #create} will give them: control planes first, from .2 on. */
    public static List<Node> plan(String name, int controlPlanes, int workers, Ipv4Cidr cidr, Path dir) {
        if (!NAME.matcher(name).matches()) {
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
                    "anv" + name + "-" + i, cidr.host(i + 1).getHostAddress() + "/" + cidr.prefixLength()));
        }
        return nodes;
    }

    /**
     * Creates the cluster's network and starts its nodes. The secrets and configs are kept in the cluster's
     * directory (owner-only); with {@code inject}, each node finds its config persisted before it starts and boots
     * configured, else it waits in maintenance mode for one.
     */
    public ClusterState create(String name, int controlPlanes, int workers, Ipv4Cidr cidr, NodeConfigs configs,
            boolean inject) throws Exception {
        Path dir = clusterDir(name);
        List<Node> nodes = plan(name, controlPlanes, workers, cidr, dir);
        if (Files.exists(dir.resolve(ClusterState.FILE))) {
            throw new IllegalArgumentException("cluster " + name + " exists (" + dir + "); destroy it first");
        }
        Files.createDirectories(dir);
        ClusterState state = new ClusterState(name, cidr.toString(), "anv-" + name,
                cidr.host(1).getHostAddress() + "/" + cidr.prefixLength(), nodes);
        state.save(dir);
        writeOwnerOnly(dir.resolve("secrets.yaml"), configs.secrets());
        writeOwnerOnly(dir.resolve("controlplane.yaml"), configs.controlPlane());
        writeOwnerOnly(dir.resolve("worker.yaml"), configs.worker());
        if (inject) {
            for (Node node : nodes) {
                Path stateDir = node.dir().resolve("system/state");
                Files.createDirectories(stateDir);
                writeOwnerOnly(stateDir.resolve("config.yaml"), configs.of(node.role()));
            }
        }
        int count = nodes.size();

        try (RtNetlink host = RtNetlink.open()) {
            host.createBridge(state.bridge());
            host.addAddress(state.bridge(), cidr.host(1), cidr.prefixLength());
            host.setUp(state.bridge(), true);
            out.printf("bridge %s with %s%n", state.bridge(), state.bridgeAddress());
            for (int i = 0; i < count; i++) {
                Node node = nodes.get(i);
                Child launcher = Spawner.spawn(new ProcessSpec(anvilRoot.resolve("bin/machined").toString(),
                        List.of("--node-dir", node.dir().toString(), "--hostname", node.name()),
                        Map.of("PATH", "/usr/sbin:/usr/bin:/sbin:/bin"), ProcessSpec.Output.DISCARD, true));
                state = state.withNode(i, node.withLauncher(launcher.pid()));
                state.save(dir);
                connect(host, state.bridge(), state.nodes().get(i), nodePid(launcher.pid()));
                out.printf("node %s: %s, launcher pid %d%n", node.name(), node.address(), launcher.pid());
            }
        }
        for (Node node : state.nodes()) {
            awaitReady(node);
        }
        out.printf("cluster %s is up: %d node(s) on %s%n", name, count, cidr);
        return state;
    }

    /** Secrets and configs: readable by their owner only (a node's config is /system/state/config.yaml in it). */
    private static void writeOwnerOnly(Path file, String text) throws IOException {
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, text);
    }

    /** Plugs a node into the bridge: a veth pair, the inner end moved into the node and set up as eth0. */
    private void connect(RtNetlink host, String bridge, Node node, long nodePid) throws Exception {
        String inner = "anv" + node.hostLink().substring(3).replace('-', 'p');
        host.createVeth(node.hostLink(), inner);
        host.setMaster(node.hostLink(), bridge);
        host.setUp(node.hostLink(), true);
        host.moveToNamespace(inner, nodePid);
        String[] address = node.address().split("/");
        inNetworkNamespaceOf(nodePid, () -> {
            try (RtNetlink rt = RtNetlink.open()) {
                rt.rename(inner, "eth0");
                rt.setUp("lo", true);
                rt.setUp("eth0", true);
                rt.addAddress("eth0", InetAddress.getByName(address[0]), Integer.parseInt(address[1]));
            }
            return null;
        });
    }

    /** The host PID of the node's PID 1: the process the launcher's unshare forked. */
    private static long nodePid(long launcherPid) throws Exception {
        Path children = Path.of("/proc", Long.toString(launcherPid), "task", Long.toString(launcherPid), "children");
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(children)) {
                String pids = Files.readString(children).strip();
                // the launcher script execs unshare, whose one child is the node
                if (!pids.isEmpty() && Files.readString(Path.of("/proc", Long.toString(launcherPid), "comm"))
                        .strip().equals("unshare")) {
                    return Long.parseLong(pids.split(" ")[0]);
                }
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException("the launcher (pid " + launcherPid + ") started no node within 10 s");
    }

    private static void inNetworkNamespaceOf(long pid, Callable<Void> body) throws Exception {
        AtomicReference<Exception> failure = new AtomicReference<>();
        Thread t = Thread.ofPlatform().name("netns " + pid).start(() -> {
            try {
                Namespaces.enter("/proc/" + pid + "/ns/net", Namespaces.CLONE_NEWNET);
                body.call();
            } catch (Exception e) {
                failure.set(e);
            }
        });
        t.join();
        if (failure.get() != null) {
            throw failure.get();
        }
    }

    private void awaitReady(Node node) throws Exception {
        Path log = node.dir().resolve("machined.log");
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(log) && Files.readString(log).contains("machined: ready")) {
                return;
            }
            if (ProcessHandle.of(node.launcherPid()).isEmpty()) {
                break;
            }
            Thread.sleep(50);
        }
        String tail = Files.exists(log) ? Files.readString(log) : "(no log)";
        throw new IllegalStateException("node " + node.name() + " did not become ready; its log:\n" + tail);
    }

    /** Removes everything the cluster made: processes, links, files. Each step tolerates what is already gone. */
    public void destroy(String name) throws IOException, InterruptedException {
        Path dir = clusterDir(name);
        if (!Files.exists(dir.resolve(ClusterState.FILE))) {
            throw new IllegalArgumentException("no cluster " + name + " (nothing at " + dir + ")");
        }
        ClusterState state = ClusterState.load(dir);
        List<String> problems = new ArrayList<>();
        for (Node node : state.nodes()) {
            stop(node);
        }
        try (RtNetlink host = RtNetlink.open()) {
            for (Node node : state.nodes()) {
                deleteLink(host, node.hostLink(), problems);
            }
            deleteLink(host, state.bridge(), problems);
        }
        deleteTree(dir);
        out.printf("cluster %s destroyed%n", name);
        if (!problems.isEmpty()) {
            throw new IllegalStateException("cluster " + name + " destroyed with problems: " + problems);
        }
    }

    /** SIGTERM to machined (the node's PID 1), SIGKILL to the launcher after 5 s, which ends the whole node. */
    private void stop(Node node) throws InterruptedException {
        ProcessHandle launcher = ProcessHandle.of(node.launcherPid()).filter(p -> isLauncherOf(p, node)).orElse(null);
        if (launcher == null) {
            return;
        }
        launcher.children().forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (launcher.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        launcher.destroyForcibly();
        launcher.onExit().join();
        out.printf("node %s stopped%n", node.name());
    }

    /** Guards against a reused PID: the launcher's command line names the node's directory. */
    private static boolean isLauncherOf(ProcessHandle p, Node node) {
        return p.info().commandLine().map(c -> c.contains(node.dir().toString())).orElse(false);
    }

    private static void deleteLink(RtNetlink host, String link, List<String> problems) {
        if (host.link(link).isEmpty()) {
            return;
        }
        try {
            host.deleteLink(link);
        } catch (RuntimeException e) {
            problems.add(e.getMessage());
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
