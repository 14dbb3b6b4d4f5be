package dev.anvil.cosi.runtime;

import dev.anvil.cosi.resource.Kind;
import dev.anvil.cosi.resource.Pointer;
import dev.anvil.cosi.resource.Resource;
import dev.anvil.cosi.state.ListOptions;
import dev.anvil.cosi.state.NotFoundException;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The cached resources of one kind, kept by ID order. Filled by the runtime's watch of the kind: its bootstrap
 * contents first, then every change. Reads block until the bootstrap is complete, so a reader never sees a partial
 * kind. Resources are immutable, so reads hand out the cached values themselves. Thread-safe.
 */
final class KindCache {
    private final Kind kind;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition ready = lock.newCondition();
    private final TreeMap<String, Resource<?>> byId = new TreeMap<>();
    private boolean bootstrapped;

    KindCache(Kind kind) {
        this.kind = kind;
    }

    void put(Resource<?> resource) {
        lock.lock();
        try {
            byId.put(resource.id(), resource);
        } finally {
            lock.unlock();
        }
    }

    void remove(String id) {
        lock.lock();
        try {
            byId.remove(id);
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
