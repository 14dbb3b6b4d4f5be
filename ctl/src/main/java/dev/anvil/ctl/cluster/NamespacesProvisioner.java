package dev.anvil.ctl.cluster;

import dev.anvil.ctl.cluster.ClusterState.Node;
import dev.anvil.sys.Child;
import dev.anvil.sys.NetworkNamespace;
import dev.anvil.sys.ProcessSpec;
import dev.anvil.sys.Spawner;
import dev.anvil.sys.netlink.RtNetlink;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Local clusters of container-mode nodes: a bridge on the host holding the network's first address, and per node
 * a launcher (bin/machined) that gives machined its own namespaces, plus a veth pair whose inner end becomes the
 * node's eth0. Every piece is written into the cluster's state file before it is made, so {@link #destroy} can
 * clean up after a create that crashed at any point.
 */
public final class NamespacesProvisioner implements Provisioner {
    public static final String NAME = "namespaces";
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

    @Override
    public String name() {
        return NAME;
    }

    /** The host reaches each node at its own address. */
    @Override
    public List<String> certificateSans() {
        return List.of();
    }

    /**
     * Creates the cluster's network and starts its nodes. The secrets and configs are kept in the cluster's
     * directory (owner-only); with {@code inject}, each node finds its config persisted before it starts and boots
     * configured, else it waits in maintenance mode for one.
     */
    @Override
    public ClusterState create(String name, int controlPlanes, int workers, Ipv4Cidr cidr, NodeConfigs configs,
            boolean inject) throws Exception {
        Path dir = ClusterLayout.clusterDir(home, name);
        List<Node> nodes = ClusterLayout.plan(name, controlPlanes, workers, cidr, dir);
        ClusterLayout.claim(dir, name);
        ClusterState state = new ClusterState(NAME, name, cidr.toString(), "anv-" + name,
                cidr.host(1).getHostAddress() + "/" + cidr.prefixLength(), "", 0, nodes);
        state.save(dir);
        configs.writeTo(dir);
        if (inject) {
            for (Node node : nodes) {
                Path stateDir = node.dir().resolve("system/state");
                Files.createDirectories(stateDir);
                NodeConfigs.writeOwnerOnly(stateDir.resolve("config.yaml"), configs.of(node.role()));
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

    /** Plugs a node into the bridge: a veth pair, the inner end moved into the node and set up as eth0. */
    private void connect(RtNetlink host, String bridge, Node node, long nodePid) throws Exception {
        String inner = "anv" + node.hostLink().substring(3).replace('-', 'p');
        host.createVeth(node.hostLink(), inner);
        host.setMaster(node.hostLink(), bridge);
        host.setUp(node.hostLink(), true);
        host.moveToNamespace(inner, nodePid);
        String[] address = node.address().split("/");
        NetworkNamespace.run(Path.of("/proc/" + nodePid + "/ns/net"), () -> {
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
    @Override
    public void destroy(ClusterState state) throws IOException, InterruptedException {
        List<String> problems = new ArrayList<>();
        for (Node node : state.nodes()) {
            stop(node);
        }
        try (RtNetlink host = RtNetlink.open()) {
            for (Node node : state.nodes()) {
                ClusterLayout.deleteLink(host, node.hostLink(), problems);
            }
            ClusterLayout.deleteLink(host, state.bridge(), problems);
        }
        ClusterLayout.deleteTree(ClusterLayout.clusterDir(home, state.name()));
        out.printf("cluster %s destroyed%n", state.name());
        if (!problems.isEmpty()) {
            throw new IllegalStateException("cluster " + state.name() + " destroyed with problems: " + problems);
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
}
