package dev.anvil.cosi.runtime;

import dev.anvil.cosi.resource.Kind;
import dev.anvil.cosi.resource.Pointer;
import dev.anvil.cosi.resource.Resource;
import dev.anvil.cosi.state.ListOptions;
import dev.anvil.cosi.state.State;
import dev.anvil.cosi.state.UpdateOptions;
import dev.anvil.cosi.state.Watch;
import dev.anvil.cosi.state.WatchKindOptions;
import dev.anvil.cosi.state.WatchOptions;

import java.util.List;

/**
 * A state seen through one controller's counters. Only the primitives are counted, and counted before they run so
 * failures count too; the helpers (modify, teardown, ...) inherit from {@link State} and so cost exactly the
 * primitives they make, as in the Go runtime (a modify of an existing resource is two gets and one update).
 */
final class CountingState implements State {
    private final State state;
    private final ControllerCounters counters;

    CountingState(State state, ControllerCounters counters) {
        this.state = state;
        this.counters = counters;
    }

    @Override
    public Resource<?> get(Pointer pointer) {
        counters.reads.increment();
        return state.get(pointer);
    }

    @Override
    public List<Resource<?>> list(Kind kind, ListOptions options) {
        counters.reads.increment();
        return state.list(kind, options);
    }

    @Override
    public Resource<?> create(Resource<?> resource, String owner) {
        counters.writes.increment();
        return state.create(resource, owner);
    }

    @Override
    public Resource<?> update(Resource<?> resource, UpdateOptions options) {
        counters.writes.increment();
        return state.update(resource, options);
    }

    @Override
    public void destroy(Pointer pointer, String owner) {
        counters.writes.increment();
        state.destroy(pointer, owner);
    }

    @Override
    public Watch watch(Pointer pointer, WatchOptions options) {
        counters.reads.increment();
        return state.watch(pointer, options);
    }

    @Override
    public Watch watchKind(Kind kind, WatchKindOptions options) {
        counters.reads.increment();
        return state.watchKind(kind, options);
    }
}
