package dev.anvil.e2e.cluster;

import com.google.protobuf.Empty;
import dev.anvil.api.cosi.resource.GetRequest;
import dev.anvil.api.cosi.resource.StateGrpc;
import dev.anvil.api.inspect.ControllerDependencyEdge;
import dev.anvil.api.inspect.InspectServiceGrpc;
import dev.anvil.api.machine.BootstrapRequest;
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
import dev.anvil.sys.Hostname;
import dev.anvil.sys.Namespaces;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A configured node applies what container mode can apply, for real and inside its own namespaces: the config's
 * hostname (UTS) and a net.* sysctl (network), while a global sysctl is reported skipped; the statuses say so over
 * the API, MachineStatus becomes ready, and the controllers' dependency graph is served.
 */
@Tag("e2e")
class ConfiguredNodeControllersTest {
    private static final ResourceTypes TYPES = NetworkResources.register(RuntimeResources.register(
            ResourceTypes.none()));

    @TempDir
    Path home;

    private final String name = "ctl" + (ProcessHandle.current().pid() % 10000);

    @AfterEach
    void destroy() throws Exception {
        LocalNodes.destroyCluster(home, name);
    }

    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void configuredHostnameAndNetSysctl_areSetInTheNodesNamespaces_andReported() throws Exception {
        ClusterState.Node node = LocalNodes.createMaintenanceNode(home, name, "10.213.14.0/24");
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

        LocalNodes.applyInMaintenance(address, config);
        Path log = node.dir().resolve("machined.log");
        await().atMost(90, TimeUnit.SECONDS).until(() -> Files.readString(log).contains("machined: API listening"));
        // a control plane is ready once its etcd runs, as in Talos: this one creates the cluster's
        CertificateAuthority.Issued admin = secrets.clientCertificate(List.of("os:admin"), now, Duration.ofHours(1),
                random);
        ManagedChannel asAdmin = LocalNodes.channel(address, GrpcSslContexts.forClient()
                .trustManager(secrets.osAuthority().certificate())
                .keyManager(admin.keys().getPrivate(), admin.certificate()).build());
        try {
            MachineServiceGrpc.newBlockingStub(asAdmin).withDeadlineAfter(30, TimeUnit.SECONDS)
                    .bootstrap(BootstrapRequest.getDefaultInstance());
        } finally {
            asAdmin.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
        await().atMost(90, TimeUnit.SECONDS).until(() -> Files.readString(log)
                .contains("machined: machine is running and ready"));

        long nodePid = LocalNodes.nodePid(node.launcherPid());
        assertThat(LocalNodes.inNamespace(nodePid, "uts", Namespaces.CLONE_NEWUTS, Hostname::get))
                .isEqualTo("e2e-configured");
        assertThat(LocalNodes.inNamespace(nodePid, "uts", Namespaces.CLONE_NEWUTS,
                () -> Files.readString(Path.of("/proc/sys/kernel/domainname")).strip())).isEqualTo("example.org");
        assertThat(LocalNodes.inNamespace(nodePid, "net", Namespaces.CLONE_NEWNET,
                () -> Files.readString(Path.of("/proc/sys/net/ipv4/ip_forward")).strip())).isEqualTo("1");

        CertificateAuthority.Issued reader = secrets.clientCertificate(List.of("os:reader"), now, Duration.ofHours(1),
                random);
        ManagedChannel asReader = LocalNodes.channel(address, GrpcSslContexts.forClient()
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

}
