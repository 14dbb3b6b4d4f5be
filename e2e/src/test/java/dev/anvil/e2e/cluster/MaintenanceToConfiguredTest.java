package dev.anvil.e2e.cluster;

import com.google.protobuf.Empty;
import dev.anvil.api.cosi.resource.GetRequest;
import dev.anvil.api.cosi.resource.StateGrpc;
import dev.anvil.api.machine.ApplyConfigurationRequest;
import dev.anvil.api.machine.MachineServiceGrpc;
import dev.anvil.ctl.cluster.ClusterState;
import dev.anvil.machinery.generate.ConfigGenerator;
import dev.anvil.machinery.generate.GenerateOptions;
import dev.anvil.machinery.pki.CertificateAuthority;
import dev.anvil.machinery.resources.runtime.MachineConfig;
import dev.anvil.machinery.secrets.SecretsBundle;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
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
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * A node from maintenance mode to configured, as a user does it: apply a generated config over the maintenance API
 * (no client certificate), then talk to the configured node with mutual TLS under the cluster's OS CA, where each
 * client certificate's roles decide what it may do.
 */
@Tag("e2e")
class MaintenanceToConfiguredTest {
    @TempDir
    Path home;

    private final String name = "cfg" + (ProcessHandle.current().pid() % 10000);

    @AfterEach
    void destroy() throws Exception {
        if (Files.exists(home.resolve("clusters").resolve(name).resolve(ClusterState.FILE))) {
            LocalNodes.anvilctl(home, "cluster", "destroy", "--name", name);
        }
    }

    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void applyInMaintenance_thenMutualTlsWithRoles() throws Exception {
        LocalNodes.anvilctl(home, "cluster", "create", "--name", name, "--skip-injecting-config", "--cidr",
                "10.213.11.0/24");
        ClusterState.Node node = ClusterState.load(home.resolve("clusters").resolve(name)).nodes().getFirst();
        String address = node.address().split("/")[0];
        Instant now = Instant.now();
        SecureRandom random = new SecureRandom();
        SecretsBundle secrets = SecretsBundle.generate(now, random);
        String config = ConfigGenerator.generate(secrets,
                GenerateOptions.defaults(name, "https://" + address + ":6443")).controlPlane();

        assertThat(LocalNodes.applyInMaintenance(address, config).getMessages(0).getModeDetails())
                .contains("boots with it");
        Path log = node.dir().resolve("machined.log");
        await().atMost(90, TimeUnit.SECONDS).until(() -> Files.readString(log).contains("machined: API listening"));
        assertThat(Files.readString(log)).contains("booting from the persisted config");

        CertificateAuthority.Issued admin = secrets.clientCertificate(List.of("os:admin"), now, Duration.ofHours(1),
                random);
        CertificateAuthority.Issued reader = secrets.clientCertificate(List.of("os:reader"), now, Duration.ofHours(1),
                random);
        GetRequest machineConfig = GetRequest.newBuilder().setNamespace(MachineConfig.NAMESPACE)
                .setType(MachineConfig.TYPE).setId("v1alpha1").build();

        ManagedChannel asAdmin = LocalNodes.channel(address, trusting(secrets).keyManager(admin.keys().getPrivate(),
                admin.certificate()).build());
        ManagedChannel asReader = LocalNodes.channel(address, trusting(secrets).keyManager(reader.keys().getPrivate(),
                reader.certificate()).build());
        ManagedChannel anonymous = LocalNodes.channel(address, trusting(secrets).build());
        try {
            assertThat(MachineServiceGrpc.newBlockingStub(asAdmin).version(Empty.getDefaultInstance())
                    .getMessages(0).getMetadata().getHostname()).isEqualTo(node.name());
            assertThat(StateGrpc.newBlockingStub(asAdmin).get(machineConfig).getResource().getSpec().getYamlSpec())
                    .contains("v1alpha1");
            assertThat(MachineServiceGrpc.newBlockingStub(asReader).version(Empty.getDefaultInstance())
                    .getMessagesCount()).isOne();
            assertDenied(() -> StateGrpc.newBlockingStub(asReader).get(machineConfig), Status.Code.PERMISSION_DENIED);
            // once configured, only admins may apply a config (readers could in maintenance mode)
            assertDenied(() -> MachineServiceGrpc.newBlockingStub(asReader).applyConfiguration(
                    ApplyConfigurationRequest.getDefaultInstance()), Status.Code.PERMISSION_DENIED);
            assertDenied(() -> MachineServiceGrpc.newBlockingStub(anonymous).version(Empty.getDefaultInstance()),
                    Status.Code.UNAVAILABLE);
        } finally {
            for (ManagedChannel c : List.of(asAdmin, asReader, anonymous)) {
                c.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }
        }
    }

    private static void assertDenied(Runnable call, Status.Code code) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(StatusRuntimeException.class,
                e -> assertThat(e.getStatus().getCode()).isEqualTo(code));
    }

    /** Verifies the node against the cluster's OS CA. */
    private static SslContextBuilder trusting(SecretsBundle secrets) {
        return GrpcSslContexts.forClient().trustManager(secrets.osAuthority().certificate());
    }
}
