package dev.anvil.cosi.runtime;

import dev.anvil.cosi.resource.Kind;
import dev.anvil.cosi.state.ForwardingState;
import dev.anvil.cosi.state.Watch;
import dev.anvil.cosi.state.WatchKindOptions;
import dev.anvil.cosi.state.inmem.InMemoryState;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import static org.assertj.core.api.Assertions.assertThat;

/** The runtime opens one kind watch per (namespace, type), however many controllers read it, and adds late ones. */
class WatchSharingTest {
    /** A real in-memory state that also counts the kind watches opened on it. */
    private static final class WatchCountingState extends ForwardingState {
        private final Map<Kind, LongAdder> kindWatches = new ConcurrentHashMap<>();

        WatchCountingState() {
            super(new InMemoryState());
        }

        long kindWatches(Kind kind) {
            LongAdder count = kindWatches.get(kind);
            return count == null ? 0 : count.sum();
        }

        @Override
        public Watch watchKind(Kind kind, WatchKindOptions options) {
            kindWatches.computeIfAbsent(kind, k -> new LongAdder()).increment();
            return super.watchKind(kind, options);
        }
    }

    private record Reader(String name, List<Input> inputs) implements Controller {
        @Override
        public List<Output> outputs() {
            return List.of();
        }

        @Override
        public void reconcile(ReconcileContext ctx) {
            // only the watches matter here
        }
    }

    @Test
    void controllersReadingOneKind_shareOneWatch_andALateKindIsWatchedAtRegistration() {
        WatchCountingState state = new WatchCountingState();
        Kind shared = new Kind("ns", "Shared");
        Kind late = new Kind("ns", "Late");
        try (ControllerRuntime runtime = new ControllerRuntime(state)) {
            runtime.register(new Reader("A", List.of(Input.weak("ns", "Shared"))));
            runtime.register(new Reader("B", List.of(Input.strong("ns", "Shared"))));
            runtime.register(new Reader("C", List.of(Input.weak("ns", "Shared").withId("x"))));
            assertThat(state.kindWatches(shared)).as("watches open at start").isZero();
            runtime.start();
            assertThat(state.kindWatches(shared)).isEqualTo(1);

            runtime.register(new Reader("D", List.of(Input.destroyReady("ns", "Shared"), Input.weak("ns", "Late"))));
            assertThat(state.kindWatches(shared)).isEqualTo(1);
            assertThat(state.kindWatches(late)).isEqualTo(1);
        }
    }
}
