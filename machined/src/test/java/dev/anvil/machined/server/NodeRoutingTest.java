package dev.anvil.machined.server;

import com.google.protobuf.Empty;
import dev.anvil.api.common.Data;
import dev.anvil.api.cosi.resource.GetRequest;
import dev.anvil.api.cosi.resource.StateGrpc;
import dev.anvil.api.machine.Event;
import dev.anvil.api.machine.EventsRequest;
import dev.anvil.api.machine.LogsRequest;
import dev.anvil.api.machine.MachineServiceGrpc;
import dev.anvil.api.machine.ServiceInfo;
import dev.anvil.api.machine.ServiceList;
import dev.anvil.api.machine.ServiceStartRequest;
import dev.anvil.api.machine.ServiceStartResponse;
import dev.anvil.api.machine.Version;
import dev.anvil.api.machine.VersionResponse;
import dev.anvil.cosi.resource.Resource;
import dev.anvil.machined.services.ServiceState;
import dev.anvil.machinery.resources.runtime.MachineStatus;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.AbstractStub;
import io.grpc.stub.MetadataUtils;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Calls routed by their node/nodes metadata between three real API servers with mutual TLS, as Talos's apid routes
 * them: a fan-out merges (unary) or multiplexes (streams) the targets' replies, each named after its target, and
 * a failing target is a reply, not a failed call; a single target gets the call relayed as it is; the target
 * authorises a forwarded call with the caller's roles.
 */
@SuppressWarnings("deprecation")  // common.Metadata is deprecated in Talos's protos, yet it is what names a node
class NodeRoutingTest {
    private static final String N1 = "127.0.0.1";
    private static final String N2 = "127.0.0.2";
    private static final String N3 = "127.0.0.3";

    private ServedNodes cluster = ServedNodes.start(3, true);

    @AfterEach
    void stop() {
        cluster.close();
    }

    @Test
    void nodes_unaryReplies_oneMessagePerTarget_namedAsTheRequestNamedIt() {
        VersionResponse reply = machine(cluster.client(1, "os:admin"), "nodes", N1, N2, N3)
                .version(Empty.getDefaultInstance());

        assertThat(reply.getMessagesList()).extracting(v -> v.getMetadata().getHostname())
                .containsExactly(N1, N2, N3);
        assertThat(reply.getMessagesList()).allSatisfy(v -> {
            assertThat(v.getMetadata().getError()).isEmpty();
            assertThat(v.getVersion().getOs()).isEqualTo("linux");
        });
    }

    @Test
    void nodes_serviceList_eachMessageIsItsTargetsOwn() {
        for (int i = 1; i <= 3; i++) {
            cluster.node(i).register("only-on-" + i, "true");
        }

        List<ServiceList> messages = machine(cluster.client(2, "os:reader"), "nodes", N3, N1, N2)
                .serviceList(Empty.getDefaultInstance()).getMessagesList();

        assertThat(messages).extracting(m -> m.getMetadata().getHostname()).containsExactly(N3, N1, N2);
        assertThat(messages).allSatisfy(m -> {
            String host = m.getMetadata().getHostname();
            assertThat(m.getServicesList()).extracting(ServiceInfo::getId)
                    .containsExactly("only-on-" + host.substring(host.lastIndexOf('.') + 1));
        });
    }

    @Test
    void nodes_aTargetThatIsDown_isAnErrorMessage_andTheCallSucceeds() {
        List<Version> messages = machine(cluster.client(1, "os:admin"), "nodes", N2, ServedNodes.DOWN)
                .version(Empty.getDefaultInstance()).getMessagesList();

        assertThat(messages).hasSize(2);
        assertThat(messages.get(0).getMetadata().getHostname()).isEqualTo(N2);
        assertThat(messages.get(0).getMetadata().getError()).isEmpty();
        var down = messages.get(1);
        assertThat(down.getMetadata().getHostname()).isEqualTo(ServedNodes.DOWN);
        assertThat(down.getMetadata().getError()).startsWith("rpc error: code = Unavailable desc = ");
        assertThat(down.getMetadata().getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE.value());
        assertThat(down.hasVersion()).isFalse();
    }

    @Test
    void nodes_stream_carriesEachTargetsMessagesWithItsName_andOneErrorMessageOfAFailingTarget() {
        for (int i = 1; i <= 3; i++) {
            var node = cluster.node(i);
            node.register("greeter", "echo hello from " + node.address);
            node.supervisor.start("greeter");
        }
        await().atMost(5, TimeUnit.SECONDS).until(() -> cluster.nodes.stream()
                .allMatch(n -> n.supervisor.logs("greeter").tail(-1).contains("hello from " + n.address)));

        List<Data> messages = new ArrayList<>();
        machine(cluster.client(1, "os:reader"), "nodes", N1, N2, N3, ServedNodes.DOWN)
                .logs(LogsRequest.newBuilder().setId("greeter").setTailLines(-1).build())
                .forEachRemaining(messages::add);

        Map<String, List<Data>> byNode = messages.stream()
                .collect(Collectors.groupingBy(d -> d.getMetadata().getHostname()));
        assertThat(byNode).containsOnlyKeys(N1, N2, N3, ServedNodes.DOWN);
        for (String address : List.of(N1, N2, N3)) {
            assertThat(byNode.get(address)).allSatisfy(d -> assertThat(d.getMetadata().getError()).isEmpty());
            assertThat(byNode.get(address).stream().map(d -> d.getBytes().toStringUtf8())
                    .collect(Collectors.joining())).isEqualTo("hello from " + address + "\n");
        }
        assertThat(byNode.get(ServedNodes.DOWN)).singleElement().satisfies(d -> {
            assertThat(d.getMetadata().getError()).contains("Unavailable");
            assertThat(d.getBytes().isEmpty()).isTrue();
        });
    }

    @Test
    void node_relaysTheCallToThatNodeOnly_unchanged() {
        cluster.node(2).register("only-on-2", "true");
        ManagedChannel admin = cluster.client(1, "os:admin");

        List<ServiceList> messages = machine(admin, "node", N2).serviceList(Empty.getDefaultInstance())
                .getMessagesList();

        assertThat(messages).singleElement().satisfies(m -> {
            assertThat(m.getServicesList()).extracting(ServiceInfo::getId).containsExactly("only-on-2");
            assertThat(m.getMetadata().getHostname()).as("as the target itself says").isNotEqualTo(N2);
        });
        assertStatus(() -> machine(admin, "node", ServedNodes.DOWN).version(Empty.getDefaultInstance()),
                Status.Code.UNAVAILABLE, "");
        assertStatus(() -> machine(admin, "node", N2, N3).version(Empty.getDefaultInstance()),
                Status.Code.INVALID_ARGUMENT, "node metadata must be single-valued");
        assertStatus(() -> machine(admin, "node", N2 + ":50000").version(Empty.getDefaultInstance()),
                Status.Code.INVALID_ARGUMENT, "without a port");
    }

    @Test
    void stateService_goesToOneNodeWithNode_butNeverFansOut() {
        var status = new MachineStatus(MachineStatus.Stage.RUNNING, new MachineStatus.Status(true, List.of()));
        cluster.node(2).state.create(Resource.of(MachineStatus.POINTER, status), "test");
        ManagedChannel admin = cluster.client(1, "os:admin");
        GetRequest get = GetRequest.newBuilder().setNamespace(MachineStatus.POINTER.namespace())
                .setType(MachineStatus.POINTER.type()).setId(MachineStatus.POINTER.id()).build();

        assertThat(to(StateGrpc.newBlockingStub(admin), "node", N2).get(get).getResource().getMetadata().getId())
                .isEqualTo("machine");
        assertStatus(() -> StateGrpc.newBlockingStub(admin).get(get), Status.Code.NOT_FOUND, "");
        assertStatus(() -> to(StateGrpc.newBlockingStub(admin), "nodes", N2).get(get), Status.Code.INVALID_ARGUMENT,
                "one-2-many proxying is not supported for method /cosi.resource.State/Get");
    }

    @Test
    void aReadersForwardedCall_keepsReaderRights_onTheTarget() {
        var target = cluster.node(2);
        target.register("sleeper", "exec sleep 30 >/dev/null 2>&1");
        ServiceState before = target.supervisor.status("sleeper").state();
        ServiceStartRequest start = ServiceStartRequest.newBuilder().setId("sleeper").build();
        ManagedChannel reader = cluster.client(1, "os:reader");

        assertStatus(() -> machine(reader, "node", N2).serviceStart(start), Status.Code.PERMISSION_DENIED,
                "not authorized");
        ServiceStartResponse fannedOut = machine(reader, "nodes", N2).serviceStart(start);
        assertThat(fannedOut.getMessagesList()).singleElement().satisfies(m -> {
            assertThat(m.getMetadata().getHostname()).isEqualTo(N2);
            assertThat(m.getMetadata().getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED.value());
            assertThat(m.getMetadata().getError()).isEqualTo("rpc error: code = PermissionDenied desc = not authorized:"
                    + " /machine.MachineService/ServiceStart is for os:admin, os:operator; the caller has os:reader");
        });
        assertThat(target.supervisor.status("sleeper").state()).isEqualTo(before);

        assertThat(machine(cluster.client(1, "os:operator"), "node", N2).serviceStart(start).getMessages(0)
                .getResp()).isEqualTo("Service \"sleeper\" started");
        await().atMost(5, TimeUnit.SECONDS)
                .until(() -> target.supervisor.status("sleeper").state() == ServiceState.RUNNING);
    }

    @Test
    void aCallerWithoutACertificate_orWithoutRoles_cannotReachTheProxy() {
        assertStatus(() -> machine(cluster.client(1), "nodes", N2).version(Empty.getDefaultInstance()),
                Status.Code.UNAVAILABLE, "");
        assertStatus(() -> machine(cluster.client(1, "os:unknown"), "nodes", N2).version(Empty.getDefaultInstance()),
                Status.Code.PERMISSION_DENIED, "not authorized");
    }

    @Test
    void aNodeWithoutAClientCertificate_servesCallsForItself_andRefusesThoseForOthers() {
        cluster.close();
        cluster = ServedNodes.start(2, false);
        ManagedChannel admin = cluster.client(1, "os:admin");

        assertStatus(() -> machine(admin, "node", N2).version(Empty.getDefaultInstance()),
                Status.Code.FAILED_PRECONDITION, "cannot forward requests to 127.0.0.2");
        assertStatus(() -> machine(admin, "nodes", N1, N2).version(Empty.getDefaultInstance()),
                Status.Code.FAILED_PRECONDITION, "cannot forward requests to 127.0.0.2");
        assertThat(machine(admin, "node", N1).version(Empty.getDefaultInstance()).getMessagesCount()).isOne();
        assertThat(machine(admin, "node", "node-" + N1).version(Empty.getDefaultInstance()).getMessagesCount())
                .isOne();
        assertThat(machine(admin, "nodes", N1).version(Empty.getDefaultInstance()).getMessagesList())
                .extracting(v -> v.getMetadata().getHostname()).containsExactly(N1);
    }

    @Test
    void cancellingAFannedOutStream_endsItOnEveryTarget() throws Exception {
        Received<EventsRequest, Event> received = new Received<>();
        to(MachineServiceGrpc.newStub(cluster.client(1, "os:reader")), "nodes", N1, N2, N3)
                .events(EventsRequest.getDefaultInstance(), received);

        received.awaitCount(3);
        assertThat(received.messages).extracting(e -> e.getMetadata().getHostname())
                .containsExactlyInAnyOrder(N1, N2, N3);
        assertThat(cluster.nodes).allSatisfy(n -> assertThat(n.machine.streams()).isOne());
        received.cancel();

        assertThat(received.awaitEnd().getCode()).isEqualTo(Status.Code.CANCELLED);
        await().atMost(5, TimeUnit.SECONDS).until(() -> cluster.nodes.stream()
                .allMatch(n -> n.machine.streams() == 0));
    }

    @Test
    void theCallersDeadline_endsTheRelayedCallOnTheTarget() {
        var events = to(MachineServiceGrpc.newBlockingStub(cluster.client(1, "os:reader")), "node", N2)
                .withDeadlineAfter(Duration.ofMillis(500)).events(EventsRequest.getDefaultInstance());
        assertStatus(() -> events.forEachRemaining(e -> { }), Status.Code.DEADLINE_EXCEEDED, "");
        await().atMost(5, TimeUnit.SECONDS).until(() -> cluster.node(2).machine.streams() == 0);
    }

    private static MachineServiceGrpc.MachineServiceBlockingStub machine(ManagedChannel channel, String key,
            String... targets) {
        return to(MachineServiceGrpc.newBlockingStub(channel), key, targets).withDeadlineAfter(Duration.ofSeconds(20));
    }

    /** The stub with routing metadata: {@code key} ("node" or "nodes") once for each target. */
    private static <S extends AbstractStub<S>> S to(S stub, String key, String... targets) {
        Metadata headers = new Metadata();
        for (String target : targets) {
            headers.put(Metadata.Key.of(key, Metadata.ASCII_STRING_MARSHALLER), target);
        }
        return stub.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
    }

    private static void assertStatus(ThrowingCallable call, Status.Code code, String inMessage) {
        assertThatThrownBy(call).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
            assertThat(e.getStatus().getCode()).isEqualTo(code);
            assertThat(String.valueOf(e.getStatus().getDescription())).contains(inMessage);
        });
    }
}
