package dev.anvil.machined.server;

import dev.anvil.api.cosi.resource.CreateRequest;
import dev.anvil.api.cosi.resource.CreateResponse;
import dev.anvil.api.cosi.resource.DestroyRequest;
import dev.anvil.api.cosi.resource.DestroyResponse;
import dev.anvil.api.cosi.resource.GetRequest;
import dev.anvil.api.cosi.resource.GetResponse;
import dev.anvil.api.cosi.resource.ListRequest;
import dev.anvil.api.cosi.resource.ListResponse;
import dev.anvil.api.cosi.resource.StateGrpc;
import dev.anvil.api.cosi.resource.TeardownAndDestroyRequest;
import dev.anvil.api.cosi.resource.TeardownAndDestroyResponse;
import dev.anvil.api.cosi.resource.TeardownRequest;
import dev.anvil.api.cosi.resource.TeardownResponse;
import dev.anvil.api.cosi.resource.UpdateRequest;
import dev.anvil.api.cosi.resource.UpdateResponse;
import dev.anvil.api.cosi.resource.WatchRequest;
import dev.anvil.api.cosi.resource.WatchResponse;
import dev.anvil.cosi.resource.Kind;
import dev.anvil.cosi.resource.Phase;
import dev.anvil.cosi.resource.Pointer;
import dev.anvil.cosi.resource.Resource;
import dev.anvil.cosi.state.Bookmark;
import dev.anvil.cosi.state.ListOptions;
import dev.anvil.cosi.state.State;
import dev.anvil.cosi.state.UpdateOptions;
import dev.anvil.cosi.state.Watch;
import dev.anvil.cosi.state.WatchKindOptions;
import dev.anvil.cosi.state.WatchOptions;
import dev.anvil.machined.server.StateAccess.Verb;
import dev.anvil.machined.server.auth.ResourceAccess;
import dev.anvil.machinery.proto.QueryMessages;
import dev.anvil.machinery.proto.ResourceMessages;
import dev.anvil.machinery.proto.StateCall;
import dev.anvil.machinery.proto.StateStatus;
import dev.anvil.machinery.resources.ResourceTypes;
import io.grpc.Context;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;

import java.util.function.Supplier;

/**
 * The {@code cosi.resource.State} service over a {@link State}, with the COSI runtime's wire behaviour
 * (specs/cosi.md 5.4): state errors become the status codes of {@link StateStatus}; a malformed request is
 * INVALID_ARGUMENT; a watch answers an empty response as soon as it is subscribed (setup errors come before it), and
 * then streams from a virtual thread of its own ({@link WatchSender}).
 *
 * <p>Every call first passes a {@link StateAccess}: the node's API ({@link #forApi}) refuses writes and unpublished
 * or sensitive types as Talos does; the plain constructor trusts its callers (tests, in-process users).
 *
 * <p>TeardownAndDestroy blocks its handler until the resource is gone, so serve this on an executor of virtual
 * threads; a client that gives up cancels the call, which interrupts the wait.
 */
public final class StateServer extends StateGrpc.StateImplBase {
    private final State state;
    private final ResourceTypes types;
    private final StateAccess access;

    /** A server that lets its callers do anything: tests and in-process users. */
    public StateServer(State state, ResourceTypes types) {
        this(state, types, StateAccess.TRUSTED);
    }

    public StateServer(State state, ResourceTypes types, StateAccess access) {
        this.state = state;
        this.types = types;
        this.access = access;
    }

    /** The node's API: reads of published types only, sensitive ones by os:admin only, and no writes. */
    public static StateServer forApi(State state, ResourceTypes types) {
        return new StateServer(state, types, new ResourceAccess(state));
    }

    @Override
    public void get(GetRequest request, StreamObserver<GetResponse> response) {
        unary(StateCall.GET, response, () -> {
            access.check(Verb.GET, request.getNamespace(), request.getType());
            Resource<?> r = state.get(new Pointer(request.getNamespace(), request.getType(), request.getId()));
            return GetResponse.newBuilder().setResource(ResourceMessages.toProto(r)).build();
        });
    }

    @Override
    public void list(ListRequest request, StreamObserver<ListResponse> response) {
        try {
            access.check(Verb.LIST, request.getNamespace(), request.getType());
            var options = request.getOptions();
            ListOptions filter = QueryMessages.fromProto(options.getLabelQueryList(), options.getIdQuery(),
                    options.hasIdQuery());
            for (Resource<?> r : state.list(new Kind(request.getNamespace(), request.getType()), filter)) {
                response.onNext(ListResponse.newBuilder().setResource(ResourceMessages.toProto(r)).build());
            }
            response.onCompleted();
        } catch (RuntimeException e) {
            response.onError(StateStatus.toStatus(e, StateCall.LIST));
        }
    }

    @Override
    public void create(CreateRequest request, StreamObserver<CreateResponse> response) {
        unary(StateCall.CREATE, response, () -> {
            var resource = request.getResource().getMetadata();
            access.check(Verb.CREATE, resource.getNamespace(), resource.getType());
            Resource<?> stored = state.create(ResourceMessages.fromProto(request.getResource(), types),
                    request.getOptions().getOwner());
            return CreateResponse.newBuilder().setResource(ResourceMessages.toProto(stored)).build();
        });
    }

    @Override
    public void update(UpdateRequest request, StreamObserver<UpdateResponse> response) {
        unary(StateCall.UPDATE, response, () -> {
            var resource = request.getNewResource().getMetadata();
            access.check(Verb.UPDATE, resource.getNamespace(), resource.getType());
            var options = request.getOptions();
            // a request without an expected phase accepts any: older clients did not send one
            UpdateOptions checks = new UpdateOptions(options.getOwner(),
                    options.hasExpectedPhase() ? Phase.parse(options.getExpectedPhase()) : null);
            Resource<?> stored = state.update(ResourceMessages.fromProto(request.getNewResource(), types), checks);
            return UpdateResponse.newBuilder().setResource(ResourceMessages.toProto(stored)).build();
        });
    }

    @Override
    public void destroy(DestroyRequest request, StreamObserver<DestroyResponse> response) {
        unary(StateCall.DESTROY, response, () -> {
            access.check(Verb.DESTROY, request.getNamespace(), request.getType());
            state.destroy(new Pointer(request.getNamespace(), request.getType(), request.getId()),
                    request.getOptions().getOwner());
            return DestroyResponse.getDefaultInstance();
        });
    }

    @Override
    public void teardown(TeardownRequest request, StreamObserver<TeardownResponse> response) {
        unary(StateCall.TEARDOWN, response, () -> {
            Pointer pointer = new Pointer(request.getNamespace(), request.getType(), request.getId());
            checkTeardown(pointer);
            boolean ready = state.teardown(pointer, request.getOptions().getOwner());
            return TeardownResponse.newBuilder().setDestroyReady(ready).build();
        });
    }

    @Override
    public void teardownAndDestroy(TeardownAndDestroyRequest request,
            StreamObserver<TeardownAndDestroyResponse> response) {
        Pointer pointer = new Pointer(request.getNamespace(), request.getType(), request.getId());
        Thread handler = Thread.currentThread();
        Context.CancellationListener interrupt = cancelled -> handler.interrupt();
        Context context = Context.current();
        context.addListener(interrupt, Runnable::run);
        try {
            checkTeardown(pointer);
            access.check(Verb.DESTROY, pointer.namespace(), pointer.type());
            state.teardownAndDestroy(pointer, request.getOptions().getOwner());
            response.onNext(TeardownAndDestroyResponse.getDefaultInstance());
            response.onCompleted();
        } catch (InterruptedException e) {
            response.onError(Status.CANCELLED.withDescription("tearing down " + pointer + " was cancelled")
                    .asRuntimeException());
        } catch (RuntimeException e) {
            response.onError(StateStatus.toStatus(e, StateCall.TEARDOWN_AND_DESTROY));
        } finally {
            context.removeListener(interrupt);
            Thread.interrupted();  // a cancellation that raced the end of the call must not reach the next task
        }
    }

    @Override
    public void watch(WatchRequest request, StreamObserver<WatchResponse> response) {
        var call = (ServerCallStreamObserver<WatchResponse>) response;
        Watch watch;
        try {
            watch = open(request);
        } catch (RuntimeException e) {
            response.onError(StateStatus.toStatus(e, StateCall.WATCH));
            return;
        }
        WatchSender sender = new WatchSender(call, watch, request.getApiVersion(),
                request.hasId() || !request.getOptions().getAggregated());
        call.onNext(WatchResponse.getDefaultInstance());
        sender.start(request.getType() + "(" + request.getNamespace() + ")");
    }

    /**
     * A teardown is a read, then an update unless the resource is tearing down already (the COSI runtime's teardown
     * over a filtered state): a missing resource is NOT_FOUND even where writes are refused.
     */
    private void checkTeardown(Pointer pointer) {
        access.check(Verb.GET, pointer.namespace(), pointer.type());
        if (state.get(pointer).metadata().phase() != Phase.TEARING_DOWN) {
            access.check(Verb.UPDATE, pointer.namespace(), pointer.type());
        }
    }

    private Watch open(WatchRequest request) {
        access.check(Verb.WATCH, request.getNamespace(), request.getType());
        var options = request.getOptions();
        Bookmark bookmark = options.hasStartFromBookmark()
                ? Bookmark.of(options.getStartFromBookmark().toByteArray()) : null;
        if (request.hasId()) {
            if (options.getBootstrapContents()) {
                throw Status.UNIMPLEMENTED.withDescription("bootstrap contents is not implemented for resource watch")
                        .asRuntimeException();
            }
            if (options.getLabelQueryCount() > 0) {
                throw Status.UNIMPLEMENTED.withDescription("label query is not implemented for resource watch")
                        .asRuntimeException();
            }
            return state.watch(new Pointer(request.getNamespace(), request.getType(), request.getId()),
                    new WatchOptions(options.getTailEvents(), bookmark));
        }
        ListOptions filter = QueryMessages.fromProto(options.getLabelQueryList(), options.getIdQuery(),
                options.hasIdQuery());
        return state.watchKind(new Kind(request.getNamespace(), request.getType()), new WatchKindOptions(
                options.getBootstrapContents(), options.getBootstrapBookmark(), options.getTailEvents(), bookmark,
                filter));
    }

    private static <T> void unary(StateCall call, StreamObserver<T> response, Supplier<T> handler) {
        T result;
        try {
            result = handler.get();
        } catch (RuntimeException e) {
            response.onError(StateStatus.toStatus(e, call));
            return;
        }
        response.onNext(result);
        response.onCompleted();
    }
}
