package dev.anvil.e2e.cluster;

import com.google.protobuf.ByteString;
import com.google.protobuf.Empty;
import dev.anvil.api.cosi.resource.GetRequest;
import dev.anvil.api.cosi.resource.StateGrpc;
import dev.anvil.api.inspect.ControllerDependencyEdge;
import dev.anvil.api.inspect.InspectServiceGrpc;
import dev.anvil.api.machine.ApplyConfigurationRequest;
import dev.anvil.api.machine.MachineServiceGrpc;
import dev.anvil.cosi.resource.Kind;
import dev.anvil.cosi.resource.Spec;
import dev.anvil.ctl.cluster.ClusterState;
import dev.anvil.machinery.config.patch.ConfigPatcher;
import dev.anvil.machinery.generate.ConfigGenerator;
import dev.anvil.machinery.generate.GenerateOptions;
import dev.anvil.machinery.pki.CertificateAuthority;
import dev.anvil.machinery.resources.ResourceTypes;
import dev.anvil.machinery.resources.network.HostnameStatus;
import dev.anvil.machinery.resources.network.NetworkResources;
import dev.anvil.machinery.resources.runtime.KernelParamStatus;
import dev.anvil.machinery.resources.runtime.MachineStatus;
import dev.anvil.machinery.resources.runtime.RuntimeResources;
import dev.anvil.machinery.secrets.SecretsBundle;
import dev.anvil.sys.Child;
import dev.anvil.sys.Hostname;
import dev.anvil.sys.Namespaces;
import dev.anvil.sys.ProcessSpec;
import dev.anvil.sys.Spawner;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A configured node applies what container mode can apply, for real and inside its own namespaces: the config's
 * hostname (UTS) and a net.* sysctl (network), while a global sysctl is reported skipped; the statuses say so over
 * the API, MachineStatus becomes ready, and the controllers' dependency graph is served.
 */
@Tag("e2e")
class ConfiguredNodeControllersTest {
    private static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();
    private static final ResourceTypes TYPES = NetworkResources.register(RuntimeResources.register(
            ResourceTypes.none()));

    @TempDir
    Path home;

    private final String name = "ctl" + (ProcessHandle.current().pid() % 10000);

    @AfterEach
    void destroy() throws Exception {
        if (Files.exists(home.resolve("clusters").resolve(name).resolve(ClusterState.FILE))) {
            run("cluster", "destroy", "--name", name);
        }
    }

    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void configuredHostnameAndNetSysctl_areSetInTheNodesNamespaces_andReported() throws Exception {
        run("cluster", "create", "--name", name, "--nodes", "1", "--cidr", "10.213.12.0/24");
        ClusterState.Node node = ClusterState.load(home.resolve("clusters").resolve(name)).nodes().getFirst();
        String address = node.address().split("/")[0];
        Instant now = Instant.now();
        SecureRandom random = new SecureRandom();
        SecretsBundle secrets = SecretsBundle.generate(now, random);
        String generated = ConfigGenerator.generate(secrets,
                GenerateOptions.defaults(name, "https://" + address + ":6443")).controlPlane();
        String config = ConfigPatcher.apply(generated, List.of("""
                machine:
                  network:
                    hostname: e2e-configured.example.org
                  sysctls:
                    net.ipv4.ip_forward: "1"
                    kernel.pid_max: "100000"
                """)).yaml();
        assertThat(config).as("the patched config").isNotNull();

        ManagedChannel maintenance = channel(address, GrpcSslContexts.forClient()
                .trustManager(InsecureTrustManagerFactory.INSTANCE).build());
        try {
            MachineServiceGrpc.newBlockingStub(maintenance).withDeadlineAfter(60, TimeUnit.SECONDS)
                    .applyConfiguration(ApplyConfigurationRequest.newBuilder()
                            .setData(ByteString.copyFrom(config, StandardCharsets.UTF_8))
                            .setMode(ApplyConfigurationRequest.Mode.AUTO).build());
        } finally {
            maintenance.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
        Path log = node.dir().resolve("machined.log");
        await().atMost(90, TimeUnit.SECONDS).until(() -> Files.readString(log)
                .contains("machined: machine is running and ready") && Files.readString(log)
                .contains("machined: API listening"));

        long nodePid = nodePid(node.launcherPid());
        assertThat(inNamespace(nodePid, "uts", Namespaces.CLONE_NEWUTS, Hostname::get)).isEqualTo("e2e-configured");
        assertThat(inNamespace(nodePid, "uts", Namespaces.CLONE_NEWUTS,
                () -> Files.readString(Path.of("/proc/sys/kernel/domainname")).strip())).isEqualTo("example.org");
        assertThat(inNamespace(nodePid, "net", Namespaces.CLONE_NEWNET,
                () -> Files.readString(Path.of("/proc/sys/net/ipv4/ip_forward")).strip())).isEqualTo("1");

        CertificateAuthority.Issued reader = secrets.clientCertificate(List.of("os:reader"), now, Duration.ofHours(1),
                random);
        ManagedChannel asReader = channel(address, GrpcSslContexts.forClient()
                .trustManager(secrets.osAuthority().certificate())
                .keyManager(reader.keys().getPrivate(), reader.certificate()).build());
        try {
            var state = StateGrpc.newBlockingStub(asReader).withDeadlineAfter(30, TimeUnit.SECONDS);
            assertThat(get(state, HostnameStatus.KIND, "hostname", HostnameStatus.class))
                    .isEqualTo(new HostnameStatus("e2e-configured", "example.org"));
            // the value before depends on the host (a new network namespace inherits IPv4 settings)
            assertThat(get(state, KernelParamStatus.KIND, "proc.sys.net.ipv4.ip_forward", KernelParamStatus.class))
                    .extracting(KernelParamStatus::current, KernelParamStatus::unsupported, KernelParamStatus::skipped)
                    .containsExactly("1", false, "");
            assertThat(get(state, KernelParamStatus.KIND, "proc.sys.kernel.pid_max", KernelParamStatus.class)
                    .skipped()).isEqualTo("skipped in container mode");
            MachineStatus status = get(state, MachineStatus.POINTER.kind(), MachineStatus.POINTER.id(),
                    MachineStatus.class);
            assertThat(status.stage()).isEqualTo(MachineStatus.Stage.RUNNING);
            assertThat(status.status().ready()).as("unmet: %s", status.status().unmetConditions()).isTrue();

            List<ControllerDependencyEdge> edges = InspectServiceGrpc.newBlockingStub(asReader)
                    .withDeadlineAfter(30, TimeUnit.SECONDS).controllerRuntimeDependencies(Empty.getDefaultInstance())
                    .getMessages(0).getEdgesList();
            assertThat(edges).extracting(ControllerDependencyEdge::getControllerName)
                    .contains("network.HostnameSpecController", "runtime.KernelParamSpecController",
                            "runtime.MachineStatusController", "HostnameMergeControllers.net.talos.dev");
        } finally {
            asReader.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    /** Gets a resource over the State API and decodes its protobuf spec as a client that knows the type. */
    private static <S extends Spec> S get(StateGrpc.StateBlockingStub state, Kind kind, String id, Class<S> type) {
        var resource = state.get(GetRequest.newBuilder().setNamespace(kind.namespace()).setType(kind.type())
                .setId(id).build()).getResource();
        return type.cast(TYPES.decode(kind.type(), resource.getSpec().getProtoSpec(),
                resource.getSpec().getYamlSpec()));
    }

    /** Runs {@code body} on a fresh platform thread that joined one namespace of the node; the thread then ends. */
    private static <T> T inNamespace(long pid, String ns, int type, Callable<T> body) throws Exception {
        AtomicReference<T> result = new AtomicReference<>();
        AtomicReference<Exception> failure = new AtomicReference<>();
        Thread thread = Thread.ofPlatform().name("in " + ns + " of " + pid).start(() -> {
            try {
                Namespaces.enter("/proc/" + pid + "/ns/" + ns, type);
                result.set(body.call());
            } catch (Exception e) {
                failure.set(e);
            }
        });
        thread.join();
        if (failure.get() != null) {
            throw failure.get();
        }
        return result.get();
    }

    /** The node's PID 1 on the host: the one child of the launcher's unshare. */
    private static long nodePid(long launcherPid) throws Exception {
        Path children = Path.of("/proc", Long.toString(launcherPid), "task", Long.toString(launcherPid), "children");
        return Long.parseLong(Files.readString(children).strip().split(" ")[0]);
    }

    private static ManagedChannel channel(String address, SslContext ssl) {
        return NettyChannelBuilder.forAddress(new InetSocketAddress(address, 50000)).sslContext(ssl)
                .overrideAuthority(address).build();
    }

    private String run(String... args) throws Exception {
        Child child = Spawner.spawn(new ProcessSpec(ROOT.resolve("bin/anvilctl").toString(), List.of(args),
                Map.of("ANVIL_HOME", home.toString(), "PATH", "/usr/sbin:/usr/bin:/sbin:/bin",
                        "JAVA_HOME", System.getProperty("java.home")), ProcessSpec.Output.CAPTURE, true));
        String output = new String(child.output().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(child.exit().get(2, TimeUnit.MINUTES).success()).as("anvilctl %s:%n%s", List.of(args), output)
                .isTrue();
        return output;
    }
}
