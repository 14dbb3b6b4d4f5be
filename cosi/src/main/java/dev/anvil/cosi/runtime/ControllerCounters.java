package dev.anvil.cosi.runtime;

import java.time.Duration;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntSupplier;

/** The live counters of one controller; written by its threads, read by {@link RuntimeMetrics#snapshot()}. */
final class ControllerCounters {
    final LongAdder wakeups = new LongAdder();
    final LongAdder crashes = new LongAdder();
    final LongAdder busyNanos = new LongAdder();
    final LongAdder reads = new LongAdder();
    final LongAdder writes = new LongAdder();
    final LongAdder requeues = new LongAdder();
    final LongAdder skips = new LongAdder();
    final LongAdder processed = new LongAdder();
    final LongAdder mappedIn = new LongAdder();
    final LongAdder mappedOut = new LongAdder();
    private final String name;
    private final boolean queued;
    private volatile IntSupplier queueLength = () -> 0;
    private final Ended listener;

    /** Where the runtime hears of a reconcile's end. */
    @FunctionalInterface
    interface Ended {
        void reconciled(String controller, Throwable failure, long nanos);
    }

    ControllerCounters(String name, boolean queued, Ended listener) {
        this.name = name;
        this.queued = queued;
        this.listener = listener;
    }

    /**
     * A reconcile (or job, or hook run) that began at {@code startedNanos} ({@link System#nanoTime()}) ended: counts
     * a failure and tells the runtime's listeners how long it took.
     */
    void reconciled(Throwable failure, long startedNanos) {
        if (failure != null) {
            crashes.increment();
        }
        listener.reconciled(name, failure, System.nanoTime() - startedNanos);
    }

    void queueLength(IntSupplier length) {
        queueLength = length;
    }

    ControllerStats snapshot() {
        return new ControllerStats(name, queued, wakeups.sum(), crashes.sum(), Duration.ofNanos(busyNanos.sum()),
                reads.sum(), writes.sum(), requeues.sum(), skips.sum(), processed.sum(), mappedIn.sum(),
                mappedOut.sum(), queueLength.getAsInt());
    }
}
