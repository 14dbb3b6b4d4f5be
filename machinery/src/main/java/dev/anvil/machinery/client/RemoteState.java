package dev.anvil.machinery.client;

import com.google.protobuf.ByteString;
import dev.anvil.api.cosi.resource.CreateOptions;
import dev.anvil.api.cosi.resource.CreateRequest;
import dev.anvil.api.cosi.resource.DestroyOptions;
import dev.anvil.api.cosi.resource.DestroyRequest;
import dev.anvil.api.cosi.resource.GetRequest;
import dev.anvil.api.cosi.resource.ListRequest;
import dev.anvil.api.cosi.resource.ListResponse;
import dev.anvil.api.cosi.resource.StateGrpc;
import dev.anvil.api.cosi.resource.TeardownAndDestroyOptions;
import dev.anvil.api.cosi.resource.TeardownAndDestroyRequest;
import dev.anvil.api.cosi.resource.TeardownOptions;
import dev.anvil.api.cosi.resource.TeardownRequest;
import dev.anvil.api.cosi.resource.UpdateRequest;
import dev.anvil.api.cosi.resource.WatchRequest;
import dev.anvil.cosi.resource.Kind;
import dev.anvil.cosi.resource.Pointer;
import dev.anvil.cosi.resource.Resource;
import dev.anvil.cosi.state.ListOptions;
import dev.anvil.cosi.state.State;
import dev.anvil.cosi.state.UpdateOptions;
import dev.anvil.cosi.state.Watch;
import dev.anvil.cosi.state.WatchKindOptions;
import dev.anvil.cosi.state.WatchOptions;
import dev.anvil.machinery.proto.QueryMessages;
import dev.anvil.machinery.proto.ResourceMessages;
import dev.anvil.machinery.proto.StateCall;
import dev.anvil.machinery.proto.StateStatus;
import dev.anvil.machinery.resources.ResourceTypes;
import io.grpc.Channel;
import io.grpc.ClientInterceptor;
import io.grpc.ClientInterceptors;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Supplier;

/**
 * A {@link State} on the other end of a gRPC channel ({@code cosi.resource.State}). Every call blocks its thread
 * (cheap on a virtual thread); state errors come back as the cosi exception family (see {@link StateStatus}).
 * Teardown and TeardownAndDestroy use their RPCs; a server without them (UNIMPLEMENTED) is remembered, and from then
 * on the helpers run here on top of the primitives. Watches are described in {@link RemoteWatch}.
 *
 * <p>The channel belongs to the caller, who shuts it down; this class keeps no resources of its own. Interceptors
 * given to the constructor apply to every call (a talosctl-style client names its target node this way).
 */
public final class RemoteState implements State {
    private final ManagedChannel channel;
    private final Channel calls;
    private final StateGrpc.StateBlockingStub stub;
    private final ResourceTypes types;
    private volatile boolean serverTearsDown = true;
    private volatile boolean serverTearsDownAndDestroys = true;

    public RemoteState(ManagedChannel channel, ResourceTypes types, ClientInterceptor... interceptors) {
        this.channel = channel;
        this.calls = ClientInterceptors.intercept(channel, interceptors);
        this.stub = StateGrpc.newBlockingStub(calls);
        this.types = types;
    }

    @Override
    public Resource<?> get(Pointer pointer) {
        var request = GetRequest.newBuilder().setNamespace(pointer.namespace()).setType(pointer.type())
                .setId(pointer.id()).build();
        return call(StateCall.GET, pointer,
                () -> ResourceMessages.fromProto(stub.get(request).getResource(), types));
    }

    @Override
    public List<Resource<?>> list(Kind kind, ListOptions options) {
        var wireOptions = dev.anvil.api.cosi.resource.ListOptions.newBuilder()
                .addAllLabelQuery(QueryMessages.toProto(options.labelQueries()));
        if (options.idQuery() != null) {
            wireOptions.setIdQuery(QueryMessages.toProto(options.idQuery()));
        }
        var request = ListRequest.newBuilder().setNamespace(kind.namespace()).setType(kind.type())
                .setOptions(wireOptions).build();
        return call(StateCall.LIST, kind.pointer(""), () -> {
            List<Resource<?>> resources = new ArrayList<>();
            Iterator<ListResponse> responses = stub.list(request);
            responses.forEachRemaining(r -> resources.add(ResourceMessages.fromProto(r.getResource(), types)));
            return resources;
        });
    }

    @Override
    public Resource<?> create(Resource<?> resource, String owner) {
        var request = CreateRequest.newBuilder().setResource(ResourceMessages.toProto(resource))
                .setOptions(CreateOptions.newBuilder().setOwner(owner)).build();
        return call(StateCall.CREATE, resource.pointer(),
                () -> ResourceMessages.fromProto(stub.create(request).getResource(), types));
    }

    @Override
    public Resource<?> update(Resource<?> resource, UpdateOptions options) {
        var wireOptions = dev.anvil.api.cosi.resource.UpdateOptions.newBuilder().setOwner(options.owner());
        if (options.expectedPhase() != null) {
            wireOptions.setExpectedPhase(options.expectedPhase().toString());
        }
        var request = UpdateRequest.newBuilder().setNewResource(ResourceMessages.toProto(resource))
                .setOptions(wireOptions).build();
        return call(StateCall.UPDATE, resource.pointer(),
                () -> ResourceMessages.fromProto(stub.update(request).getResource(), types));
    }

    @Override
    public void destroy(Pointer pointer, String owner) {
        var request = DestroyRequest.newBuilder().setNamespace(pointer.namespace()).setType(pointer.type())
                .setId(pointer.id()).setOptions(DestroyOptions.newBuilder().setOwner(owner)).build();
        call(StateCall.DESTROY, pointer, () -> stub.destroy(request));
    }

    @Override
    public boolean teardown(Pointer pointer, String owner) {
        if (serverTearsDown) {
            var request = TeardownRequest.newBuilder().setNamespace(pointer.namespace()).setType(pointer.type())
                    .setId(pointer.id()).setOptions(TeardownOptions.newBuilder().setOwner(owner)).build();
            try {
                return stub.teardown(request).getDestroyReady();
            } catch (StatusRuntimeException e) {
                if (e.getStatus().getCode() != Status.Code.UNIMPLEMENTED) {
                    throw StateStatus.fromStatus(e, StateCall.TEARDOWN, pointer);
                }
                serverTearsDown = false;
            }
        }
        return State.super.teardown(pointer, owner);
    }

    @Override
    public void teardownAndDestroy(Pointer pointer, String owner) throws InterruptedException {
        if (serverTearsDownAndDestroys) {
            var request = TeardownAndDestroyRequest.newBuilder().setNamespace(pointer.namespace())
                    .setType(pointer.type()).setId(pointer.id())
                    .setOptions(TeardownAndDestroyOptions.newBuilder().setOwner(owner)).build();
            try {
                stub.teardownAndDestroy(request);
                return;
            } catch (StatusRuntimeException e) {
                if (Thread.interrupted()) {
                    // the blocking stub cancels the call when its thread is interrupted
                    throw new InterruptedException("interrupted while tearing down " + pointer);
                }
                if (e.getStatus().getCode() != Status.Code.UNIMPLEMENTED) {
                    throw StateStatus.fromStatus(e, StateCall.TEARDOWN_AND_DESTROY, pointer);
                }
                serverTearsDownAndDestroys = false;
            }
        }
        State.super.teardownAndDestroy(pointer, owner);
    }

    @Override
    public Watch watch(Pointer pointer, WatchOptions options) {
        var wireOptions = dev.anvil.api.cosi.resource.WatchOptions.newBuilder().setTailEvents(options.tailEvents());
        if (options.startFromBookmark() != null) {
            wireOptions.setStartFromBookmark(ByteString.copyFrom(
                    options.startFromBookmark().toBytes()));
        }
        var request = WatchRequest.newBuilder().setNamespace(pointer.namespace()).setType(pointer.type())
                .setId(pointer.id()).setOptions(wireOptions).setApiVersion(RemoteWatch.API_VERSION).build();
        return RemoteWatch.open(channel, calls, request, pointer, types);
    }

    @Override
    public Watch watchKind(Kind kind, WatchKindOptions options) {
        // aggregated, so a bootstrap's contents and its Bootstrapped marker arrive as one batch, as Watch promises
        var wireOptions = dev.anvil.api.cosi.resource.WatchOptions.newBuilder()
                .setBootstrapContents(options.bootstrapContents())
                .setBootstrapBookmark(options.bootstrapBookmark())
                .setTailEvents(options.tailEvents())
                .addAllLabelQuery(QueryMessages.toProto(options.filter().labelQueries()))
                .setAggregated(true);
        if (options.filter().idQuery() != null) {
            wireOptions.setIdQuery(QueryMessages.toProto(options.filter().idQuery()));
        }
        if (options.startFromBookmark() != null) {
            wireOptions.setStartFromBookmark(ByteString.copyFrom(
                    options.startFromBookmark().toBytes()));
        }
        var request = WatchRequest.newBuilder().setNamespace(kind.namespace()).setType(kind.type())
                .setOptions(wireOptions).setApiVersion(RemoteWatch.API_VERSION).build();
        return RemoteWatch.open(channel, calls, request, kind.pointer(""), types);
    }

    private static <T> T call(StateCall call, Pointer pointer, Supplier<T> rpc) {
        try {
            return rpc.get();
        } catch (StatusRuntimeException e) {
            throw StateStatus.fromStatus(e, call, pointer);
        }
    }
}
