package dev.anvil.machined.server;

import com.google.protobuf.Duration;
import dev.anvil.api.machine.GenerateClientConfigurationRequest;
import dev.anvil.api.machine.MachineServiceGrpc;
import dev.anvil.api.machine.RebootRequest;
import dev.anvil.api.machine.ResetPartitionSpec;
import dev.anvil.api.machine.ResetRequest;
import dev.anvil.machined.config.ConfigApplier;
import dev.anvil.machined.lifecycle.Lifecycle;
import dev.anvil.machined.lifecycle.RecordingTerminal;
import dev.anvil.machined.sequencer.Sequencer;
import dev.anvil.machinery.client.ClientConfigFile;
import dev.anvil.machinery.pki.CertificateAuthority;
import dev.anvil.machinery.pki.DistinguishedName;
import dev.anvil.machinery.pki.KeyType;
import dev.anvil.machinery.pki.Names;
import dev.anvil.machinery.pki.PemCodec;
import dev.anvil.machinery.version.BuildInfo;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Reboot, Reset and GenerateClientConfiguration over real gRPC, with the lifecycle's end recorded. */
class NodeControlTest {
    private static final CertificateAuthority OS_CA = CertificateAuthority.create(new DistinguishedName(null,
            java.util.List.of("talos")), KeyType.ECDSA_P256, Instant.now().minus(1, ChronoUnit.HOURS),
            Instant.now().plus(1, ChronoUnit.DAYS), new SecureRandom()).authority();

    private final ServedMachine base = new ServedMachine();
    private final RecordingTerminal terminal = new RecordingTerminal();
    private final CompletableFuture<String> ended = terminal.ended;
    private ServedState served;
    private MachineServer server;

    @TempDir
    Path dir;

    @AfterEach
    void stop() {
        if (served != null) {
            served.close();
            server.close();
        }
        base.close();
    }

    private MachineServiceGrpc.MachineServiceBlockingStub serve(ClientCredentials clients) {
        var lifecycle = new Lifecycle(new Sequencer(base.events), base.supervisor, () -> { }, terminal,
                dir.resolve("state"), dir.resolve("var"));
        ConfigApplier refuse = request -> {
            throw new ConfigApplier.Refused("no", false);
        };
        server = new MachineServer(base.supervisor, base.history, base.events, base.state, Platform.CONTAINER,
                BuildInfo.load(), new MachineServer.Control(refuse, lifecycle, clients));
        served = ServedState.serve(server);
        return MachineServiceGrpc.newBlockingStub(served.channel());
    }

    @Test
    void reboot_answersWithAnActorId_thenReboots() throws Exception {
        var reply = serve(ClientCredentials.none()).reboot(RebootRequest.getDefaultInstance()).getMessages(0);
        assertThat(reply.getActorId()).hasSize(36);
        assertThat(ended.get(20, TimeUnit.SECONDS)).isEqualTo("reboot");
    }

    @Test
    void reset_ofUserDisks_orAnUnknownPartition_isInvalid_andNothingHappens() {
        var stub = serve(ClientCredentials.none());
        assertCode(() -> stub.reset(ResetRequest.newBuilder().addUserDisksToWipe("/dev/sdb").build()),
                Status.Code.INVALID_ARGUMENT);
        assertCode(() -> stub.reset(ResetRequest.newBuilder().addSystemPartitionsToWipe(ResetPartitionSpec
                .newBuilder().setLabel("BOOT").setWipe(true)).build()), Status.Code.INVALID_ARGUMENT);
        assertThat(ended).isNotDone();
    }

    @Test
    void generateClientConfiguration_issuesACertificateWithTheRoles_fromTheOsCa() throws Exception {
        var reply = serve(new ClientCredentials(OS_CA, "prod")).generateClientConfiguration(
                GenerateClientConfigurationRequest.newBuilder().addRoles("os:reader")
                        .setCrtTtl(Duration.newBuilder().setSeconds(3600)).build()).getMessages(0);
        X509Certificate crt = PemCodec.parseCertificate(reply.getCrt().toStringUtf8());
        crt.verify(OS_CA.certificate().getPublicKey());
        assertThat(Names.organizations(crt.getSubjectX500Principal())).containsExactly("os:reader");
        assertThat(crt.getNotAfter().toInstant()).isBefore(Instant.now().plusSeconds(3700));
        assertThat(PemCodec.parseCertificate(reply.getCa().toStringUtf8())).isEqualTo(OS_CA.certificate());
        PemCodec.parsePrivateKey(reply.getKey().toStringUtf8());
        var config = ClientConfigFile.parse(reply.getTalosconfig().toStringUtf8());
        assertThat(config.context()).isEqualTo("reader@prod");
        assertThat(config.current().certificate()).isEqualTo(crt);
    }

    @Test
    void generateClientConfiguration_withBadInput_orWithoutTheCaKey_saysWhy() {
        var withCa = serve(new ClientCredentials(OS_CA, "prod"));
        assertCode(() -> withCa.generateClientConfiguration(GenerateClientConfigurationRequest.newBuilder()
                .addRoles("os:admin").build()), Status.Code.INVALID_ARGUMENT);
        assertCode(() -> withCa.generateClientConfiguration(GenerateClientConfigurationRequest.newBuilder()
                .addRoles("os:root").setCrtTtl(Duration.newBuilder().setSeconds(60)).build()),
                Status.Code.INVALID_ARGUMENT);
        served.close();
        server.close();
        var worker = serve(ClientCredentials.none());
        assertCode(() -> worker.generateClientConfiguration(GenerateClientConfigurationRequest.newBuilder()
                .addRoles("os:admin").setCrtTtl(Duration.newBuilder().setSeconds(60)).build()),
                Status.Code.FAILED_PRECONDITION);
    }

    private static void assertCode(Runnable call, Status.Code code) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(StatusRuntimeException.class,
                e -> assertThat(e.getStatus().getCode()).isEqualTo(code));
    }
}
