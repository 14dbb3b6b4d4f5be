package dev.anvil.machined.server;

import dev.anvil.api.cosi.resource.StateGrpc;
import dev.anvil.cosi.resource.Kind;
import dev.anvil.cosi.resource.Phase;
import dev.anvil.cosi.resource.Pointer;
import dev.anvil.cosi.resource.Resource;
import dev.anvil.cosi.state.Event;
import dev.anvil.cosi.state.EventType;
import dev.anvil.cosi.state.ListOptions;
import dev.anvil.cosi.state.NotFoundException;
import dev.anvil.cosi.state.State;
import dev.anvil.cosi.state.UpdateOptions;
import dev.anvil.cosi.state.Watch;
import dev.anvil.cosi.state.WatchKindOptions;
import dev.anvil.cosi.state.WatchOptions;
import dev.anvil.cosi.state.conformance.EventReader;
import dev.anvil.cosi.state.conformance.PathSpec;
import dev.anvil.cosi.state.inmem.InMemoryState;
import dev.anvil.machinery.client.RemoteState;
import dev.anvil.machinery.resources.RawSpec;
import dev.anvil.machinery.resources.ResourceTypes;
import io.grpc.ServerServiceDefinition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** RemoteState beyond the conformance suite: what only a remote state has to get right (specs/cosi.md 6.2 #80-81). */
class RemoteStateTest {
    private static final ResourceTypes TYPES = ResourceTypes.none().with(PathSpec.TYPE, PathSpec.class);
    private static final Kind PATHS = new Kind("default", PathSpec.TYPE);

    private final InMemoryState backing = new InMemoryState();
    private final List<ServedState> served = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        served.forEach(ServedState::close);
    }

    private ServedState serve(State state, ResourceTypes types) {
        ServedState s = ServedState.serve(state, types);
        served.add(s);
        return s;
    }

    @ParameterizedTest(name = "bootstrapContents={0}")
    @ValueSource(booleans = {true, false})
    void watch_resumesFromItsBookmark_afterTheServerRestarts(boolean bootstrapContents) {
        ServedState server = serve(backing, TYPES);
        RemoteState remote = server.remote(TYPES);
        WatchKindOptions options = WatchKindOptions.DEFAULT.withBootstrapContents(bootstrapContents)
                .withBootstrapBookmark(!bootstrapContents);
        try (EventReader watch = new EventReader(remote.watchKind(PATHS, options))) {
            assertThat(watch.next().type()).isEqualTo(bootstrapContents ? EventType.BOOTSTRAPPED : EventType.NOOP);

            server.stopServer();
            Pointer p = PATHS.pointer("var/run");
            backing.create(PathSpec.path(PATHS.namespace(), "var/run"));
            backing.addFinalizer(p, "A");
            backing.removeFinalizer(p, "A");
            backing.destroy(p);
            server.restartServer();

            List<Event> missed = watch.next(4);
            assertThat(missed).extracting(Event::type).containsExactly(
                    EventType.CREATED, EventType.UPDATED, EventType.UPDATED, EventType.DESTROYED);
            assertThat(missed.get(1).resource().metadata().finalizers()).containsExactly("A");
            assertThat(missed.get(2).resource().metadata().finalizers()).isEmpty();
            watch.assertNoEvent(Duration.ofMillis(300));

            backing.create(PathSpec.path(PATHS.namespace(), "after"));
            assertThat(watch.next().resource().id()).as("live again after resuming").isEqualTo("after");
        }
    }

    @Test
    void singleWatch_resumesFromTheBookmarkOfItsLastChange() {
        ServedState server = serve(backing, TYPES);
        Pointer p = PATHS.pointer("a");
        try (EventReader watch = new EventReader(server.remote(TYPES).watch(p, WatchOptions.DEFAULT))) {
            assertThat(watch.next().type()).as("absent at first").isEqualTo(EventType.DESTROYED);
            backing.create(PathSpec.path(PATHS.namespace(), "a"));
            assertThat(watch.next().type()).isEqualTo(EventType.CREATED);

            server.stopServer();
            backing.addFinalizer(p, "A");
            backing.create(PathSpec.path(PATHS.namespace(), "unrelated"));
            server.restartServer();

            Event missed = watch.next();
            assertThat(missed.type()).isEqualTo(EventType.UPDATED);
            assertThat(missed.resource().metadata().finalizers()).containsExactly("A");
            watch.assertNoEvent(Duration.ofMillis(300));
        }
    }

    @Test
    void watch_withNothingToResumeFrom_endsWithErrored_whenTheServerGoes() {
        ServedState server = serve(backing, TYPES);
        try (Watch watch = server.remote(TYPES).watchKind(PATHS, WatchKindOptions.DEFAULT);
                EventReader events = new EventReader(watch)) {
            server.stopServer();
            Event event = events.next();
            assertThat(event).isInstanceOf(Event.Errored.class);
            assertThat(((Event.Errored) event).cause()).hasMessageContaining("namespace \"default\" type \"os/path\"");
            assertThat(watch.isClosed()).isTrue();
        }
    }

    @Test
    void closingAWatch_closesTheServersWatch() {
        RecordingState recording = new RecordingState(backing);
        RemoteState remote = serve(recording, TYPES).remote(TYPES);
        Watch watch = remote.watch(PATHS.pointer("x"), WatchOptions.DEFAULT);
        assertThat(recording.opened).hasSize(1);
        assertThat(recording.opened.getFirst().isClosed()).isFalse();
        watch.close();
        await().atMost(Duration.ofSeconds(5)).until(() -> recording.opened.getFirst().isClosed());
    }

    @Test
    void stoppingEverything_leavesNoThreadAndNoWatchBehind() throws Exception {
        Set<Thread> before = Thread.getAllStackTraces().keySet();
        RecordingState recording = new RecordingState(backing);
        ServedState server = ServedState.serve(recording, TYPES);
        RemoteState remote = server.remote(TYPES);
        remote.create(PathSpec.path(PATHS.namespace(), "x"));
        Watch kindWatch = remote.watchKind(PATHS, WatchKindOptions.bootstrap());
        Watch singleWatch = remote.watch(PATHS.pointer("x"), WatchOptions.DEFAULT);
        assertThat(kindWatch.next()).hasSize(2);
        assertThat(singleWatch.next()).hasSize(1);

        server.close();  // the watches are left open on purpose
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(recording.opened).hasSize(2)
                .allSatisfy(w -> assertThat(w.isClosed()).as("the server's watch").isTrue()));
        // grpc's shared timer is gRPC's own, released a moment after its last user; awaitility's is the test's
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(Thread.getAllStackTraces().keySet())
                .filteredOn(t -> !before.contains(t) && !t.getName().startsWith("grpc-timer")
                        && !t.getName().startsWith("awaitility"))
                .as("threads started for the server and channel").isEmpty());
        assertThat(kindWatch.next()).singleElement().isInstanceOf(Event.Errored.class);
        assertThat(singleWatch.next()).singleElement().isInstanceOf(Event.Errored.class);
    }

    @Test
    void teardownRpcs_roundTrip() throws Exception {
        RemoteState remote = serve(backing, TYPES).remote(TYPES);
        Pointer p = PATHS.pointer("a");
        assertThatThrownBy(() -> remote.teardown(p)).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> remote.teardownAndDestroy(p, "")).isInstanceOf(NotFoundException.class);

        backing.create(PathSpec.path(PATHS.namespace(), "a"));
        backing.addFinalizer(p, "f");
        assertThat(remote.teardown(p)).isFalse();
        assertThat(remote.teardown(p)).as("idempotent").isFalse();
        assertThat(backing.get(p).metadata().phase()).isEqualTo(Phase.TEARING_DOWN);
        backing.removeFinalizer(p, "f");
        assertThat(remote.teardown(p)).isTrue();
        remote.teardownAndDestroy(p, "");
        assertThatThrownBy(() -> backing.get(p)).isInstanceOf(NotFoundException.class);
    }

    @Test
    void teardownAndDestroy_blocksWhileAFinalizerRemains_andAnInterruptCancelsItOnTheServer() throws Exception {
        RecordingState recording = new RecordingState(backing);
        RemoteState remote = serve(recording, TYPES).remote(TYPES);
        Pointer p = PATHS.pointer("a");
        backing.create(PathSpec.path(PATHS.namespace(), "a"));
        backing.addFinalizer(p, "f");

        CompletableFuture<Throwable> first = new CompletableFuture<>();
        Thread caller = Thread.ofVirtual().start(() -> first.complete(teardownAndDestroy(remote, p)));
        // the server waits on a watch of its own for the finalizer to go
        await().atMost(Duration.ofSeconds(5)).until(() -> recording.opened.size() == 1);
        assertThat(first).isNotDone();
        caller.interrupt();
        assertThat(first.get(5, TimeUnit.SECONDS)).isInstanceOf(InterruptedException.class);
        await().atMost(Duration.ofSeconds(5)).until(() -> recording.opened.getFirst().isClosed());

        CompletableFuture<Throwable> second = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> second.complete(teardownAndDestroy(remote, p)));
        await().atMost(Duration.ofSeconds(5)).until(() -> recording.opened.size() == 2);
        assertThat(second).isNotDone();
        backing.removeFinalizer(p, "f");
        assertThat(second.get(5, TimeUnit.SECONDS)).as("no failure").isNull();
        assertThatThrownBy(() -> backing.get(p)).isInstanceOf(NotFoundException.class);
    }

    /** What a TeardownAndDestroy call ended with: null when it succeeded. */
    private static Throwable teardownAndDestroy(State state, Pointer p) {
        try {
            state.teardownAndDestroy(p, "");
            return null;
        } catch (Exception e) {
            return e;
        }
    }

    @Test
    void teardownRpcs_unimplemented_fallBackToTheHelpers_andStayThatWay() throws Exception {
        ServerServiceDefinition full = new StateServer(backing, TYPES).bindService();
        ServerServiceDefinition.Builder withoutTeardowns = ServerServiceDefinition.builder(StateGrpc.SERVICE_NAME);
        full.getMethods().stream()
                .filter(m -> !m.getMethodDescriptor().getBareMethodName().startsWith("Teardown"))
                .forEach(withoutTeardowns::addMethod);
        ServedState server = ServedState.serve(withoutTeardowns::build);
        served.add(server);
        RemoteState remote = server.remote(TYPES);

        for (String id : List.of("a", "b")) {
            Pointer p = PATHS.pointer(id);
            remote.create(PathSpec.path(PATHS.namespace(), id));
            assertThat(remote.teardown(p)).isTrue();
            assertThat(backing.get(p).metadata().phase()).isEqualTo(Phase.TEARING_DOWN);
            remote.teardownAndDestroy(p, "");
            assertThatThrownBy(() -> backing.get(p)).isInstanceOf(NotFoundException.class);
        }
    }

    @Test
    void unregisteredType_keepsProtoBytesAndYaml_andRoundTrips() {
        Resource<?> typed = backing.create(PathSpec.path(PATHS.namespace(), "x"));
        RemoteState unaware = serve(backing, TYPES).remote(ResourceTypes.none());
        Resource<?> raw = unaware.get(typed.pointer());
        assertThat(raw.spec()).isEqualTo(new RawSpec(com.google.protobuf.ByteString.EMPTY, "{}\n"));
        assertThat(raw.metadata()).isEqualTo(typed.metadata());

        // written back unchanged, the server still decodes it as the type it knows
        unaware.update(raw.withMetadata(raw.metadata().withLabel("k", "v")), UpdateOptions.DEFAULT);
        assertThat(backing.get(typed.pointer()).spec()).isEqualTo(new PathSpec());
    }

    /** A state that remembers the watches it opened, to see what the server does with them. */
    private record RecordingState(State delegate, List<Watch> opened) implements State {
        RecordingState(State delegate) {
            this(delegate, new CopyOnWriteArrayList<>());
        }

        public Resource<?> get(Pointer pointer) {
            return delegate.get(pointer);
        }

        public List<Resource<?>> list(Kind kind, ListOptions options) {
            return delegate.list(kind, options);
        }

        public Resource<?> create(Resource<?> resource, String owner) {
            return delegate.create(resource, owner);
        }

        public Resource<?> update(Resource<?> resource, UpdateOptions options) {
            return delegate.update(resource, options);
        }

        public void destroy(Pointer pointer, String owner) {
            delegate.destroy(pointer, owner);
        }

        public Watch watch(Pointer pointer, WatchOptions options) {
            Watch w = delegate.watch(pointer, options);
            opened.add(w);
            return w;
        }

        public Watch watchKind(Kind kind, WatchKindOptions options) {
            Watch w = delegate.watchKind(kind, options);
            opened.add(w);
            return w;
        }
    }
}
