package dev.anvil.cosi.runtime;

import java.util.List;

/**
 * A full-reconcile controller: it declares what it reads and writes, and the runtime calls {@link #reconcile}
 * whenever any input changed, reading everything and writing only differences.
 *
 * <p>Guaranteed by the runtime: reconcile runs on one thread at a time per controller; one reconcile is queued at
 * registration; any number of input changes during a reconcile coalesce into one more reconcile. A reconcile that
 * throws (or an {@link Error} other than a VM error) is a crash: the runtime waits an exponential backoff (500 ms,
 * x1.5, up to 60 s, with jitter) and reconciles again. A reconcile that returns normally resets that backoff,
 * because here a reconcile is the unit of health (the Go runtime's long-lived Run loop resets it by hand).
 * A reconcile interrupted because the runtime is stopping is not a crash.
 */
public interface Controller {
    /** Unique in the runtime; every resource the controller writes is owned by this name. */
    String name();

    /** The inputs at registration; {@link ReconcileContext#updateInputs} may replace them later. */
    List<Input> inputs();

    List<Output> outputs();

    /** Idempotent; keeps no hidden state between calls that the inputs do not determine. */
    void reconcile(ReconcileContext ctx) throws Exception;

    /**
     * Called once when the runtime starts the controller, with a way to queue a reconcile from any thread for as
     * long as the runtime runs: for wake-ups that are no resource change (a timer, an outside event; Go's extra
     * event channel). Must return promptly.
     */
    default void started(Runnable queueReconcile) {
    }

    /** Called once when the runtime has stopped, after every one of its threads has ended (Go's on-shutdown). */
    default void stopped() {
    }
}
