package dev.anvil.machined.server;

import dev.anvil.api.cosi.resource.EventType;
import dev.anvil.api.cosi.resource.StateGrpc;
import dev.anvil.api.cosi.resource.WatchOptions;
import dev.anvil.api.cosi.resource.WatchRequest;
import dev.anvil.api.cosi.resource.WatchResponse;
import dev.anvil.cosi.resource.Pointer;
import dev.anvil.cosi.resource.Resource;
import dev.anvil.cosi.state.UpdateOptions;
import dev.anvil.cosi.state.conformance.PathSpec;
import dev.anvil.cosi.state.inmem.HistoryOptions;
import dev.anvil.cosi.state.inmem.InMemoryState;
import dev.anvil.machinery.resources.ResourceTypes;
import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.Metadata;
import io.grpc.Status;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A client that stops reading does not make the server buffer its events without bound: gRPC flow control holds the
 * server's watch back, the state's history overruns it, and the watch ends with Errored, which only clients of API
 * version 1 are told about (specs/cosi.md 5.4).
 */
class SlowClientTest {
    private static final ResourceTypes TYPES = ResourceTypes.none().with(PathSpec.TYPE, PathSpec.class);
    private static final String BIG = "x".repeat(100_000);

    private final InMemoryState state = new InMemoryState(HistoryOptions.fixed(4, 1));
    private final ServedState served = ServedState.serve(state, TYPES);

    @AfterEach
    void stop() {
        served.close();
    }

    @ParameterizedTest(name = "api_version={0}")
    @ValueSource(ints = {0, 1})
    void overrunWatch_endsWithErrored_onlyForApiVersion1(int apiVersion) throws Exception {
        Resource<?> r = state.create(PathSpec.path("default", "big"));
        Recorder recorder = new Recorder();
        ClientCall<WatchRequest, WatchResponse> call = served.channel().newCall(StateGrpc.getWatchMethod(),
                CallOptions.DEFAULT);
        call.start(recorder, new Metadata());
        call.sendMessage(WatchRequest.newBuilder().setNamespace("default").setType(PathSpec.TYPE)
                .setOptions(WatchOptions.newBuilder().setAggregated(false)).setApiVersion(apiVersion).build());
        call.halfClose();
        call.request(1);
        assertThat(recorder.responses.poll(5, TimeUnit.SECONDS).getEventList()).as("the handshake").isEmpty();

        // about 200 kB an event (the resource and its old self): far more than the transport buffers unread
        Pointer p = r.pointer();
        for (int i = 0; i < 40; i++) {
            state.updateWithConflicts(p, x -> x.withMetadata(x.metadata().withLabel("big", BIG + x.metadata()
                    .version())), UpdateOptions.DEFAULT);
        }
        call.request(Integer.MAX_VALUE);
        Status end = recorder.closed.get(10, TimeUnit.SECONDS);

        assertThat(end.isOk()).as("%s", end).isTrue();
        List<EventType> types = new ArrayList<>();
        recorder.responses.forEach(response -> response.getEventList().forEach(e -> types.add(e.getEventType())));
        assertThat(types.size()).as("events before the overrun").isLessThan(40);
        if (apiVersion >= 1) {
            assertThat(types.getLast()).isEqualTo(EventType.ERRORED);
        } else {
            // possibly none at all: the watch may overrun before its sender first reads it
            assertThat(types).allMatch(t -> t == EventType.UPDATED);
        }
    }

    private static final class Recorder extends ClientCall.Listener<WatchResponse> {
        final LinkedBlockingQueue<WatchResponse> responses = new LinkedBlockingQueue<>();
        final CompletableFuture<Status> closed = new CompletableFuture<>();

        @Override
        public void onMessage(WatchResponse message) {
            responses.add(message);
        }

        @Override
        public void onClose(Status status, Metadata trailers) {
            closed.complete(status);
        }
    }
}
