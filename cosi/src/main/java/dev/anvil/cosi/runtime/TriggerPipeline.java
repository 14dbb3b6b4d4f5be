package dev.anvil.cosi.runtime;

import dev.anvil.cosi.resource.Kind;
import dev.anvil.cosi.resource.Pointer;
import dev.anvil.cosi.state.Event;
import dev.anvil.cosi.state.State;
import dev.anvil.cosi.state.Watch;
import dev.anvil.cosi.state.WatchKindOptions;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * Turns state changes into controller triggers.
 *
 * <p>Design: one kind watch per (namespace, type) that any controller reads, shared by all of them; the set only
 * grows. Each watch has a reader thread that reduces every event to its pointer and a small metadata value and
 * puts it in one pending map keyed by pointer, where a later change of the same resource replaces the earlier value
 * but keeps its place. A single dispatcher thread takes one pointer at a time and hands it to {@code dispatch}. So a
 * burst of writes to one resource costs one dispatch, and slow controllers never make a watch fall behind (the
 * readers only ever touch the map). Keying on the pointer alone keeps the order of first changes; keying on the value
 * too could reorder them.
 *
 * <p>Watches opened before {@link #start()} wait for it; after it they open at once. A watch reporting an error
 * (for example a buffer overrun: events were lost, so controllers could miss a change) goes to {@code fatal}.
 */
final class TriggerPipeline {
    private final State state;
    private final RuntimeThreads threads;
    private final ReadCache cache;
    private final Consumer<ReducedMetadata> dispatch;
    private final Consumer<RuntimeException> fatal;
    private final Set<Kind> kinds = new LinkedHashSet<>();
    private final List<Watch> watches = new ArrayList<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final LinkedHashMap<Pointer, ReducedMetadata> pending = new LinkedHashMap<>();
    private boolean started;

    TriggerPipeline(State state, RuntimeThreads threads, ReadCache cache, Consumer<ReducedMetadata> dispatch,
            Consumer<RuntimeException> fatal) {
        this.state = state;
        this.threads = threads;
        this.cache = cache;
        this.dispatch = dispatch;
        this.fatal = fatal;
    }

    /** Makes sure the kind is watched; once started, the watch is open when this returns. */
    synchronized void watch(Kind kind) {
        if (kinds.add(kind) && started) {
            open(kind);
        }
    }

    synchronized void start() {
        started = true;
        kinds.forEach(this::open);
        threads.start("dispatcher", this::dispatchLoop);
    }

    /** Closes every watch, which wakes their readers; the threads themselves are joined by the runtime. */
    synchronized void close() {
        watches.forEach(Watch::close);
    }

    private void open(Kind kind) {
        // an uncached kind starts from now: controllers read current state themselves at their first run; a cached
        // kind starts with its contents, which fill the cache
        KindCache kindCache = cache.handles(kind) ? cache.kind(kind) : null;
        Watch watch = state.watchKind(kind, kindCache != null ? WatchKindOptions.bootstrap()
                : WatchKindOptions.DEFAULT.withBootstrapBookmark(true));
        watches.add(watch);
        try {
            threads.start("watch " + kind, () -> read(watch, kindCache));
        } catch (IllegalStateException stopping) {
            // the runtime began stopping after close() went over the watches: nobody else closes this one
            watch.close();
            throw stopping;
        }
    }

    /** Reads one watch; with a cache, fills it (the bootstrap contents silently, later changes before triggering). */
    private void read(Watch watch, KindCache kindCache) {
        boolean bootstrapping = kindCache != null;
        try (watch) {
            while (!watch.isClosed()) {
                List<Event> batch = watch.next();
                List<ReducedMetadata> reduced = new ArrayList<>(batch.size());
                for (Event event : batch) {
                    switch (event) {
                        case Event.Errored e -> {
                            fatal.accept(e.cause());
                            return;
                        }
                        case Event.Noop n -> { }
                        case Event.Bootstrapped b -> {
                            bootstrapping = false;
                            kindCache.markBootstrapped();
                        }
                        default -> {
                            if (kindCache != null) {
                                cache(kindCache, event);
                            }
                            if (!bootstrapping) {
                                reduced.add(ReducedMetadata.of(event.resource().metadata()));
                            }
                        }
                    }
                }
                offer(reduced);
            }
        } catch (InterruptedException stopping) {
            // the runtime is stopping; closing the watch is all that is left to do
        }
    }

    private static void cache(KindCache kindCache, Event event) {
        if (event instanceof Event.Destroyed) {
            kindCache.remove(event.resource().id());
        } else {
            kindCache.put(event.resource());
        }
    }

    private void offer(List<ReducedMetadata> changes) {
        if (changes.isEmpty()) {
            return;
        }
        lock.lock();
        try {
            for (ReducedMetadata change : changes) {
                pending.put(change.pointer(), change);
            }
            changed.signal();
        } finally {
            lock.unlock();
        }
    }

    private void dispatchLoop() {
        try {
            while (true) {
                ReducedMetadata next;
                lock.lockInterruptibly();
                try {
                    while (pending.isEmpty()) {
                        changed.await();
                    }
                    Iterator<Map.Entry<Pointer, ReducedMetadata>> first = pending.entrySet().iterator();
                    next = first.next().getValue();
                    first.remove();
                } finally {
                    lock.unlock();
                }
                dispatch.accept(next);
            }
        } catch (InterruptedException stopping) {
            // pending triggers die with the runtime: a restarted runtime reconciles everything anyway
        }
    }
}
