package dev.anvil.cosi.state;

import dev.anvil.cosi.resource.Kind;
import dev.anvil.cosi.resource.Pointer;
import dev.anvil.cosi.resource.Resource;

import java.util.List;

/** A state that passes every primitive to another; wrappers extend it and override only what they change. */
public abstract class ForwardingState implements State {
    private final State delegate;

    protected ForwardingState(State delegate) {
        this.delegate = delegate;
    }

    protected final State delegate() {
        return delegate;
    }

    @Override
    public Resource<?> get(Pointer pointer) {
        return delegate.get(pointer);
    }

    @Override
    public List<Resource<?>> list(Kind kind, ListOptions options) {
        return delegate.list(kind, options);
    }

    @Override
    public Resource<?> create(Resource<?> resource, String owner) {
        return delegate.create(resource, owner);
    }

    @Override
    public Resource<?> update(Resource<?> resource, UpdateOptions options) {
        return delegate.update(resource, options);
    }

    @Override
    public void destroy(Pointer pointer, String owner) {
        delegate.destroy(pointer, owner);
    }

    @Override
    public Watch watch(Pointer pointer, WatchOptions options) {
        return delegate.watch(pointer, options);
    }

    @Override
    public Watch watchKind(Kind kind, WatchKindOptions options) {
        return delegate.watchKind(kind, options);
    }
}
