package dev.anvil.machined.server;

import com.google.protobuf.ByteString;
import com.google.protobuf.Empty;
import dev.anvil.api.cosi.resource.GetRequest;
import dev.anvil.api.cosi.resource.StateGrpc;
import dev.anvil.api.machine.ApplyConfigurationRequest;
import dev.anvil.api.machine.ListRequest;
import dev.anvil.api.machine.MachineServiceGrpc;
import dev.anvil.cosi.resource.Resource;
import dev.anvil.machinery.resources.runtime.MachineConfig;
import dev.anvil.machinery.resources.runtime.MachineStatus;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Requests the node must refuse: each gets a status that says what is wrong, the node keeps serving (a Version call
 * after each test), and nothing changes (no state write, no config stored, no reboot begun).
 */
class BadRequestsTest {
    /** Not a protobuf message: field 1, length-delimited, with a length far beyond the bytes that follow. */
    private static final byte[] GARBAGE = {0x0A, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x0F, 0x01};

    @TempDir
    Path dir;
    private ServedApi api;
    private ManagedChannel admin;

    @BeforeEach
    void serve() throws IOException {
        api = new ServedApi(dir);
        admin = api.client("os:admin");
    }

    @AfterEach
    void stillServing_andNothingChanged() throws Exception {
        try {
            assertThat(machine(admin).version(Empty.getDefaultInstance()).getMessages(0).getVersion().getTag())
                    .isNotEmpty();
            assertThat(api.state.writes).as("state writes").hasValue(0);
            assertThat(api.persistedConfig).doesNotExist();
            assertThat(api.bootedOnAppliedConfig).hasValue(0);
            assertThat(api.terminal.ended).isNotDone();
            assertThat(api.apiClosed).hasValue(0);
        } finally {
            api.close();
        }
    }

    @Test
    void anOversizedRequest_isResourceExhausted() {
        ByteString huge = ByteString.copyFrom(new byte[64 * 1024 * 1024]);

        assertRefused(() -> machine(admin).applyConfiguration(ApplyConfigurationRequest.newBuilder().setData(huge)
                .build()), Status.Code.RESOURCE_EXHAUSTED, String.valueOf(ApiServer.MAX_REQUEST_BYTES));
    }

    @Test
    void aRequestUpToTheLimit_reachesItsHandler() {
        String padding = "#".repeat(ApiServer.MAX_REQUEST_BYTES - 1024) + "\n";

        assertRefused(() -> machine(admin).applyConfiguration(ApplyConfigurationRequest.newBuilder()
                .setData(ByteString.copyFromUtf8(padding)).build()), Status.Code.INVALID_ARGUMENT, "larger than");
    }

    @Test
    void garbageInsteadOfARequestMessage_isInvalidArgument_namingTheMessageType() {
        Map<MethodDescriptor<?, ?>, String> types = Map.of(
                MachineServiceGrpc.getApplyConfigurationMethod(), "machine.ApplyConfigurationRequest",
                MachineServiceGrpc.getVersionMethod(), "google.protobuf.Empty",
                MachineServiceGrpc.getLogsMethod(), "machine.LogsRequest",
                StateGrpc.getGetMethod(), "cosi.resource.GetRequest");
        types.forEach((method, type) -> {
            MethodDescriptor<byte[], byte[]> raw = method.toBuilder(RawBytes.INSTANCE, RawBytes.INSTANCE).build();

            Status status = ServedApi.call(admin, raw, GARBAGE);

            assertThat(status.getCode()).as("%s: %s", method.getFullMethodName(), status)
                    .isEqualTo(Status.Code.INVALID_ARGUMENT);
            assertThat(status.getDescription()).startsWith("the request is not a valid " + type + " message: ");
        });
        assertThat(ServedApi.call(api.client("os:meta:writer"), MachineServiceGrpc.getVersionMethod().toBuilder(
                RawBytes.INSTANCE, RawBytes.INSTANCE).build(), GARBAGE).getCode())
                .as("refused first for its role").isEqualTo(Status.Code.PERMISSION_DENIED);
    }

    @Test
    void aResourceOfAnUnknownType_isRefused_namingTheType() {
        GetRequest get = GetRequest.newBuilder().setNamespace(MachineStatus.POINTER.namespace())
                .setType("Bogus.anvil.dev").setId("x").build();

        assertRefused(() -> StateGrpc.newBlockingStub(admin).get(get), Status.Code.PERMISSION_DENIED,
                "resource type \"Bogus.anvil.dev\" is not supported");
    }

    @Test
    void aListOutsideTheServedDirectories_isPermissionDenied() {
        ListRequest list = ListRequest.newBuilder().setRoot("/etc").build();

        assertRefused(() -> machine(admin).list(list).hasNext(), Status.Code.PERMISSION_DENIED,
                "\"/etc\" is outside the directories this node serves");
    }

    @Test
    void anInvalidConfig_isInvalidArgument_namingTheYamlPath() throws IOException {
        String worker = new String(getClass().getResourceAsStream("/worker.yaml").readAllBytes(),
                StandardCharsets.UTF_8);
        String bad = worker.replaceFirst("type: worker", "type: bogus");

        assertRefused(() -> apply(bad), Status.Code.INVALID_ARGUMENT, "v1alpha1: machine.type: unknown machine type");
        assertRefused(() -> apply("machine: [unclosed\n"), Status.Code.INVALID_ARGUMENT, "malformed YAML");
        assertRefused(() -> apply(""), Status.Code.INVALID_ARGUMENT, "config not found");
        assertRefused(() -> apply("apiVersion: v1alpha1\nkind: HostnameConfig\nauto: stable\n"),
                Status.Code.INVALID_ARGUMENT, "the v1alpha1 document");
    }

    @Test
    void aReader_cannotApplyAConfig_toAConfiguredNode() {
        api.unobserved.create(Resource.of(MachineConfig.ACTIVE, new MachineConfig("version: v1alpha1\n")));

        assertRefused(() -> machine(api.client("os:reader")).applyConfiguration(
                ApplyConfigurationRequest.getDefaultInstance()), Status.Code.PERMISSION_DENIED,
                "not authorized: a configured node takes configs from os:admin only");
    }

    private void apply(String config) {
        machine(admin).applyConfiguration(ApplyConfigurationRequest.newBuilder()
                .setData(ByteString.copyFromUtf8(config)).build());
    }

    private static MachineServiceGrpc.MachineServiceBlockingStub machine(ManagedChannel channel) {
        return MachineServiceGrpc.newBlockingStub(channel);
    }

    private static void assertRefused(ThrowingCallable call, Status.Code code, String inMessage) {
        assertThatThrownBy(call).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
            assertThat(e.getStatus().getCode()).as("%s", e.getStatus()).isEqualTo(code);
            assertThat(e.getStatus().getDescription()).contains(inMessage);
        });
    }

    /** Messages as the bytes they are on the wire. */
    private enum RawBytes implements MethodDescriptor.Marshaller<byte[]> {
        INSTANCE;

        @Override
        public InputStream stream(byte[] value) {
            return new ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
            try {
                return stream.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
