package dev.anvil.cosi.runtime;

import dev.anvil.cosi.state.State;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs one {@link Controller} on its own thread: wait for the pending latch, reconcile, repeat.
 *
 * <p>The latch has capacity one: triggers while a reconcile is pending coalesce into it (and are not counted as
 * wakeups); triggers during a reconcile set it again, so a change is never missed, only merged. A crash waits for
 * the next backoff interval, then sets the latch, as a restart would. A reconcile that asked to run again later
 * ({@link QContext#requeueAfter}) sets it when that time comes.
 */
final class ControllerRunner implements Runner {
    private final Controller controller;
    private final Declaration declaration;
    private final ControllerCounters counters;
    private final State state;
    private final InputsUpdater inputsUpdater;
    private final ReadCache cache;
    private final TokenBucket changes;
    private final Object latch = new Object();
    private boolean pending;
    private boolean requeueScheduled;
    private long requeueAtNanos;

    /** What the runtime does when a controller replaces its inputs. */
    @FunctionalInterface
    interface InputsUpdater {
        void update(String controller, List<Input> inputs);
    }

    ControllerRunner(Controller controller, Declaration declaration, ControllerCounters counters, State state,
            ReadCache cache, ChangeRateLimit changeRateLimit, InputsUpdater inputsUpdater) {
        this.controller = controller;
        this.declaration = declaration;
        this.counters = counters;
        this.state = new CountingState(state, counters);
        this.inputsUpdater = inputsUpdater;
        this.cache = cache;
        this.changes = new TokenBucket(changeRateLimit);
    }

    @Override
    public String name() {
        return controller.name();
    }

    @Override
    public void trigger(Input input, ReducedMetadata change) {
        if (!input.kind().destroyReadyOnly() || change.destroyReady()) {
            queueReconcile();
        }
    }

    void queueReconcile() {
        synchronized (latch) {
            if (!pending) {
                pending = true;
                counters.wakeups.increment();
                latch.notifyAll();
            }
        }
    }

    void updateInputs(List<Input> inputs) {
        for (Input input : inputs) {
            if (input.kind().queued()) {
                throw new IllegalArgumentException("controller \"" + name() + "\" is not a queue controller and"
                        + " cannot declare " + input);
            }
        }
        inputsUpdater.update(name(), inputs);
        declaration.inputs(inputs);
    }

    @Override
    public void start(RuntimeThreads threads) {
        controller.started(this::queueReconcile);
        threads.start(name(), () -> loop(threads));
    }

    @Override
    public void stopped() {
        controller.stopped();
    }

    private void loop(RuntimeThreads threads) {
        Backoff backoff = new Backoff();
        try {
            while (true) {
                awaitPending();
                long started = System.nanoTime();
                Throwable failure = reconcileOnce();
                if (threads.stopping()) {
                    return;
                }
                if (failure == null) {
                    counters.reconciled(null, started);
                    backoff.reset();
                    continue;
                }
                if (Failures.isStop(failure)) {
                    return;
                }
                counters.reconciled(failure, started);
                Failures.log(name(), "reconcile", failure);
                Thread.sleep(backoff.next());
                queueReconcile();
            }
        } catch (InterruptedException stopping) {
            // the runtime is stopping
        }
    }

    /** One reconcile; its failure, or null. Catches everything a controller can throw, as Go recovers panics. */
    private Throwable reconcileOnce() {
        long started = System.nanoTime();
        try (ControllerAccess access = new ControllerAccess(declaration, state, cache, changes)) {
            controller.reconcile(new ReconcileSession(access, this));
            Duration requeue = access.requestedRequeue();
            if (requeue != null) {
                requeueAfter(requeue);
            }
            return null;
        } catch (Throwable failure) {
            Failures.rethrowFatal(failure);
            return failure;
        } finally {
            counters.busyNanos.add(System.nanoTime() - started);
        }
    }

    /** Sets the latch after {@code interval} (the earliest of several such requests wins). */
    private void requeueAfter(Duration interval) {
        synchronized (latch) {
            long at = System.nanoTime() + interval.toNanos();
            if (!requeueScheduled || at - requeueAtNanos < 0) {
                requeueScheduled = true;
                requeueAtNanos = at;
            }
            latch.notifyAll();
        }
    }

    private void awaitPending() throws InterruptedException {
        synchronized (latch) {
            while (!pending) {
                if (!requeueScheduled) {
                    latch.wait();
                    continue;
                }
                long left = requeueAtNanos - System.nanoTime();
                if (left <= 0) {
                    requeueScheduled = false;
                    counters.wakeups.increment();
                    break;
                }
                TimeUnit.NANOSECONDS.timedWait(latch, left);
            }
            pending = false;
        }
    }
}
