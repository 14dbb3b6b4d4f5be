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
 * that crashed half-way): the bridge on the host, and per node its directory, launcher process, host-side link
 * and address. Kept as a properties file in the cluster's directory.
 */
public record ClusterState(String name, String cidr, String bridge, String bridgeAddress, List<Node> nodes) {
    public static final String FILE = "cluster.properties";

    public ClusterState {
        nodes = List.copyOf(nodes);
    }

    /** One node: {@code role} is controlplane or worker; {@code launcherPid} is 0 until it started. */
    public record Node(String name, String role, Path dir, long launcherPid, String hostLink, String address) {
        Node withLauncher(long pid) {
            return new Node(name, role, dir, pid, hostLink, address);
        }

        /** The address without its prefix length. */
        public String ip() {
            return address.substring(0, address.indexOf('/'));
        }
    }

    public ClusterState withNode(int index, Node node) {
        List<Node> copy = new ArrayList<>(nodes);
        copy.set(index, node);
        return new ClusterState(name, cidr, bridge, bridgeAddress, copy);
    }

    public void save(Path dir) throws IOException {
        Properties p = new Properties();
        p.setProperty("name", name);
        p.setProperty("cidr", cidr);
        p.setProperty("bridge", bridge);
        p.setProperty("bridge.address", bridgeAddress);
        p.setProperty("nodes", Integer.toString(nodes.size()));
        for (int i = 0; i < nodes.size(); i++) {
            Node n = nodes.get(i);
            p.setProperty("node." + i + ".name", n.name());
            p.setProperty("node." + i + ".role", n.role());
            p.setProperty("node." + i + ".dir", n.dir().toString());
            p.setProperty("node." + i + ".launcher", Long.toString(n.launcherPid()));
            p.setProperty("node." + i + ".link", n.hostLink());
            p.setProperty("node." + i + ".address", n.address());
        }
        Path temp = dir.resolve(FILE + ".tmp");
        try (Writer out = Files.newBufferedWriter(temp)) {
            p.store(out, "Anvil local cluster (namespaces provisioner)");
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
            nodes.add(new Node(p.getProperty("node." + i + ".name"), p.getProperty("node." + i + ".role", "worker"),
                    Path.of(p.getProperty("node." + i + ".dir")),
                    Long.parseLong(p.getProperty("node." + i + ".launcher", "0")), p.getProperty("node." + i + ".link"),
                    p.getProperty("node." + i + ".address")));
        }
        return new ClusterState(p.getProperty("name"), p.getProperty("cidr"), p.getProperty("bridge"),
                p.getProperty("bridge.address"), nodes);
    }
}
