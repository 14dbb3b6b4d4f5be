package dev.anvil.machined.server;

import dev.anvil.api.cosi.resource.CreateRequest;
import dev.anvil.api.cosi.resource.DestroyRequest;
import dev.anvil.api.cosi.resource.GetRequest;
import dev.anvil.api.cosi.resource.ListRequest;
import dev.anvil.api.cosi.resource.StateGrpc;
import dev.anvil.api.cosi.resource.TeardownAndDestroyRequest;
import dev.anvil.api.cosi.resource.TeardownRequest;
import dev.anvil.api.cosi.resource.UpdateRequest;
import dev.anvil.api.cosi.resource.WatchOptions;
import dev.anvil.api.cosi.resource.WatchRequest;
import dev.anvil.cosi.resource.Resource;
import dev.anvil.cosi.resource.meta.ResourceDefinitionSpec;
import dev.anvil.cosi.state.NotFoundException;
import dev.anvil.cosi.state.inmem.InMemoryState;
import dev.anvil.machined.resources.Definitions;
import dev.anvil.machined.server.auth.CallerRoles;
import dev.anvil.machinery.client.RemoteState;
import dev.anvil.machinery.proto.ResourceMessages;
import dev.anvil.machinery.resources.ResourceTypes;
import dev.anvil.machinery.resources.runtime.MachineConfig;
import dev.anvil.machinery.resources.runtime.MachineStatus;
import dev.anvil.machinery.resources.runtime.RuntimeResources;
import dev.anvil.machinery.resources.runtime.ServiceResource;
import dev.anvil.machinery.role.Role;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The State API as the node serves it (StateServer.forApi): Talos's access policy for API clients. */
class StateServerAccessTest {
    private static final ResourceTypes TYPES = RuntimeResources.register(ResourceTypes.meta());
    private static final MachineStatus RUNNING = new MachineStatus(MachineStatus.Stage.RUNNING,
            new MachineStatus.Status(true, List.of()));

    private final InMemoryState state = new InMemoryState();
    private final ServedState reader = serve(Set.of(Role.READER));
    private final ServedState admin = serve(Set.of(Role.ADMIN));

    StateServerAccessTest() {
        Definitions.publish(state, TYPES);
        state.create(Resource.of(MachineStatus.POINTER, RUNNING), "machined");
        state.create(Resource.of(MachineConfig.ACTIVE, new MachineConfig("version: v1alpha1\n")), "machined");
    }

    @AfterEach
    void stop() {
        reader.close();
        admin.close();
    }

    @Test
    void reads_ofPublishedTypes_areServed() {
        RemoteState remote = reader.remote(TYPES);
        assertThat(remote.get(MachineStatus.POINTER).spec()).isEqualTo(RUNNING);
        List<Resource<?>> definitions = remote.list(ResourceDefinitionSpec.pointer("x").kind());
        assertThat(definitions).extracting(Resource::id).contains("resourcedefinitions.meta.cosi.dev",
                "namespaces.meta.cosi.dev", "machinestatuses.runtime.talos.dev", "services.v1alpha1.talos.dev");
    }

    @Test
    void sensitiveType_isReadByAdminsOnly() {
        assertThat(admin.remote(TYPES).get(MachineConfig.ACTIVE).spec())
                .isEqualTo(new MachineConfig("version: v1alpha1\n"));
        var refused = catchThrowableOfType(StatusRuntimeException.class,
                () -> reader.remote(TYPES).get(MachineConfig.ACTIVE));
        assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
        assertThat(refused.getStatus().getDescription())
                .isEqualTo("MachineConfigs.config.talos.dev is sensitive: only os:admin may read it");
        assertDenied(() -> stub(reader).list(ListRequest.newBuilder().setNamespace("config")
                .setType(MachineConfig.TYPE).build()).hasNext(), "is sensitive");
        assertDenied(() -> stub(reader).watch(WatchRequest.newBuilder().setNamespace("config")
                .setType(MachineConfig.TYPE).setOptions(WatchOptions.getDefaultInstance()).build()).hasNext(),
                "is sensitive");
    }

    @Test
    void unpublishedTypesAndNamespaces_areNotSupported() {
        assertDenied(() -> stub(admin).get(GetRequest.newBuilder().setNamespace("runtime")
                .setType("Nopes.runtime.talos.dev").setId("x").build()),
                "resource type \"Nopes.runtime.talos.dev\" is not supported");
        assertDenied(() -> stub(admin).get(GetRequest.newBuilder().setNamespace("nowhere")
                .setType(MachineStatus.TYPE).setId("machine").build()), "namespace \"nowhere\" is not supported");
    }

    @Test
    void writes_areRefused_andChangeNothing() {
        var resource = ResourceMessages.toProto(Resource.of(MachineStatus.POINTER, RUNNING));
        String refused = "write access is not allowed";
        assertDenied(() -> stub(admin).create(CreateRequest.newBuilder().setResource(resource).build()), refused);
        assertDenied(() -> stub(admin).update(UpdateRequest.newBuilder().setNewResource(resource).build()), refused);
        assertDenied(() -> stub(admin).destroy(DestroyRequest.newBuilder().setNamespace("runtime")
                .setType(MachineStatus.TYPE).setId("machine").build()), refused);
        assertDenied(() -> stub(admin).teardown(TeardownRequest.newBuilder().setNamespace("runtime")
                .setType(MachineStatus.TYPE).setId("machine").build()), refused);
        assertDenied(() -> stub(admin).teardownAndDestroy(TeardownAndDestroyRequest.newBuilder()
                .setNamespace("runtime").setType(MachineStatus.TYPE).setId("machine").build()), refused);
        assertDenied(() -> admin.remote(TYPES).destroy(ResourceDefinitionSpec.pointer(MachineStatus.TYPE), "meta"),
                refused);
        assertThat(state.get(MachineStatus.POINTER).metadata().version().toString()).isEqualTo("1");
        assertThat(state.get(MachineStatus.POINTER).metadata().phase().toString()).isEqualTo("running");
    }

    @Test
    void teardown_ofAMissingResource_isNotFound() {
        assertThatThrownBy(() -> admin.remote(TYPES).teardown(ServiceResource.pointer("nope"), "x"))
                .isInstanceOf(NotFoundException.class);
    }

    private static void assertDenied(ThrowingCallable call, String description) {
        var e = catchThrowableOfType(StatusRuntimeException.class, call);
        assertThat(e).as("refused").isNotNull();
        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
        assertThat(e.getStatus().getDescription()).contains(description);
    }

    private static StateGrpc.StateBlockingStub stub(ServedState served) {
        return StateGrpc.newBlockingStub(served.channel());
    }

    /** The API's service with the caller's roles fixed, as the authorization interceptor would have put them. */
    private ServedState serve(Set<Role> roles) {
        ServerInterceptor withRoles = new ServerInterceptor() {
            @Override
            public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                    ServerCallHandler<Q, R> next) {
                return Contexts.interceptCall(Context.current().withValue(CallerRoles.ROLES, roles),
                        call, headers, next);
            }
        };
        return ServedState.serve(() -> ServerInterceptors.intercept(StateServer.forApi(state, TYPES), withRoles));
    }
}
