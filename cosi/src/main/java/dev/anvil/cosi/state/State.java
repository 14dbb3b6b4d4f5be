package dev.anvil.cosi.state;

import dev.anvil.cosi.resource.Kind;
import dev.anvil.cosi.resource.Phase;
import dev.anvil.cosi.resource.Pointer;
import dev.anvil.cosi.resource.Resource;
import dev.anvil.cosi.resource.Spec;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import java.util.function.UnaryOperator;

/**
 * The COSI state: typed, versioned resources with watches.
 *
 * <p>A backend implements the seven primitives (get, list, create, update, destroy, watch, watchKind); the helpers
 * (conflict-retrying updates, modify, teardown, finalizers, watchFor) are built on them here and may be overridden
 * by a backend that can do them in one step (a remote state, say).
 *
 * <p>Resources are immutable values. Where the Go runtime writes the stored version back into the caller's object,
 * writes here return the stored resource instead; callers continue from that.
 *
 * <p>Contract: create stores version 1; update requires the caller's version to equal the stored one exactly and
 * stores the next; both keep the stored creation time. A writer that names an owner must be the resource's owner.
 * Destroy needs no teardown first, only empty finalizers. Every successful write is one event, seen by every watch
 * of its kind in write order.
 */
public interface State {

    /** The resource; {@link NotFoundException} if absent. */
    Resource<?> get(Pointer pointer);

    /** The matching resources of a kind, sorted by ID. */
    List<Resource<?>> list(Kind kind, ListOptions options);

    /**
     * Stores a new resource at version 1, owned by {@code owner} ({@code ""} for none).
     * {@link ConflictException} (ALREADY_EXISTS) if the ID exists; (OWNER) if the resource names another owner.
     */
    Resource<?> create(Resource<?> resource, String owner);

    /**
     * Replaces a resource. Checked in this order: it exists, the owner matches, the version matches, the phase is
     * expected. The stored owner and creation time are kept.
     */
    Resource<?> update(Resource<?> resource, UpdateOptions options);

    /** Removes a resource: it must exist, belong to {@code owner} and have no finalizers. */
    void destroy(Pointer pointer, String owner);

    /** Watches one resource (it need not exist yet). */
    Watch watch(Pointer pointer, WatchOptions options);

    /** Watches every resource of a kind. */
    Watch watchKind(Kind kind, WatchKindOptions options);

    // ---- helpers built on the primitives ----

    default Resource<?> create(Resource<?> resource) {
        return create(resource, "");
    }

    default Resource<?> update(Resource<?> resource) {
        return update(resource, UpdateOptions.DEFAULT);
    }

    default void destroy(Pointer pointer) {
        destroy(pointer, "");
    }

    default List<Resource<?>> list(Kind kind) {
        return list(kind, ListOptions.ALL);
    }

    /** The resource with its spec type checked. */
    default <S extends Spec> Resource<S> get(Pointer pointer, Class<S> specType) {
        return get(pointer).as(specType);
    }

    /**
     * Reads, applies {@code change} and writes, retrying when another writer got in between (a version mismatch).
     * The phase is checked before the change is applied; a change that alters nothing writes nothing (no version,
     * no event, no owner check). {@code change} may run more than once, so it must not have side effects.
     */
    default Resource<?> updateWithConflicts(Pointer pointer, UnaryOperator<Resource<?>> change, UpdateOptions options) {
        while (true) {
            Resource<?> current = get(pointer);
            if (!options.accepts(current.metadata().phase())) {
                throw phaseConflict(pointer, options.expectedPhase(), current.metadata().phase());
            }
            Resource<?> desired = Objects.requireNonNull(change.apply(current), "the change returned no resource");
            if (desired.equals(current)) {
                return current;
            }
            try {
                return update(desired.withMetadata(desired.metadata().withVersion(current.metadata().version())),
                        options);
            } catch (ConflictException e) {
                if (e.reason() != ConflictException.Reason.VERSION_MISMATCH) {
                    throw e;
                }
            }
        }
    }

    /**
     * Creates the resource from {@code empty} changed by {@code change} when absent (owned by the options' owner),
     * otherwise updates it with conflicts retried. The stored spec must be of {@code empty}'s spec type.
     */
    default <S extends Spec> Resource<S> modify(Resource<S> empty, UnaryOperator<Resource<S>> change,
            UpdateOptions options) {
        @SuppressWarnings("unchecked")
        Class<S> specType = (Class<S>) empty.spec().getClass();
        Pointer pointer = empty.pointer();
        Resource<?> current;
        try {
            current = get(pointer);
        } catch (NotFoundException absent) {
            Resource<S> created = Objects.requireNonNull(change.apply(empty), "the change returned no resource");
            return create(created, options.owner()).as(specType);
        }
        current.as(specType);
        return updateWithConflicts(pointer, r -> change.apply(r.as(specType)), options).as(specType);
    }

    default <S extends Spec> Resource<S> modify(Resource<S> empty, UnaryOperator<Resource<S>> change) {
        return modify(empty, change, UpdateOptions.DEFAULT);
    }

    /**
     * Starts tearing a resource down, if it is not already; returns true when it has no finalizers, that is, when
     * it may be destroyed now. Tearing down a resource that already is tearing down writes nothing and checks no
     * owner.
     */
    default boolean teardown(Pointer pointer, String owner) {
        Resource<?> current = get(pointer);
        if (current.metadata().phase() == Phase.TEARING_DOWN) {
            return current.metadata().finalizers().isEmpty();
        }
        Resource<?> torn = updateWithConflicts(pointer,
                r -> r.withMetadata(r.metadata().withPhase(Phase.TEARING_DOWN)), UpdateOptions.owner(owner));
        return torn.metadata().finalizers().isEmpty();
    }

    default boolean teardown(Pointer pointer) {
        return teardown(pointer, "");
    }

    /** Adds finalizers, whoever owns the resource and whatever its phase. */
    default Resource<?> addFinalizer(Pointer pointer, String... finalizers) {
        List<String> added = List.of(finalizers);
        return updateWithConflicts(pointer, r -> r.withMetadata(r.metadata().withFinalizersAdded(added)),
                UpdateOptions.owner(get(pointer).metadata().owner()).anyPhase());
    }

    /** Removes finalizers (absent ones are fine), whoever owns the resource and whatever its phase. */
    default Resource<?> removeFinalizer(Pointer pointer, String... finalizers) {
        List<String> removed = List.of(finalizers);
        return updateWithConflicts(pointer, r -> r.withMetadata(r.metadata().withFinalizersRemoved(removed)),
                UpdateOptions.owner(get(pointer).metadata().owner()).anyPhase());
    }

    /**
     * Tears a resource down and destroys it as soon as its finalizers are gone, blocking until then. A resource that
     * someone else destroys meanwhile counts as done.
     */
    default void teardownAndDestroy(Pointer pointer, String owner) throws InterruptedException {
        if (teardown(pointer, owner)) {
            destroyIfPresent(pointer, owner);
            return;
        }
        try (Watch watch = watch(pointer, WatchOptions.DEFAULT)) {
            while (true) {
                for (Event event : watch.next()) {
                    switch (event) {
                        case Event.Destroyed d -> {
                            return;
                        }
                        case Event.Errored e -> throw e.cause();
                        default -> {
                            if (event.resource().metadata().finalizers().isEmpty()) {
                                try {
                                    destroyIfPresent(pointer, owner);
                                    return;
                                } catch (ConflictException e) {
                                    if (e.reason() != ConflictException.Reason.PENDING_FINALIZERS) {
                                        throw e;
                                    }
                                }
                            }
                        }
                    }
                }
                if (watch.isClosed()) {
                    throw new IllegalStateException("the watch of " + pointer + " ended");
                }
            }
        }
    }

    private void destroyIfPresent(Pointer pointer, String owner) {
        try {
            destroy(pointer, owner);
        } catch (NotFoundException destroyedMeanwhile) {
            // someone else finished the job
        }
    }

    /**
     * Waits for the first event of the resource that meets every condition, including its current state, and
     * returns its resource.
     */
    default Resource<?> watchFor(Pointer pointer, Duration timeout, WatchCondition... conditions)
            throws InterruptedException, TimeoutException {
        List<WatchCondition> all = List.of(conditions);
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Watch watch = watch(pointer, WatchOptions.DEFAULT)) {
            while (true) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new TimeoutException("no matching event for " + pointer + " within " + timeout);
                }
                for (Event event : watch.next(Duration.ofNanos(left))) {
                    if (event instanceof Event.Errored e) {
                        throw e.cause();
                    }
                    if (WatchCondition.all(all, event)) {
                        return event.resource();
                    }
                }
            }
        }
    }

    /**
     * Completes when the resource starts tearing down, is destroyed, or is found absent; completes exceptionally if
     * the watch fails. Cancelling the future stops watching.
     */
    default CompletableFuture<Void> teardownSignal(Pointer pointer) {
        CompletableFuture<Void> signal = new CompletableFuture<>();
        Watch watch = watch(pointer, WatchOptions.DEFAULT);
        signal.whenComplete((ok, error) -> watch.close());
        Thread.ofVirtual().name("teardown-signal " + pointer).start(() -> {
            try {
                while (!signal.isDone() && !watch.isClosed()) {
                    for (Event event : watch.next()) {
                        switch (event) {
                            case Event.Errored e -> signal.completeExceptionally(e.cause());
                            case Event.Destroyed d -> signal.complete(null);
                            default -> {
                                if (event.resource().metadata().phase() == Phase.TEARING_DOWN) {
                                    signal.complete(null);
                                }
                            }
                        }
                    }
                }
            } catch (InterruptedException e) {
                signal.completeExceptionally(e);
            }
        });
        return signal;
    }

    static ConflictException phaseConflict(Pointer pointer, Phase expected, Phase actual) {
        return new ConflictException(pointer, ConflictException.Reason.PHASE,
                "expected phase " + expected + ", found " + actual);
    }
}
