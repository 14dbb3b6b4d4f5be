package dev.anvil.cosi.runtime;

import dev.anvil.cosi.resource.Kind;
import dev.anvil.cosi.resource.Phase;
import dev.anvil.cosi.resource.Pointer;
import dev.anvil.cosi.resource.Resource;
import dev.anvil.cosi.resource.Spec;
import dev.anvil.cosi.state.ListOptions;
import dev.anvil.cosi.state.NotFoundException;
import dev.anvil.cosi.state.State;
import dev.anvil.cosi.state.UpdateOptions;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.UnaryOperator;

/**
 * One reconcile's view of the state: every call is checked against the controller's {@link Declaration} first, and
 * every write goes as owner = the controller's name (or the owner a teardown or destroy names). Made per reconcile (or per hook run) and closed after it, which
 * cancels the teardown signals it handed out. Gets, lists and teardown signals of cached kinds are served by the
 * {@link ReadCache}; the reads inside writes (modify's get) always go to the state, so a write never starts from a
 * stale copy. Every change first takes a token of the controller's {@link TokenBucket}. Used by one thread.
 */
final class ControllerAccess implements QContext, AutoCloseable {
    private final Declaration declaration;
    private final State state;
    private final ReadCache cache;
    private final TokenBucket changes;
    private final List<CompletableFuture<Void>> signals = new ArrayList<>();
    private Set<Pointer> touched;
    private Duration requeue;

    ControllerAccess(Declaration declaration, State countingState, ReadCache cache, TokenBucket changes) {
        this.declaration = declaration;
        this.state = countingState;
        this.cache = cache;
        this.changes = changes;
    }

    @Override
    public Resource<?> get(Pointer pointer) {
        declaration.checkGet(pointer);
        return cache.handles(pointer.kind()) ? cache.kind(pointer.kind()).get(pointer) : state.get(pointer);
    }

    @Override
    public List<Resource<?>> list(Kind kind, ListOptions options) {
        declaration.checkList(kind);
        return cache.handles(kind) ? cache.kind(kind).list(options) : state.list(kind, options);
    }

    @Override
    public CompletableFuture<Void> teardownSignal(Pointer pointer) {
        declaration.checkGet(pointer);
        CompletableFuture<Void> signal = cache.handles(pointer.kind())
                ? cache.kind(pointer.kind()).teardownSignal(pointer.id()) : state.teardownSignal(pointer);
        signals.add(signal);
        return signal;
    }

    @Override
    public Resource<?> create(Resource<?> resource) {
        declaration.checkWrite(resource.pointer());
        awaitChange();
        touch(resource.pointer());
        return state.create(resource, declaration.name());
    }

    @Override
    public Resource<?> update(Resource<?> resource) {
        declaration.checkWrite(resource.pointer());
        awaitChange();
        touch(resource.pointer());
        return state.update(resource, UpdateOptions.owner(declaration.name()));
    }

    @Override
    public <S extends Spec> Resource<S> modify(Resource<S> empty, UnaryOperator<Resource<S>> change, Phase phase) {
        declaration.checkWrite(empty.pointer());
        awaitChange();
        touch(empty.pointer());
        return state.modify(empty, change, new UpdateOptions(declaration.name(), phase));
    }

    @Override
    public boolean teardown(Pointer pointer) {
        return teardown(pointer, declaration.name());
    }

    @Override
    public void destroy(Pointer pointer) {
        destroy(pointer, declaration.name());
    }

    @Override
    public boolean teardown(Pointer pointer, String owner) {
        declaration.checkWrite(pointer);
        awaitChange();
        return state.teardown(pointer, owner);
    }

    @Override
    public void destroy(Pointer pointer, String owner) {
        declaration.checkWrite(pointer);
        awaitChange();
        state.destroy(pointer, owner);
    }

    @Override
    public void addFinalizer(Pointer pointer, String... finalizers) {
        declaration.checkFinalizers(pointer);
        awaitChange();
        state.addFinalizer(pointer, finalizers);
    }

    @Override
    public void removeFinalizer(Pointer pointer, String... finalizers) {
        declaration.checkFinalizers(pointer);
        awaitChange();
        try {
            state.removeFinalizer(pointer, finalizers);
        } catch (NotFoundException gone) {
            // a finalizer cannot hold a resource that no longer exists: nothing left to do
        }
    }

    @Override
    public void requeueAfter(Duration interval) {
        if (interval.isNegative()) {
            throw new IllegalArgumentException("a negative requeue interval: " + interval);
        }
        if (requeue == null || interval.compareTo(requeue) < 0) {
            requeue = interval;
        }
    }

    /** The shortest interval asked for with {@link #requeueAfter}, or null. */
    Duration requestedRequeue() {
        return requeue;
    }

    void startTracking() {
        if (touched != null) {
            throw new IllegalStateException("output tracking is already on in this reconcile");
        }
        touched = new HashSet<>();
    }

    /** Destroys this controller's untouched resources of the kinds and stops tracking. */
    void cleanup(Kind... kinds) {
        if (touched == null) {
            throw new IllegalStateException("cleanupOutputs without startTrackingOutputs");
        }
        Set<Pointer> keep = touched;
        touched = null;
        for (Kind kind : kinds) {
            for (Resource<?> resource : list(kind, ListOptions.ALL)) {
                if (resource.metadata().owner().equals(declaration.name()) && !keep.contains(resource.pointer())) {
                    destroy(resource.pointer());
                }
            }
        }
    }

    /** Waits for the controller's change rate limit; an interrupt (the runtime stopping) ends the reconcile. */
    private void awaitChange() {
        try {
            changes.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the change rate limit", e);
        }
    }

    private void touch(Pointer pointer) {
        if (touched != null) {
            touched.add(pointer);
        }
    }

    @Override
    public void close() {
        signals.forEach(signal -> signal.cancel(false));
        signals.clear();
        touched = null;
    }
}
