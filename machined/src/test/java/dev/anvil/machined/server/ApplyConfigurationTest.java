package dev.anvil.machined.server;

import com.google.protobuf.ByteString;
import dev.anvil.api.cosi.resource.GetRequest;
import dev.anvil.api.cosi.resource.StateGrpc;
import dev.anvil.api.machine.ApplyConfigurationRequest;
import dev.anvil.api.machine.MachineServiceGrpc;
import dev.anvil.cosi.resource.Resource;
import dev.anvil.machined.config.ConfigPublisher;
import dev.anvil.machined.config.ModeApplier;
import dev.anvil.machined.config.PersistedConfig;
import dev.anvil.machined.resources.Definitions;
import dev.anvil.machined.server.auth.CallerRoles;
import dev.anvil.machinery.config.ConfigLoader;
import dev.anvil.machinery.config.patch.ConfigPatcher;
import dev.anvil.machinery.config.validate.ValidationMode;
import dev.anvil.machinery.proto.ResourceMessages;
import dev.anvil.machinery.resources.ResourceTypes;
import dev.anvil.machinery.resources.runtime.MachineConfig;
import dev.anvil.machinery.resources.runtime.RuntimeResources;
import dev.anvil.machinery.version.BuildInfo;
import io.grpc.Channel;
import io.grpc.ClientInterceptors;
import io.grpc.Metadata;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** ApplyConfiguration on a configured node over gRPC, and the MachineConfig resource as the State API serves it. */
class ApplyConfigurationTest {
    private static final ResourceTypes TYPES = RuntimeResources.register(ResourceTypes.meta());

    private final ServedMachine base = new ServedMachine();
    private String worker;
    private ModeApplier applier;
    private ServedState machine;
    private ServedState stateApi;

    @TempDir
    Path dir;

    @BeforeEach
    void serve() throws IOException {
        worker = new String(getClass().getResourceAsStream("/worker.yaml").readAllBytes(), StandardCharsets.UTF_8);
        Definitions.publish(base.state, TYPES);
        PersistedConfig persisted = new PersistedConfig(dir.resolve("config.yaml"), ValidationMode.CONTAINER);
        ConfigPublisher publisher = new ConfigPublisher(base.state);
        publisher.activate(worker, ConfigLoader.load(worker, false).config());
        applier = new ModeApplier(persisted, publisher, ValidationMode.CONTAINER, () -> "actor");
        MachineServer server = new MachineServer(base.supervisor, base.history, base.events, base.state,
                Platform.CONTAINER, BuildInfo.load(), new MachineServer.Control(applier, null,
                ClientCredentials.none()));
        machine = ServedState.serve(() -> ServerInterceptors.intercept(server, CallerRoles.fromMetadata()));
        stateApi = ServedState.serve(() -> ServerInterceptors.intercept(StateServer.forApi(base.state, TYPES),
                CallerRoles.fromMetadata()));
    }

    @AfterEach
    void stop() {
        machine.close();
        stateApi.close();
        applier.close();
        base.close();
    }

    private static Channel as(ServedState served, String role) {
        Metadata headers = new Metadata();
        headers.put(CallerRoles.TALOS_ROLE, role);
        return ClientInterceptors.intercept(served.channel(), MetadataUtils.newAttachHeadersInterceptor(headers));
    }

    private static ApplyConfigurationRequest request(String config, ApplyConfigurationRequest.Mode mode) {
        return ApplyConfigurationRequest.newBuilder().setData(ByteString.copyFromUtf8(config)).setMode(mode).build();
    }

    private Status refused(String role, ApplyConfigurationRequest request) {
        return catchThrowableOfType(StatusRuntimeException.class,
                () -> MachineServiceGrpc.newBlockingStub(as(machine, role)).applyConfiguration(request)).getStatus();
    }

    private String patched(String patch) {
        return ConfigPatcher.apply(worker, List.of(patch)).yaml();
    }

    @Test
    void configuredNode_takesConfigsFromAdminsOnly() {
        Status status = refused("os:reader", request(worker, ApplyConfigurationRequest.Mode.AUTO));
        assertThat(status.getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
        assertThat(status.getDescription()).startsWith("not authorized");
    }

    @Test
    void refusals_carryTheirReasonAndCode() {
        Status invalid = refused("os:admin", request(worker.replace("type: worker", "type: boss"),
                ApplyConfigurationRequest.Mode.NO_REBOOT));
        assertThat(invalid.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(invalid.getDescription()).contains("machine.type");
        Status needsReboot = refused("os:admin", request(patched("machine:\n  env:\n    A: b\n"),
                ApplyConfigurationRequest.Mode.NO_REBOOT));
        assertThat(needsReboot.getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
        assertThat(needsReboot.getDescription()).contains("v1alpha1: machine.env.A changed");
    }

    @Test
    void liveChange_repliesAsTalos_andTheStateServesTheNewConfig() {
        String renamed = patched("machine:\n  network:\n    hostname: renamed\n");
        var reply = MachineServiceGrpc.newBlockingStub(as(machine, "os:admin"))
                .applyConfiguration(request(renamed, ApplyConfigurationRequest.Mode.AUTO)).getMessages(0);
        assertThat(reply.getMode()).isEqualTo(ApplyConfigurationRequest.Mode.NO_REBOOT);
        assertThat(reply.getModeDetails()).startsWith("Applied configuration without a reboot\nChanged fields:");
        assertThat(reply.getMetadata().getHostname()).isNotEmpty();

        var wire = StateGrpc.newBlockingStub(as(stateApi, "os:admin")).get(GetRequest.newBuilder()
                .setNamespace(MachineConfig.NAMESPACE).setType(MachineConfig.TYPE).setId("v1alpha1").build())
                .getResource();
        assertThat(wire.getMetadata().getAnnotationsMap()).containsEntry(MachineConfig.YAML_SPEC, "1");
        assertThat(wire.getSpec().getYamlSpec()).startsWith("|").contains("hostname: renamed");
        Resource<?> raw = ResourceMessages.fromProto(wire, ResourceTypes.none());
        assertThat(MachineConfig.documents(raw)).isEqualTo(renamed);
        assertThat(ResourceMessages.fromProto(wire, TYPES).spec()).isEqualTo(new MachineConfig(renamed));
    }
}
