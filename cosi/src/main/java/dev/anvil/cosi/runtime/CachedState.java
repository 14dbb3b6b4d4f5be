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
 * The state as a controller of the runtime reads it: gets and lists of cached kinds come from the {@link ReadCache}
 * (eventually consistent, see there), everything else goes to the state.
 */
final class CachedState implements State {
    private final State state;
    private final ReadCache cache;

    CachedState(State state, ReadCache cache) {
        this.state = state;
        this.cache = cache;
    }

    @Override
    public Resource<?> get(Pointer pointer) {
        return cache.handles(pointer.kind()) ? cache.kind(pointer.kind()).get(pointer) : state.get(pointer);
    }

    @Override
    public List<Resource<?>> list(Kind kind, ListOptions options) {
        return cache.handles(kind) ? cache.kind(kind).list(options) : state.list(kind, options);
    }

    @Override
    public Resource<?> create(Resource<?> resource, String owner) {
        return state.create(resource, owner);
    }

    @Override
    public Resource<?> update(Resource<?> resource, UpdateOptions options) {
        return state.update(resource, options);
    }

    @Override
    public void destroy(Pointer pointer, String owner) {
        state.destroy(pointer, owner);
    }

    @Override
    public Watch watch(Pointer pointer, WatchOptions options) {
        return state.watch(pointer, options);
    }

    @Override
    public Watch watchKind(Kind kind, WatchKindOptions options) {
        return state.watchKind(kind, options);
    }
}
