package dev.anvil.e2e.cluster;

import dev.anvil.ctl.cluster.ClusterState;
import dev.anvil.sys.Child;
import dev.anvil.sys.Hostname;
import dev.anvil.sys.Namespaces;
import dev.anvil.sys.ProcessSpec;
import dev.anvil.sys.Spawner;
import dev.anvil.sys.netlink.Address;
import dev.anvil.sys.netlink.RtNetlink;
import com.google.protobuf.Empty;
import dev.anvil.api.cosi.resource.DestroyRequest;
import dev.anvil.api.cosi.resource.GetRequest;
import dev.anvil.api.cosi.resource.StateGrpc;
import dev.anvil.api.machine.MachineServiceGrpc;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * anvilctl cluster create/show/destroy as a user runs them (bin/anvilctl, as root): real namespaces, a real bridge
 * and veths, machined as PID 1 of each node; and nothing left on the host afterwards, even when create was killed.
 */
@Tag("e2e")
class LocalClusterTest {

    @TempDir
    Path home;

    private String cluster;

    /** A failed test still removes what its cluster made, so that it cannot disturb the next run. */
    @AfterEach
    void destroyLeftovers() throws Exception {
        if (cluster != null && Files.exists(home.resolve("clusters").resolve(cluster).resolve(ClusterState.FILE))) {
            Child destroy = Spawner.spawn(cli("cluster", "destroy", "--name", cluster));
            destroy.output().readAllBytes();
            destroy.exit().get(2, TimeUnit.MINUTES);
        }
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void create_runsNodesInTheirOwnNamespaces_andDestroyLeavesNothing() throws Exception {
        String name = "e2e" + (ProcessHandle.current().pid() % 10000);
        cluster = name;
        assertThat(anvilctl("cluster", "create", "--name", name, "--controlplanes", "2",
                "--skip-injecting-config", "--cidr", "10.213.9.0/24"))
                .contains("cluster " + name + " is up: 2 node(s)");
        ClusterState state = ClusterState.load(home.resolve("clusters").resolve(name));
        assertThat(anvilctl("cluster", "show", "--name", name)).contains(name + "-controlplane-2").contains("running");

        for (ClusterState.Node node : state.nodes()) {
            long nodePid = Long.parseLong(Files.readString(
                    Path.of("/proc/" + node.launcherPid() + "/task/" + node.launcherPid() + "/children")).strip());
            assertThat(Files.readAllLines(Path.of("/proc/" + nodePid + "/status")))
                    .anySatisfy(l -> assertThat(l).matches("NSpid:\\s+" + nodePid + "\\s+1"));
            assertThat(Files.readString(Path.of("/proc/" + nodePid + "/cmdline"))).contains("dev.anvil.machined.Main");
            assertThat(LocalNodes.inNamespace(nodePid, "uts", Namespaces.CLONE_NEWUTS, Hostname::get))
                    .isEqualTo(node.name());
            InetAddress address = InetAddress.getByName(node.address().split("/")[0]);
            List<Address> addresses = LocalNodes.inNamespace(nodePid, "net", Namespaces.CLONE_NEWNET, () -> {
                try (RtNetlink rt = RtNetlink.open()) {
                    return rt.addresses();
                }
            });
            assertThat(addresses).extracting(Address::address).contains(address);
            assertReachableFromTheHost(nodePid, address);
            assertMaintenanceApi(node, address);
        }

        assertThat(anvilctl("cluster", "destroy", "--name", name)).contains("cluster " + name + " destroyed");
        LocalNodes.assertNothingLeft(home, name, state);
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void destroy_afterCreateWasKilledHalfWay_stillCleansUp() throws Exception {
        String name = "kil" + (ProcessHandle.current().pid() % 10000);
        cluster = name;
        Path stateFile = home.resolve("clusters").resolve(name).resolve(ClusterState.FILE);
        Child create = Spawner.spawn(cli("cluster", "create", "--name", name, "--controlplanes", "3", "--cidr",
                "10.213.10.0/24"));
        await().atMost(60, TimeUnit.SECONDS).until(() -> Files.exists(stateFile)
                && ClusterState.load(stateFile.getParent()).nodes().get(1).launcherPid() > 0);
        create.signal(Child.SIGKILL);
        create.exit().get(10, TimeUnit.SECONDS);
        ClusterState state = ClusterState.load(stateFile.getParent());

        assertThat(anvilctl("cluster", "destroy", "--name", name)).contains("cluster " + name + " destroyed");
        LocalNodes.assertNothingLeft(home, name, state);
    }

    /**
     * Without a config the node serves its API in maintenance mode: TLS with a one-off certificate (the one whose
     * fingerprint it logged), no client certificate, and every caller a reader.
     */
    private static void assertMaintenanceApi(ClusterState.Node node, InetAddress address) throws Exception {
        String log = Files.readString(node.dir().resolve("machined.log"));
        assertThat(log).contains("maintenance API listening on :50000");
        ManagedChannel channel = NettyChannelBuilder.forAddress(new InetSocketAddress(address, 50000))
                .sslContext(GrpcSslContexts.forClient().trustManager(InsecureTrustManagerFactory.INSTANCE).build())
                .build();
        try {
            var version = MachineServiceGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS)
                    .version(Empty.getDefaultInstance());
            assertThat(version.getMessages(0).getMetadata().getHostname()).isEqualTo(node.name());
            assertThat(version.getMessages(0).getPlatform().getMode()).isEqualTo("container");
            var state = StateGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS);
            assertThat(state.get(GetRequest.newBuilder().setNamespace("runtime")
                    .setType("MachineStatuses.runtime.talos.dev").setId("machine").build()).getResource()
                    .getSpec().getYamlSpec()).contains("stage: maintenance");
            assertThatThrownBy(() -> state.destroy(DestroyRequest.newBuilder().setNamespace("runtime")
                    .setType("MachineStatuses.runtime.talos.dev").setId("machine").build()))
                    .isInstanceOfSatisfying(StatusRuntimeException.class,
                            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED));
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    /** A listener inside the node's network namespace, reached over the bridge from the host. */
    private static void assertReachableFromTheHost(long nodePid, InetAddress address) throws Exception {
        ServerSocket listener = LocalNodes.inNamespace(nodePid, "net", Namespaces.CLONE_NEWNET,
                () -> new ServerSocket(0, 1, address));
        try (listener) {
            CompletableFuture<String> received = CompletableFuture.supplyAsync(() -> {
                try (Socket s = listener.accept()) {
                    return new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            try (Socket client = new Socket()) {
                client.connect(new InetSocketAddress(address, listener.getLocalPort()), 5000);
                client.getOutputStream().write("hello node".getBytes(StandardCharsets.UTF_8));
            }
            assertThat(received.get(5, TimeUnit.SECONDS)).isEqualTo("hello node");
        }
    }

    private ProcessSpec cli(String... args) {
        return LocalNodes.anvilctlSpec(home, args);
    }

    private String anvilctl(String... args) throws Exception {
        return LocalNodes.anvilctl(home, args);
    }
}
