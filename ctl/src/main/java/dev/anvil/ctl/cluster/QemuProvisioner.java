package dev.anvil.ctl.cluster;

import com.google.protobuf.ByteString;
import dev.anvil.api.machine.ApplyConfigurationRequest;
import dev.anvil.api.machine.MachineServiceGrpc;
import dev.anvil.ctl.cluster.ClusterState.Node;
import dev.anvil.machinery.client.ApiChannels;
import dev.anvil.machinery.config.patch.ConfigPatcher;
import dev.anvil.machinery.config.patch.PatchResult;
import dev.anvil.sys.Child;
import dev.anvil.sys.NetworkNamespace;
import dev.anvil.sys.ProcessSpec;
import dev.anvil.sys.Spawner;
import dev.anvil.sys.Tun;
import dev.anvil.sys.netlink.RtNetlink;
import io.grpc.ManagedChannel;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.RandomAccessFile;
import java.io.Reader;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Local clusters of qemu VMs booting the Anvil image. The cluster gets a network namespace of its own, pinned at
 * /run/netns/anvil-NAME, holding a bridge (the network's .1) and one persistent tap per VM; qemu is started inside
 * it, so nothing of the cluster's network touches the host's. The host reaches each node's API through a forwarder
 * process (anvilctl cluster forward) listening on 127.0.0.1. Each node boots in maintenance mode from a blank STATE
 * disk with its address on the kernel command line; its config goes in over the maintenance API, the node stores it
 * and reboots into it. As with the namespaces provisioner, each piece is written into the state file before (or,
 * for a PID, right after) it is made, and qemu writes its PID into the node's directory, so destroy can undo a create
 * killed at any point.
 */
public final class QemuProvisioner implements Provisioner {
    public static final String NAME = "qemu";
    private static final String MAINTENANCE_MARK = "machined: maintenance API listening";
    private static final String CONFIGURED_MARK = "machined: API listening";
    private static final Duration BOOT_TIMEOUT = Duration.ofMinutes(15);
    private static final String PID_FILE = "qemu.pid";
    private static final String CONSOLE = "console.log";
    private static final String PORTS_FILE = "forwards.properties";

    private final Path home;
    private final Path anvilRoot;
    private final PrintWriter out;
    private final QemuOptions options;

    /**
     * {@code home} is ANVIL_HOME; {@code anvilRoot} the Anvil build holding bin/anvilctl (for the forwarder);
     * {@code options} may be null for a provisioner that only destroys.
     */
    public QemuProvisioner(Path home, Path anvilRoot, PrintWriter out, QemuOptions options) {
        this.home = home;
        this.anvilRoot = anvilRoot;
        this.out = out;
        this.options = options;
    }

    @Override
    public String name() {
        return NAME;
    }

    /** The host reaches every node at 127.0.0.1 (its forward), so their API certificates must name it. */
    @Override
    public List<String> certificateSans() {
        return List.of("127.0.0.1");
    }

    static Path netnsFile(String cluster) {
        return Path.of("/run/netns", "anvil-" + cluster);
    }

    @Override
    public ClusterState create(String name, int controlPlanes, int workers, Ipv4Cidr cidr, NodeConfigs configs,
            boolean inject) throws Exception {
        Path dir = ClusterLayout.clusterDir(home, name);
        List<Node> nodes = ClusterLayout.plan(name, controlPlanes, workers, cidr, dir);
        options.checkImage();
        String qemu = qemuBinary();
        ClusterLayout.claim(dir, name);
        Path netns = netnsFile(name);
        ClusterState state = new ClusterState(NAME, name, cidr.toString(), "anv-" + name,
                cidr.host(1).getHostAddress() + "/" + cidr.prefixLength(), netns.toString(), 0, nodes);
        state.save(dir);
        configs.writeTo(dir);

        NetworkNamespace.create(netns);
        String bridge = state.bridge();
        NetworkNamespace.run(netns, () -> {
            try (RtNetlink rt = RtNetlink.open()) {
                rt.setUp("lo", true);
                rt.createBridge(bridge);
                rt.addAddress(bridge, cidr.host(1), cidr.prefixLength());
                rt.setUp(bridge, true);
                for (Node node : nodes) {
                    Tun.createPersistentTap(node.hostLink());
                    rt.setMaster(node.hostLink(), bridge);
                    rt.setUp(node.hostLink(), true);
                }
            }
            return null;
        });
        out.printf("network namespace %s: bridge %s with %s%n", netns, bridge, state.bridgeAddress());

        // the forwarder lives as long as the cluster, copying bytes: a small heap and C1 do
        Child forwarder = Spawner.spawn(new ProcessSpec(anvilRoot.resolve("bin/anvilctl").toString(),
                forwarderArgs(netns, dir, nodes), Map.of("PATH", "/usr/sbin:/usr/bin:/sbin:/bin", "JAVA_HOME",
                System.getProperty("java.home"), "HOME", System.getProperty("user.home"), "JAVA_TOOL_OPTIONS",
                "-Xmx32m -XX:TieredStopAtLevel=1"), ProcessSpec.Output.DISCARD, true));
        state = state.withForwarder(forwarder.pid());
        state.save(dir);

        for (int i = 0; i < nodes.size(); i++) {
            Node node = nodes.get(i);
            long pid = startVm(qemu, node, cidr);
            state = state.withNode(i, node.withLauncher(pid));
            state.save(dir);
            out.printf("node %s: %s, qemu pid %d, console %s%n", node.name(), node.address(), pid,
                    node.dir().resolve(CONSOLE));
        }
        Properties ports = awaitPorts(dir.resolve(PORTS_FILE), forwarder);
        for (int i = 0; i < nodes.size(); i++) {
            Node node = state.nodes().get(i);
            state = state.withNode(i, node.withApiPort(Integer.parseInt(ports.getProperty(node.ip() + ":"
                    + ApiChannels.PORT))));
            out.printf("node %s: API forwarded from %s%n", node.name(), state.nodes().get(i).endpoint());
        }
        state.save(dir);

        for (Node node : state.nodes()) {
            awaitConsole(node, MAINTENANCE_MARK, 1);
            if (inject) {
                applyInMaintenance(node, withHostname(configs.of(node.role()), node.name()));
                out.printf("node %s: config applied over the maintenance API%n", node.name());
            }
        }
        if (inject) {
            for (Node node : state.nodes()) {
                awaitConsole(node, CONFIGURED_MARK, 1);
                out.printf("node %s: booted with its config%n", node.name());
            }
        }
        out.printf("cluster %s is up: %d VM(s) on %s%n", name, nodes.size(), cidr);
        return state;
    }

    private List<String> forwarderArgs(Path netns, Path dir, List<Node> nodes) {
        List<String> args = new ArrayList<>(List.of("cluster", "forward", "--netns", netns.toString(),
                "--ports-file", dir.resolve(PORTS_FILE).toString()));
        nodes.forEach(n -> args.add(n.ip() + ":" + ApiChannels.PORT));
        return args;
    }

    /**
     * Starts one VM inside the cluster's namespace: its kernel and initramfs, the squashfs root read-only, a blank
     * sparse STATE disk, its tap, its serial console into a file. qemu daemonizes once it is set up (so its errors
     * come back here) and writes its PID into the node's directory.
     */
    private long startVm(String qemu, Node node, Ipv4Cidr cidr) throws Exception {
        Files.createDirectories(node.dir());
        Path disk = node.dir().resolve("state.raw");
        try (RandomAccessFile file = new RandomAccessFile(disk.toFile(), "rw")) {
            file.setLength((long) options.diskMiB() << 20);
        }
        String ip = "ip=" + node.ip() + "::" + cidr.host(1).getHostAddress() + ":" + netmask(cidr.prefixLength())
                + ":" + node.name() + ":eth0:off";
        Path pidFile = node.dir().resolve(PID_FILE);
        List<String> args = List.of("-name", node.name(), "-accel", options.accel(),
                "-m", Integer.toString(options.memory(node.role())),
                "-smp", Integer.toString(options.cpus(node.role())),
                "-nodefaults", "-no-user-config", "-display", "none",
                "-serial", "file:" + node.dir().resolve(CONSOLE),
                "-kernel", options.kernel().toString(), "-initrd", options.initramfs().toString(),
                "-append", options.cmdline(ip),
                "-drive", "file=" + options.rootfs() + ",if=virtio,format=raw,readonly=on",
                "-drive", "file=" + disk + ",if=virtio,format=raw",
                "-netdev", "tap,id=n0,ifname=" + node.hostLink() + ",script=no,downscript=no",
                "-device", "virtio-net-pci,netdev=n0,mac=" + mac(node.ip()),
                "-daemonize", "-pidfile", pidFile.toString());
        String output = NetworkNamespace.run(netnsFile(clusterOf(node)), () -> {
            Child child = Spawner.spawn(new ProcessSpec(qemu, args, Map.of("PATH", "/usr/bin:/bin"),
                    ProcessSpec.Output.CAPTURE, true));
            String text = new String(child.output().readAllBytes(), StandardCharsets.UTF_8);
            if (!child.exit().get(2, TimeUnit.MINUTES).success()) {
                throw new IOException("qemu did not start node " + node.name() + ":\n" + text);
            }
            return text;
        });
        if (!output.isBlank()) {
            out.print(output);
        }
        return Long.parseLong(Files.readString(pidFile).strip());
    }

    /** The cluster a node belongs to: its directory is ANVIL_HOME/clusters/NAME/ROLE-N. */
    private static String clusterOf(Node node) {
        return node.dir().getParent().getFileName().toString();
    }

    static String netmask(int prefixLength) {
        int mask = -1 << (32 - prefixLength);
        return (mask >>> 24) + "." + ((mask >> 16) & 255) + "." + ((mask >> 8) & 255) + "." + (mask & 255);
    }

    /** A locally administered MAC made of qemu's prefix and the node's address, unique within the cluster. */
    static String mac(String ip) throws IOException {
        byte[] a = InetAddress.getByName(ip).getAddress();
        return String.format("52:54:00:%02x:%02x:%02x", a[1] & 255, a[2] & 255, a[3] & 255);
    }

    static String qemuBinary() {
        for (String dir : List.of("/usr/bin", "/usr/local/bin")) {
            if (Files.isExecutable(Path.of(dir, "qemu-system-x86_64"))) {
                return dir + "/qemu-system-x86_64";
            }
        }
        throw new IllegalStateException("qemu-system-x86_64 is missing: scripts/setup installs qemu-system-x86");
    }

    private static Properties awaitPorts(Path file, Child forwarder) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(file)) {
                Properties ports = new Properties();
                try (Reader in = Files.newBufferedReader(file)) {
                    ports.load(in);
                }
                return ports;
            }
            if (forwarder.exit().isDone()) {
                throw new IllegalStateException("the API forwarder (anvilctl cluster forward) ended: "
                        + forwarder.exit().get());
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("the API forwarder wrote no ports within 2 minutes");
    }

    /** Waits until the node's console shows {@code mark} {@code times} times; fails when its qemu ends first. */
    private static void awaitConsole(Node node, String mark, int times) throws Exception {
        Path console = node.dir().resolve(CONSOLE);
        Pattern quoted = Pattern.compile(Pattern.quote(mark));
        long deadline = System.nanoTime() + BOOT_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            String text = consoleText(console);
            if (quoted.matcher(text).results().count() >= times) {
                return;
            }
            if (ProcessHandle.of(node.launcherPid()).isEmpty()) {
                throw new IllegalStateException("node " + node.name() + ": qemu ended before its console showed '"
                        + mark + "'; the console's end:\n" + tail(text));
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("node " + node.name() + ": no '" + mark + "' on its console within "
                + BOOT_TIMEOUT.toMinutes() + " minutes; the console's end:\n" + tail(consoleText(console)));
    }

    private static String consoleText(Path console) throws IOException {
        return Files.exists(console) ? Files.readString(console, StandardCharsets.ISO_8859_1) : "";
    }

    private static String tail(String text) {
        return text.substring(Math.max(0, text.length() - 4000));
    }

    /**
     * The node's config naming it: the kernel command line's {@code ip=} hostname is not a hostname layer of
     * machined's yet, and a node must be told apart (etcd member names, certificates) from the others.
     */
    static String withHostname(String config, String hostname) {
        PatchResult patched = ConfigPatcher.apply(config, List.of("machine:\n  network:\n    hostname: " + hostname
                + "\n"));
        if (patched.yaml() == null) {
            throw new IllegalStateException("naming node " + hostname + " in its config: " + patched.problems());
        }
        return patched.yaml();
    }

    /** Sends the node its config over the maintenance API (its certificate is its own: trusted as it is). */
    private static void applyInMaintenance(Node node, String config) throws InterruptedException {
        ManagedChannel channel = ApiChannels.insecure(node.endpoint(), null);
        try {
            MachineServiceGrpc.newBlockingStub(channel).withDeadlineAfter(2, TimeUnit.MINUTES)
                    .applyConfiguration(ApplyConfigurationRequest.newBuilder()
                            .setData(ByteString.copyFromUtf8(config))
                            .setMode(ApplyConfigurationRequest.Mode.AUTO).build());
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    /**
     * Kills the forwarder and the VMs (by the PIDs recorded, or the PID files qemu wrote, when their command lines
     * still name the cluster's directory), deletes the taps and the bridge, unpins the namespace, removes the files.
     */
    @Override
    public void destroy(ClusterState state) throws Exception {
        Path dir = ClusterLayout.clusterDir(home, state.name());
        List<String> problems = new ArrayList<>();
        if (ClusterLayout.stop(state.forwarderPid(), dir.toString(), Duration.ofSeconds(5))) {
            out.println("API forwarder stopped");
        }
        for (Node node : state.nodes()) {
            long pid = node.launcherPid();
            Path pidFile = node.dir().resolve(PID_FILE);
            if (pid <= 0 && Files.exists(pidFile)) {
                pid = Long.parseLong(Files.readString(pidFile).strip());
            }
            if (ClusterLayout.stop(pid, node.dir().toString(), Duration.ofSeconds(5))) {
                out.printf("node %s stopped%n", node.name());
            }
        }
        Path netns = Path.of(state.netns());
        if (Files.exists(netns)) {
            try {
                NetworkNamespace.run(netns, () -> {
                    try (RtNetlink rt = RtNetlink.open()) {
                        for (Node node : state.nodes()) {
                            ClusterLayout.deleteLink(rt, node.hostLink(), problems);
                        }
                        ClusterLayout.deleteLink(rt, state.bridge(), problems);
                    }
                    return null;
                });
            } catch (RuntimeException e) {
                // a file left by a create killed before its mount: no namespace to clean
            }
            NetworkNamespace.remove(netns);
        }
        ClusterLayout.deleteTree(dir);
        out.printf("cluster %s destroyed%n", state.name());
        if (!problems.isEmpty()) {
            throw new IllegalStateException("cluster " + state.name() + " destroyed with problems: " + problems);
        }
    }
}
