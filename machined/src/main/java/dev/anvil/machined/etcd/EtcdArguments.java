package dev.anvil.machined.etcd;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The command line of a node's etcd member. The member is named after the node's hostname, serves clients on the
 * node's address and on loopback (port 2379) and its peers on the node's address (2380), all with mutual TLS from
 * the etcd CA. How it starts: {@link Start#NEW} creates a cluster of this one member (bootstrap), {@link
 * Start#EXISTING} joins a cluster whose members (this one included) are {@code initialCluster}, {@link Start#RESTART}
 * runs on from the data directory (etcd then ignores the initial-cluster flags, so none are given).
 * {@code cluster.etcd.extraArgs} come last and replace the flag of the same name.
 */
public record EtcdArguments(String name, InetAddress address, Path dataDir, EtcdCertificates.Layout certificates,
        Start start, Map<String, String> initialCluster, Map<String, String> extraArgs) {

    public static final int CLIENT_PORT = 2379;
    public static final int PEER_PORT = 2380;

    public enum Start {
        NEW, EXISTING, RESTART
    }

    public EtcdArguments {
        initialCluster = Map.copyOf(initialCluster);
        extraArgs = Map.copyOf(extraArgs);
    }

    /** The peer URL of a member at {@code address}. */
    public static String peerUrl(InetAddress address) {
        return "https://" + host(address) + ":" + PEER_PORT;
    }

    /** The client URL of a member at {@code address}. */
    public static String clientUrl(InetAddress address) {
        return "https://" + host(address) + ":" + CLIENT_PORT;
    }

    /** The arguments, without argv[0]. */
    public List<String> toList() {
        Map<String, String> flags = new LinkedHashMap<>();
        flags.put("name", name);
        flags.put("data-dir", dataDir.toString());
        flags.put("listen-client-urls", clientUrl(address) + "," + clientUrl(InetAddress.getLoopbackAddress()));
        flags.put("advertise-client-urls", clientUrl(address));
        flags.put("listen-peer-urls", peerUrl(address));
        flags.put("initial-advertise-peer-urls", peerUrl(address));
        flags.put("cert-file", certificates.server().toString());
        flags.put("key-file", certificates.server().toString());
        flags.put("trusted-ca-file", certificates.ca().toString());
        flags.put("client-cert-auth", "true");
        flags.put("peer-cert-file", certificates.peer().toString());
        flags.put("peer-key-file", certificates.peer().toString());
        flags.put("peer-trusted-ca-file", certificates.ca().toString());
        flags.put("peer-client-cert-auth", "true");
        flags.put("logger", "zap");
        switch (start) {
            case NEW -> {
                flags.put("initial-cluster", name + "=" + peerUrl(address));
                flags.put("initial-cluster-state", "new");
            }
            case EXISTING -> {
                flags.put("initial-cluster", initialCluster.entrySet().stream().sorted(Map.Entry.comparingByKey())
                        .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(",")));
                flags.put("initial-cluster-state", "existing");
            }
            case RESTART -> {
            }
        }
        flags.putAll(extraArgs);
        List<String> args = new ArrayList<>();
        flags.forEach((flag, value) -> args.add("--" + flag + "=" + value));
        return args;
    }

    private static String host(InetAddress address) {
        String text = address.getHostAddress();
        return address instanceof Inet6Address ? "[" + text + "]" : text;
    }
}
