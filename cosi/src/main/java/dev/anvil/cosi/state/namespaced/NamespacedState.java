package dev.anvil.cosi.state.namespaced;

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
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Routes each namespace to its own backend, built on first use: secrets in one store, runtime state in memory, and
 * so on. Nothing spans namespaces, so there is no cross-namespace watch.
 */
public final class NamespacedState implements State {
    private final Function<String, State> builder;
    private final ConcurrentHashMap<String, State> backends = new ConcurrentHashMap<>();

    public NamespacedState(Function<String, State> builder) {
        this.builder = builder;
    }

    private State backend(String namespace) {
        return backends.computeIfAbsent(namespace, builder);
    }

    @Override
    public Resource<?> get(Pointer pointer) {
        return backend(pointer.namespace()).get(pointer);
    }

    @Override
    public List<Resource<?>> list(Kind kind, ListOptions options) {
        return backend(kind.namespace()).list(kind, options);
    }

    @Override
    public Resource<?> create(Resource<?> resource, String owner) {
        return backend(resource.metadata().namespace()).create(resource, owner);
    }

    @Override
    public Resource<?> update(Resource<?> resource, UpdateOptions options) {
        return backend(resource.metadata().namespace()).update(resource, options);
    }

    @Override
    public void destroy(Pointer pointer, String owner) {
        backend(pointer.namespace()).destroy(pointer, owner);
    }

    @Override
    public Watch watch(Pointer pointer, WatchOptions options) {
        return backend(pointer.namespace()).watch(pointer, options);
    }

    @Override
    public Watch watchKind(Kind kind, WatchKindOptions options) {
        return backend(kind.namespace()).watchKind(kind, options);
    }
}
