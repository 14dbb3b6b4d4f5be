package dev.anvil.cosi.runtime;

import dev.anvil.cosi.resource.Kind;
import dev.anvil.cosi.resource.Phase;
import dev.anvil.cosi.resource.Pointer;
import dev.anvil.cosi.resource.Resource;
import dev.anvil.cosi.state.ListOptions;
import dev.anvil.cosi.state.NotFoundException;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The cached resources of one kind, kept by ID order. Filled by the runtime's watch of the kind: its bootstrap
 * contents first, then every change. Reads block until the bootstrap is complete, so a reader never sees a partial
 * kind. Resources are immutable, so reads hand out the cached values themselves. Thread-safe.
 *
 * <p>Teardown signals are served here too, so a controller waiting for a cached resource to go away costs the state
 * no watch: a signal completes when a put shows the resource tearing down or a remove drops it. Signals complete
 * outside the lock, so whatever runs on completion cannot stall the watch that fills the cache.
 */
final class KindCache {
    private final Kind kind;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition ready = lock.newCondition();
    private final TreeMap<String, Resource<?>> byId = new TreeMap<>();
    private final Map<String, List<CompletableFuture<Void>>> teardownWaiters = new HashMap<>();
    private boolean bootstrapped;

    KindCache(Kind kind) {
        this.kind = kind;
    }

    void put(Resource<?> resource) {
        List<CompletableFuture<Void>> torn = List.of();
        lock.lock();
        try {
            byId.put(resource.id(), resource);
            if (resource.metadata().phase() == Phase.TEARING_DOWN) {
                torn = takeWaiters(resource.id());
            }
        } finally {
            lock.unlock();
        }
        torn.forEach(signal -> signal.complete(null));
    }

    void remove(String id) {
        List<CompletableFuture<Void>> gone;
        lock.lock();
        try {
            byId.remove(id);
            gone = takeWaiters(id);
        } finally {
            lock.unlock();
        }
        gone.forEach(signal -> signal.complete(null));
    }

    /**
     * Completes when the resource starts tearing down or is removed; already complete when it is absent or tearing
     * down. Blocks until bootstrapped. Cancelling the signal forgets it.
     */
    CompletableFuture<Void> teardownSignal(String id) {
        CompletableFuture<Void> signal = new CompletableFuture<>();
        lock.lock();
        try {
            awaitBootstrap();
            Resource<?> resource = byId.get(id);
            if (resource == null || resource.metadata().phase() == Phase.TEARING_DOWN) {
                signal.complete(null);
                return signal;
            }
            teardownWaiters.computeIfAbsent(id, k -> new ArrayList<>()).add(signal);
        } finally {
            lock.unlock();
        }
        signal.whenComplete((ok, error) -> forget(id, signal));
        return signal;
    }

    /** How many signals wait; for tests. */
    int waitingSignals() {
        lock.lock();
        try {
            return teardownWaiters.values().stream().mapToInt(List::size).sum();
        } finally {
            lock.unlock();
        }
    }

    private List<CompletableFuture<Void>> takeWaiters(String id) {
        List<CompletableFuture<Void>> waiters = teardownWaiters.remove(id);
        return waiters == null ? List.of() : waiters;
    }

    private void forget(String id, CompletableFuture<Void> signal) {
        lock.lock();
        try {
            List<CompletableFuture<Void>> waiters = teardownWaiters.get(id);
            if (waiters != null && waiters.remove(signal) && waiters.isEmpty()) {
                teardownWaiters.remove(id);
            }
        } finally {
            lock.unlock();
        }
    }

    void markBootstrapped() {
        lock.lock();
        try {
            bootstrapped = true;
            ready.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** The cached resource; {@link NotFoundException} if absent. Blocks until bootstrapped. */
    Resource<?> get(Pointer pointer) {
        lock.lock();
        try {
            awaitBootstrap();
            Resource<?> resource = byId.get(pointer.id());
            if (resource == null) {
                throw new NotFoundException(pointer);
            }
            return resource;
        } finally {
            lock.unlock();
        }
    }

    /** The matching cached resources, sorted by ID. Blocks until bootstrapped. */
    List<Resource<?>> list(ListOptions options) {
        lock.lock();
        try {
            awaitBootstrap();
            List<Resource<?>> matching = new ArrayList<>();
            for (Resource<?> resource : byId.values()) {
                if (options.matches(resource.metadata())) {
                    matching.add(resource);
                }
            }
            return matching;
        } finally {
            lock.unlock();
        }
    }

    int size() {
        lock.lock();
        try {
            return byId.size();
        } finally {
            lock.unlock();
        }
    }

    /** Waits (lock held) for the bootstrap; an interrupt ends the wait as a failed read, interrupt flag kept. */
    private void awaitBootstrap() {
        try {
            while (!bootstrapped) {
                ready.await();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the cache of " + kind + " to fill", e);
        }
    }
}
