package dev.anvil.e2e.cluster;

import com.google.protobuf.ByteString;
import dev.anvil.api.machine.ApplyConfigurationRequest;
import dev.anvil.api.machine.ApplyConfigurationResponse;
import dev.anvil.api.machine.MachineServiceGrpc;
import dev.anvil.ctl.cluster.ClusterState;
import dev.anvil.sys.Child;
import dev.anvil.sys.netlink.RtNetlink;
import dev.anvil.sys.Namespaces;
import dev.anvil.sys.ProcessSpec;
import dev.anvil.sys.Spawner;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.util.InsecureTrustManagerFactory;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** What the cluster tests do to local nodes from the host: run anvilctl, call a node's API, look inside a node. */
final class LocalNodes {
    static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();

    private LocalNodes() {
    }

    static ProcessSpec anvilctlSpec(Path home, String... args) {
        return new ProcessSpec(ROOT.resolve("bin/anvilctl").toString(), List.of(args),
                Map.of("ANVIL_HOME", home.toString(), "PATH", "/usr/sbin:/usr/bin:/sbin:/bin",
                        "JAVA_HOME", System.getProperty("java.home")), ProcessSpec.Output.CAPTURE, true);
    }

    /** Runs bin/anvilctl with {@code home} as ANVIL_HOME and returns its output; fails the test unless it succeeds. */
    static String anvilctl(Path home, String... args) throws Exception {
        Child child = Spawner.spawn(anvilctlSpec(home, args));
        String output = new String(child.output().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(child.exit().get(2, TimeUnit.MINUTES).success()).as("anvilctl %s:%n%s", List.of(args), output)
                .isTrue();
        return output;
    }

    /** Creates a one-node cluster in maintenance mode on {@code cidr} and returns its node. */
    static dev.anvil.ctl.cluster.ClusterState.Node createMaintenanceNode(Path home, String name, String cidr)
            throws Exception {
        anvilctl(home, "cluster", "create", "--name", name, "--skip-injecting-config", "--cidr", cidr);
        return dev.anvil.ctl.cluster.ClusterState.load(home.resolve("clusters").resolve(name)).nodes().getFirst();
    }

    /** Destroys the test's cluster {@code name} if its creation got as far as saving its state. */
    static void destroyCluster(Path home, String name) throws Exception {
        if (Files.exists(home.resolve("clusters").resolve(name).resolve(dev.anvil.ctl.cluster.ClusterState.FILE))) {
            anvilctl(home, "cluster", "destroy", "--name", name);
        }
    }

    /** A channel to a node's API on port 50000, checking the certificate against {@code address}. */
    static ManagedChannel channel(String address, SslContext ssl) {
        return NettyChannelBuilder.forAddress(new InetSocketAddress(address, 50000)).sslContext(ssl)
                .overrideAuthority(address).build();
    }

    /** ApplyConfiguration on a node in maintenance mode, which needs no client certificate. */
    static ApplyConfigurationResponse applyInMaintenance(String address, String config) throws Exception {
        ManagedChannel maintenance = channel(address, GrpcSslContexts.forClient()
                .trustManager(InsecureTrustManagerFactory.INSTANCE).build());
        try {
            return MachineServiceGrpc.newBlockingStub(maintenance).withDeadlineAfter(60, TimeUnit.SECONDS)
                    .applyConfiguration(ApplyConfigurationRequest.newBuilder()
                            .setData(ByteString.copyFrom(config, StandardCharsets.UTF_8))
                            .setMode(ApplyConfigurationRequest.Mode.AUTO).build());
        } finally {
            maintenance.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    /** The node's PID 1 on the host: the one child of the launcher's unshare. */
    static long nodePid(long launcherPid) throws Exception {
        Path children = Path.of("/proc", Long.toString(launcherPid), "task", Long.toString(launcherPid), "children");
        return Long.parseLong(Files.readString(children).strip().split(" ")[0]);
    }

    /** Runs {@code body} on a fresh platform thread that joined one namespace of a process; the thread then ends. */
    static <T> T inNamespace(long pid, String ns, int type, Callable<T> body) throws Exception {
        return Namespaces.runInside("/proc/" + pid + "/ns/" + ns, type, body);
    }

    /** Nothing of the cluster is left on the host: no directory, process, link or mount. */
    static void assertNothingLeft(Path home, String name, ClusterState state) throws Exception {
        Path dir = home.resolve("clusters").resolve(name);
        assertThat(dir).doesNotExist();
        for (ClusterState.Node node : state.nodes()) {
            if (node.launcherPid() > 0) {
                await().atMost(10, TimeUnit.SECONDS).until(() -> ProcessHandle.of(node.launcherPid()).isEmpty());
            }
        }
        assertThat(ProcessHandle.allProcesses().filter(p -> p.info().commandLine()
                .map(c -> c.contains(dir.toString())).orElse(false))).isEmpty();
        try (RtNetlink host = RtNetlink.open()) {
            assertThat(host.links()).noneMatch(l -> l.name().startsWith("anv" + name) || l.name().equals("anv-" + name));
        }
        assertThat(Files.readString(Path.of("/proc/self/mounts"))).doesNotContain(dir.toString());
    }
}
