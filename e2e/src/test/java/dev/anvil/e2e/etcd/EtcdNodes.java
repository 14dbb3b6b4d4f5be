package dev.anvil.e2e.etcd;

import dev.anvil.ctl.cluster.ClusterState;
import dev.anvil.e2e.api.SharedCluster;
import dev.anvil.machined.etcd.EtcdCertificates;
import dev.anvil.machined.etcd.EtcdClient;
import dev.anvil.machined.server.IdentityKeyManager;
import dev.anvil.machinery.pki.CertificateAuthority;
import dev.anvil.machinery.pki.PemCodec;
import dev.anvil.machinery.secrets.SecretsFile;
import dev.anvil.sys.Child;
import dev.anvil.sys.ProcessSpec;
import dev.anvil.sys.Spawner;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/** What the etcd tests look at from the host: the members' processes, and etcd itself through its client port. */
final class EtcdNodes {
    private EtcdNodes() {
    }

    /** A client of a node's member, with a client certificate from the cluster's etcd CA. */
    static EtcdClient client(SharedCluster cluster, ClusterState.Node node) throws IOException {
        return EtcdClient.connect("https://" + node.ip() + ":2379", clientIdentity(cluster));
    }

    /** A client certificate from the cluster's etcd CA, as the test's own. */
    private static EtcdClient.Identity clientIdentity(SharedCluster cluster) throws IOException {
        var secrets = SecretsFile.parse(Files.readString(cluster.dir().resolve("secrets.yaml")));
        var etcd = secrets.certs().etcd();
        var ca = CertificateAuthority.fromPem(PemCodec.fromBase64(etcd.crt(), "etcd.crt"),
                PemCodec.fromBase64(etcd.key(), "etcd.key"));
        return EtcdClient.Identity.of(EtcdCertificates.issue(ca, "e2e", List.of(), Instant.now()));
    }

    /** The certificate a node's member serves on its client port, read in a TLS handshake with a client certificate. */
    static X509Certificate servedCertificate(SharedCluster cluster, ClusterState.Node node) throws Exception {
        var client = clientIdentity(cluster);
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        KeyStore anchors = KeyStore.getInstance("PKCS12");
        anchors.load(null, null);
        anchors.setCertificateEntry("etcd", client.ca());
        trust.init(anchors);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(new KeyManager[] {new IdentityKeyManager(client.certificate(), client.key())},
                trust.getTrustManagers(), null);
        try (SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket(node.ip(), 2379)) {
            socket.startHandshake();
            return (X509Certificate) socket.getSession().getPeerCertificates()[0];
        }
    }

    /** The host PID of the etcd a node runs (etcd is started with --name=HOSTNAME), if it runs one. */
    static Optional<Long> etcdPid(ClusterState.Node node) throws IOException {
        try (var procs = Files.list(Path.of("/proc"))) {
            for (Path proc : procs.filter(p -> p.getFileName().toString().matches("[0-9]+")).toList()) {
                List<String> args = cmdline(proc);
                if (!args.isEmpty() && args.getFirst().equals("/usr/bin/etcd")
                        && args.contains("--name=" + node.name())) {
                    return Optional.of(Long.parseLong(proc.getFileName().toString()));
                }
            }
        }
        return Optional.empty();
    }

    /** Whether any process in the node's PID namespace is an etcd. */
    static boolean runsEtcd(ClusterState.Node node) throws Exception {
        long init = nodePid(node.launcherPid());
        String namespace = Files.readSymbolicLink(Path.of("/proc", Long.toString(init), "ns", "pid")).toString();
        try (var procs = Files.list(Path.of("/proc"))) {
            for (Path proc : procs.filter(p -> p.getFileName().toString().matches("[0-9]+")).toList()) {
                try {
                    if (Files.readSymbolicLink(proc.resolve("ns/pid")).toString().equals(namespace)
                            && cmdline(proc).stream().findFirst().orElse("").endsWith("/etcd")) {
                        return true;
                    }
                } catch (IOException gone) {
                    // the process ended meanwhile
                }
            }
        }
        return false;
    }

    /** The node's PID 1 on the host: the one child of the launcher's unshare. */
    private static long nodePid(long launcherPid) throws IOException {
        Path children = Path.of("/proc", Long.toString(launcherPid), "task", Long.toString(launcherPid), "children");
        return Long.parseLong(Files.readString(children).strip().split(" ")[0]);
    }

    private static List<String> cmdline(Path proc) {
        try {
            String text = new String(Files.readAllBytes(proc.resolve("cmdline")), StandardCharsets.UTF_8);
            return text.isEmpty() ? List.of() : List.of(text.split("\0"));
        } catch (IOException gone) {
            return List.of();
        }
    }

    /** Runs etcd's own etcdctl on the host; its output, stdout and stderr together, and whether it succeeded. */
    static Map.Entry<Boolean, String> etcdctl(String... args) throws Exception {
        if (!Files.isExecutable(Path.of("/usr/bin/etcdctl"))) {
            throw new AssertionError("/usr/bin/etcdctl is missing: install etcd-client (scripts/setup does)");
        }
        Child child = Spawner.spawn(new ProcessSpec("/usr/bin/etcdctl", List.of(args),
                Map.of("ETCDCTL_API", "3", "PATH", "/usr/bin:/bin"), ProcessSpec.Output.CAPTURE, true));
        String output = new String(child.output().readAllBytes(), StandardCharsets.UTF_8);
        return Map.entry(child.exit().get(1, TimeUnit.MINUTES).success(), output);
    }
}
