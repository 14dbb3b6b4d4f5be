package dev.anvil.machined.server;

import com.google.protobuf.ByteString;
import dev.anvil.api.cosi.resource.CreateRequest;
import dev.anvil.api.cosi.resource.DestroyRequest;
import dev.anvil.api.cosi.resource.EventType;
import dev.anvil.api.cosi.resource.GetRequest;
import dev.anvil.api.cosi.resource.IDQuery;
import dev.anvil.api.cosi.resource.LabelQuery;
import dev.anvil.api.cosi.resource.LabelTerm;
import dev.anvil.api.cosi.resource.ListRequest;
import dev.anvil.api.cosi.resource.StateGrpc;
import dev.anvil.api.cosi.resource.UpdateOptions;
import dev.anvil.api.cosi.resource.UpdateRequest;
import dev.anvil.api.cosi.resource.WatchOptions;
import dev.anvil.api.cosi.resource.WatchRequest;
import dev.anvil.api.cosi.resource.WatchResponse;
import dev.anvil.cosi.resource.Phase;
import dev.anvil.cosi.resource.Pointer;
import dev.anvil.cosi.resource.Resource;
import dev.anvil.cosi.state.conformance.PathSpec;
import dev.anvil.cosi.state.inmem.InMemoryState;
import dev.anvil.machinery.proto.ResourceMessages;
import dev.anvil.machinery.resources.ResourceTypes;
import io.grpc.Context;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.Iterator;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What a client sees on the wire of cosi.resource.State (specs/cosi.md 2.2 and 5.4), through the generated stub. */
class StateServerWireTest {
    private static final ResourceTypes TYPES = ResourceTypes.none().with(PathSpec.TYPE, PathSpec.class);
    private static final String NS = "default";

    private final InMemoryState state = new InMemoryState();
    private final ServedState served = ServedState.serve(state, TYPES);
    private final StateGrpc.StateBlockingStub stub = StateGrpc.newBlockingStub(served.channel());
    private final Context.CancellableContext scope = Context.current().withCancellation();

    @AfterEach
    void stop() {
        scope.cancel(null);
        served.close();
    }

    @Test
    void watch_firstResponseIsEmpty_thenEvents() {
        Iterator<WatchResponse> responses = watch(kindWatch(WatchOptions.getDefaultInstance(), 1));
        assertThat(responses.next().getEventList()).isEmpty();
        create("a");
        assertThat(types(responses.next())).containsExactly(EventType.CREATED);
    }

    @Test
    void watch_apiVersion0_leavesOutBootstrapped() {
        create("a");
        WatchOptions bootstrap = WatchOptions.newBuilder().setBootstrapContents(true).build();
        Iterator<WatchResponse> old = watch(kindWatch(bootstrap, 0));
        assertThat(old.next().getEventList()).isEmpty();
        assertThat(types(old.next())).containsExactly(EventType.CREATED);
        create("b");
        assertThat(types(old.next())).as("no Bootstrapped before b's creation").containsExactly(EventType.CREATED);

        Iterator<WatchResponse> current = watch(kindWatch(bootstrap, 1));
        current.next();
        assertThat(types(current.next())).containsExactly(EventType.CREATED);
        assertThat(types(current.next())).containsExactly(EventType.CREATED);
        assertThat(types(current.next())).containsExactly(EventType.BOOTSTRAPPED);
    }

    @Test
    void watch_aggregated_sendsTheBootstrapAsOneResponse() {
        create("a");
        create("b");
        WatchOptions options = WatchOptions.newBuilder().setBootstrapContents(true).setAggregated(true).build();
        Iterator<WatchResponse> responses = watch(kindWatch(options, 1));
        responses.next();
        assertThat(types(responses.next()))
                .containsExactly(EventType.CREATED, EventType.CREATED, EventType.BOOTSTRAPPED);
    }

    @Test
    void watch_singleResource_withBootstrapOrLabels_isUnimplemented() {
        WatchRequest single = WatchRequest.newBuilder().setNamespace(NS).setType(PathSpec.TYPE).setId("a")
                .setApiVersion(1).build();
        assertStatus(() -> watch(single.toBuilder().setOptions(WatchOptions.newBuilder().setBootstrapContents(true))
                .build()).next(), Status.Code.UNIMPLEMENTED);
        assertStatus(() -> watch(single.toBuilder().setOptions(WatchOptions.newBuilder().addLabelQuery(
                LabelQuery.newBuilder().addTerms(LabelTerm.newBuilder().setKey("k")))).build()).next(),
                Status.Code.UNIMPLEMENTED);
    }

    @Test
    void labelTermWithoutValue_andBadRegexp_areInvalidArguments() {
        LabelQuery noValue = LabelQuery.newBuilder()
                .addTerms(LabelTerm.newBuilder().setKey("k").setOp(LabelTerm.Operation.EQUAL)).build();
        assertStatus(() -> watch(kindWatch(WatchOptions.newBuilder().addLabelQuery(noValue).build(), 1)).next(),
                Status.Code.INVALID_ARGUMENT);
        assertStatus(() -> stub.list(ListRequest.newBuilder().setNamespace(NS).setType(PathSpec.TYPE)
                .setOptions(dev.anvil.api.cosi.resource.ListOptions.newBuilder().addLabelQuery(noValue))
                .build()).next(), Status.Code.INVALID_ARGUMENT);
        IDQuery badRegexp = IDQuery.newBuilder().setRegexp("a(").build();
        assertStatus(() -> watch(kindWatch(WatchOptions.newBuilder().setIdQuery(badRegexp).build(), 1)).next(),
                Status.Code.INVALID_ARGUMENT);
    }

    @Test
    void watch_invalidBookmark_isFailedPrecondition() {
        WatchOptions tampered = WatchOptions.newBuilder()
                .setStartFromBookmark(ByteString.copyFrom(new byte[] {1, 2, 3})).build();
        assertStatus(() -> watch(kindWatch(tampered, 1)).next(), Status.Code.FAILED_PRECONDITION);
    }

    @Test
    void stateErrors_haveTheCosiStatusCodes() {
        Resource<?> a = create("a");
        assertStatus(() -> stub.get(GetRequest.newBuilder().setNamespace(NS).setType(PathSpec.TYPE).setId("x")
                .build()), Status.Code.NOT_FOUND);
        assertStatus(() -> create("a"), Status.Code.ALREADY_EXISTS);
        assertStatus(() -> update(a.withMetadata(a.metadata().withVersion(a.metadata().version().next())), "",
                "running"), Status.Code.FAILED_PRECONDITION);
        assertStatus(() -> update(a, "someone", "running"), Status.Code.PERMISSION_DENIED);
        assertStatus(() -> update(a, "", "tearingDown"), Status.Code.INVALID_ARGUMENT);
        state.addFinalizer(a.pointer(), "f");
        assertStatus(() -> stub.destroy(DestroyRequest.newBuilder().setNamespace(NS).setType(PathSpec.TYPE)
                .setId("a").build()), Status.Code.FAILED_PRECONDITION);
    }

    @Test
    void update_withoutExpectedPhase_acceptsAnyPhase() {
        create("a");
        state.teardown(pointer("a"));
        Resource<?> torn = state.get(pointer("a"));
        var request = UpdateRequest.newBuilder().setNewResource(ResourceMessages.toProto(torn))
                .setOptions(UpdateOptions.getDefaultInstance()).build();
        assertThat(stub.update(request).getResource().getMetadata().getVersion()).isEqualTo("3");
        assertThat(state.get(pointer("a")).metadata().phase()).isEqualTo(Phase.TEARING_DOWN);
    }

    private Iterator<WatchResponse> watch(WatchRequest request) {
        // the scope's cancellation ends every stream this test opened
        Context previous = scope.attach();
        try {
            return stub.watch(request);
        } finally {
            scope.detach(previous);
        }
    }

    private static WatchRequest kindWatch(WatchOptions options, int apiVersion) {
        return WatchRequest.newBuilder().setNamespace(NS).setType(PathSpec.TYPE).setOptions(options)
                .setApiVersion(apiVersion).build();
    }

    private static List<EventType> types(WatchResponse response) {
        return response.getEventList().stream().map(dev.anvil.api.cosi.resource.Event::getEventType).toList();
    }

    private Resource<?> create(String id) {
        var request = CreateRequest.newBuilder()
                .setResource(ResourceMessages.toProto(PathSpec.path(NS, id))).build();
        return ResourceMessages.fromProto(stub.create(request).getResource(), TYPES);
    }

    private void update(Resource<?> resource, String owner, String expectedPhase) {
        stub.update(UpdateRequest.newBuilder().setNewResource(ResourceMessages.toProto(resource))
                .setOptions(UpdateOptions.newBuilder().setOwner(owner).setExpectedPhase(expectedPhase)).build());
    }

    private static Pointer pointer(String id) {
        return new Pointer(NS, PathSpec.TYPE, id);
    }

    private static void assertStatus(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, Status.Code code) {
        assertThatThrownBy(call).isInstanceOfSatisfying(StatusRuntimeException.class,
                e -> assertThat(e.getStatus().getCode()).isEqualTo(code));
    }
}
