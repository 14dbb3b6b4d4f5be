package dev.anvil.ctl.cluster;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * What a local cluster consists of, written down before each piece is made (so that destroy can undo a create
 * that crashed half-way): the provisioner, the bridge (on the host for namespaces; inside the cluster's own network
 * namespace {@code netns} for qemu, with the API forwarder's PID), and per node its directory, process (launcher or
 * qemu), link (host-side veth or tap) and address. Kept as a properties file in the cluster's directory.
 */
public record ClusterState(String provisioner, String name, String cidr, String bridge, String bridgeAddress,
                           String netns, long forwarderPid, List<Node> nodes) {
    public static final String FILE = "cluster.properties";

    public ClusterState {
        nodes = List.copyOf(nodes);
    }

    /**
     * One node: {@code role} is controlplane or worker; {@code launcherPid} (bin/machined or qemu) is 0 until it
     * started; {@code apiPort} is the port on 127.0.0.1 forwarded to its API, 0 when the host reaches its address.
     */
    public record Node(String name, String role, Path dir, long launcherPid, String hostLink, String address,
                       int apiPort) {
        Node withLauncher(long pid) {
            return new Node(name, role, dir, pid, hostLink, address, apiPort);
        }

        Node withApiPort(int port) {
            return new Node(name, role, dir, launcherPid, hostLink, address, port);
        }

        /** The address without its prefix length. */
        public String ip() {
            return address.substring(0, address.indexOf('/'));
        }

        /** Where the host reaches the node's API: its forward on 127.0.0.1, or its own address. */
        public String endpoint() {
            return apiPort > 0 ? "127.0.0.1:" + apiPort : ip();
        }
    }

    public ClusterState withNode(int index, Node node) {
        List<Node> copy = new ArrayList<>(nodes);
        copy.set(index, node);
        return new ClusterState(provisioner, name, cidr, bridge, bridgeAddress, netns, forwarderPid, copy);
    }

    public ClusterState withForwarder(long pid) {
        return new ClusterState(provisioner, name, cidr, bridge, bridgeAddress, netns, pid, nodes);
    }

    public void save(Path dir) throws IOException {
        Properties p = new Properties();
        p.setProperty("provisioner", provisioner);
        p.setProperty("name", name);
        p.setProperty("cidr", cidr);
        p.setProperty("bridge", bridge);
        p.setProperty("bridge.address", bridgeAddress);
        p.setProperty("netns", netns);
        p.setProperty("forwarder", Long.toString(forwarderPid));
        p.setProperty("nodes", Integer.toString(nodes.size()));
        for (int i = 0; i < nodes.size(); i++) {
            Node n = nodes.get(i);
            p.setProperty("node." + i + ".name", n.name());
            p.setProperty("node." + i + ".role", n.role());
            p.setProperty("node." + i + ".dir", n.dir().toString());
            p.setProperty("node." + i + ".launcher", Long.toString(n.launcherPid()));
            p.setProperty("node." + i + ".link", n.hostLink());
            p.setProperty("node." + i + ".address", n.address());
            p.setProperty("node." + i + ".api-port", Integer.toString(n.apiPort()));
        }
        Path temp = dir.resolve(FILE + ".tmp");
        try (Writer out = Files.newBufferedWriter(temp)) {
            p.store(out, "Anvil local cluster (" + provisioner + " provisioner)");
        }
        Files.move(temp, dir.resolve(FILE), StandardCopyOption.ATOMIC_MOVE);
    }

    public static ClusterState load(Path dir) throws IOException {
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(dir.resolve(FILE))) {
            p.load(in);
        }
        List<Node> nodes = new ArrayList<>();
        int count = Integer.parseInt(p.getProperty("nodes", "0"));
        for (int i = 0; i < count; i++) {
            String key = "node." + i + ".";
            nodes.add(new Node(p.getProperty(key + "name"), p.getProperty(key + "role", "worker"),
                    Path.of(p.getProperty(key + "dir")), Long.parseLong(p.getProperty(key + "launcher", "0")),
                    p.getProperty(key + "link"), p.getProperty(key + "address"),
                    Integer.parseInt(p.getProperty(key + "api-port", "0"))));
        }
        return new ClusterState(p.getProperty("provisioner", NamespacesProvisioner.NAME), p.getProperty("name"),
                p.getProperty("cidr"), p.getProperty("bridge"), p.getProperty("bridge.address"),
                p.getProperty("netns", ""), Long.parseLong(p.getProperty("forwarder", "0")), nodes);
    }
}
