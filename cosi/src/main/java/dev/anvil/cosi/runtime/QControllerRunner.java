package dev.anvil.cosi.runtime;

import dev.anvil.cosi.resource.Pointer;
import dev.anvil.cosi.resource.Resource;
import dev.anvil.cosi.state.ListOptions;
import dev.anvil.cosi.state.State;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Runs one {@link QController}: {@code concurrency} workers taking items from a {@link KeyedDelayQueue}, the run
 * hook (restarted with backoff), and a one-off task that queues every primary resource at start.
 *
 * <p>An item is a pointer plus a job (reconcile it, or map it to primaries). Each item has its own backoff, cleared
 * when the item succeeds; a fresh change puts the item for now, which overrides a backoff in progress.
 */
final class QControllerRunner implements Runner {
    /** A queue key: reconcile a primary, or map a changed mapped input. */
    record Job(Pointer pointer, boolean map) {
    }

    private static final Duration HEALTHY_HOOK_RUN = Duration.ofMinutes(1);

    private final QController controller;
    private final QSettings settings;
    private final Declaration declaration;
    private final ControllerCounters counters;
    private final State state;
    private final ReadCache cache;
    private final TokenBucket changes;
    private final KeyedDelayQueue<Job, ReducedMetadata> queue = new KeyedDelayQueue<>();
    private final ConcurrentHashMap<Job, Backoff> backoffs = new ConcurrentHashMap<>();

    QControllerRunner(QController controller, QSettings settings, Declaration declaration,
            ControllerCounters counters, State state, ReadCache cache, ChangeRateLimit changeRateLimit) {
        this.controller = controller;
        this.settings = settings;
        this.declaration = declaration;
        this.counters = counters;
        this.state = new CountingState(state, counters);
        this.cache = cache;
        this.changes = new TokenBucket(changeRateLimit);
        counters.queueLength(queue::size);
    }

    @Override
    public String name() {
        return controller.name();
    }

    @Override
    public void trigger(Input input, ReducedMetadata change) {
        switch (input.kind()) {
            case Q_PRIMARY -> queue.put(new Job(change.pointer(), false), change);
            case Q_MAPPED -> queue.put(new Job(change.pointer(), true), change);
            case Q_MAPPED_DESTROY_READY -> {
                if (change.destroyReady()) {
                    queue.put(new Job(change.pointer(), true), change);
                }
            }
            default -> throw new IllegalStateException(input + " on queue controller " + name());
        }
    }

    @Override
    public void start(RuntimeThreads threads) {
        threads.start(name() + " primaries", this::queuePrimaries);
        for (int i = 0; i < settings.concurrency(); i++) {
            threads.start(name() + " worker " + i, () -> work(threads));
        }
        if (settings.runHook() != null) {
            threads.start(name() + " run hook", () -> runHook(threads));
        }
    }

    @Override
    public void stopped() {
        if (settings.shutdownHook() != null) {
            settings.shutdownHook().run();
        }
    }

    /** Lists every primary kind once, retrying with backoff: a primary that exists at start is reconciled. */
    private void queuePrimaries() {
        Backoff backoff = new Backoff();
        try {
            for (Input input : declaration.inputs()) {
                if (input.kind() != InputKind.Q_PRIMARY) {
                    continue;
                }
                if (input.id() != null) {
                    queue.put(new Job(input.resourceKind().pointer(input.id()), false), null);
                    continue;
                }
                while (true) {
                    try {
                        for (Resource<?> resource : new CachedState(state, cache).list(input.resourceKind(),
                                ListOptions.ALL)) {
                            queue.put(new Job(resource.pointer(), false), ReducedMetadata.of(resource.metadata()));
                        }
                        break;
                    } catch (RuntimeException e) {
                        Failures.log(name(), "listing " + input, e);
                        Thread.sleep(backoff.next());
                    }
                }
            }
        } catch (InterruptedException stopping) {
            // the runtime is stopping
        }
    }

    private void work(RuntimeThreads threads) {
        try {
            while (true) {
                KeyedDelayQueue.Item<Job, ReducedMetadata> item = queue.take();
                counters.wakeups.increment();
                long started = System.nanoTime();
                Throwable failure = process(item.key(), item.value());
                if (threads.stopping()) {
                    return;
                }
                if (failure == null) {
                    counters.reconciled(null, started);
                    backoffs.remove(item.key());
                    counters.processed.increment();
                    queue.release(item.key());
                } else if (Failures.isStop(failure)) {
                    return;
                } else if (failure instanceof SkipReconcileException) {
                    counters.reconciled(null, started);
                    backoffs.remove(item.key());
                    counters.skips.increment();
                    queue.release(item.key());
                } else if (failure instanceof RequeueException requeue) {
                    if (requeue.getCause() != null) {
                        counters.reconciled(requeue.getCause(), started);
                        Failures.log(name(), "reconcile of " + item.key().pointer(), requeue.getCause());
                    } else {
                        counters.reconciled(null, started);
                        backoffs.remove(item.key());
                        counters.requeues.increment();
                    }
                    queue.requeue(item.key(), item.value(), requeue.interval());
                } else {
                    counters.reconciled(failure, started);
                    Failures.log(name(), (item.key().map() ? "map of " : "reconcile of ") + item.key().pointer(),
                            failure);
                    Duration delay = backoffs.computeIfAbsent(item.key(), k -> new Backoff()).next();
                    queue.requeue(item.key(), item.value(), delay);
                }
            }
        } catch (InterruptedException stopping) {
            // the runtime is stopping
        }
    }

    /** Runs one job; its failure, a {@link RequeueException} if it asked to run again, or null. */
    private Throwable process(Job job, ReducedMetadata change) {
        long started = System.nanoTime();
        try (ControllerAccess access = new ControllerAccess(declaration, state, cache, changes)) {
            if (job.map()) {
                counters.mappedIn.increment();
                List<Pointer> primaries = controller.mapInput(access, change);
                for (Pointer primary : primaries) {
                    checkPrimary(primary);
                }
                counters.mappedOut.add(primaries.size());
                for (Pointer primary : primaries) {
                    queue.put(new Job(primary, false), null);
                }
            } else {
                controller.reconcile(access, job.pointer());
            }
            Duration requeue = access.requestedRequeue();
            return requeue == null ? null : new RequeueException(requeue);
        } catch (Throwable failure) {
            Failures.rethrowFatal(failure);
            return failure;
        } finally {
            counters.busyNanos.add(System.nanoTime() - started);
        }
    }

    private void checkPrimary(Pointer pointer) {
        for (Input input : declaration.inputs()) {
            if (input.kind() == InputKind.Q_PRIMARY && input.covers(pointer)) {
                return;
            }
        }
        throw new IllegalStateException("controller \"" + name() + "\" mapped an input to " + pointer
                + ", which is not a primary input");
    }

    /** Runs the hook until it returns normally; a hook that ran for a minute before failing was healthy. */
    private void runHook(RuntimeThreads threads) {
        Backoff backoff = new Backoff();
        try {
            while (true) {
                long started = System.nanoTime();
                try (ControllerAccess access = new ControllerAccess(declaration, state, cache, changes)) {
                    settings.runHook().run(access);
                    return;
                } catch (Throwable failure) {
                    Failures.rethrowFatal(failure);
                    if (Failures.isStop(failure) || threads.stopping()) {
                        return;
                    }
                    counters.reconciled(failure, started);
                    Failures.log(name(), "run hook", failure);
                }
                if (System.nanoTime() - started >= HEALTHY_HOOK_RUN.toNanos()) {
                    backoff.reset();
                }
                Thread.sleep(backoff.next());
            }
        } catch (InterruptedException stopping) {
            // the runtime is stopping
        }
    }
}
