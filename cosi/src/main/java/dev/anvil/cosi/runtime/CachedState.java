package dev.anvil.cosi.runtime;

import dev.anvil.cosi.resource.Kind;
import dev.anvil.cosi.resource.Pointer;
import dev.anvil.cosi.resource.Resource;
import dev.anvil.cosi.state.ForwardingState;
import dev.anvil.cosi.state.ListOptions;
import dev.anvil.cosi.state.State;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The state as a controller of the runtime reads it: gets, lists and teardown signals of cached kinds come from the
 * {@link ReadCache} (eventually consistent, see there), everything else goes to the state.
 */
final class CachedState extends ForwardingState {
    private final ReadCache cache;

    CachedState(State state, ReadCache cache) {
        super(state);
        this.cache = cache;
    }

    @Override
    public Resource<?> get(Pointer pointer) {
        return cache.handles(pointer.kind()) ? cache.kind(pointer.kind()).get(pointer) : delegate().get(pointer);
    }

    @Override
    public List<Resource<?>> list(Kind kind, ListOptions options) {
        return cache.handles(kind) ? cache.kind(kind).list(options) : delegate().list(kind, options);
    }

    @Override
    public CompletableFuture<Void> teardownSignal(Pointer pointer) {
        return cache.handles(pointer.kind()) ? cache.kind(pointer.kind()).teardownSignal(pointer.id())
                : delegate().teardownSignal(pointer);
    }
}
