package dev.anvil.cosi.runtime;

/**
 * Told of each reconcile's end, for a watcher that needs to know how the controllers fare (machined reverts a
 * config under which a controller starts failing). Called on the controller's own thread right after the
 * reconcile, before any backoff; it must be quick and must not throw. Reconciles interrupted by the runtime
 * stopping are not reported.
 */
@FunctionalInterface
public interface ReconcileListener {
    /**
     * @param controller the controller's name
     * @param failure    what the reconcile (or a queue controller's job or hook) threw, or null when it succeeded
     */
    void reconciled(String controller, Throwable failure);

    /**
     * The same report with how long the reconcile (job, or hook run) took; the runtime calls this one. A listener
     * that wants the duration (a metrics endpoint's histogram) overrides it; by default it forwards to
     * {@link #reconciled(String, Throwable)}.
     *
     * @param nanos the reconcile's wall time in nanoseconds
     */
    default void reconciled(String controller, Throwable failure, long nanos) {
        reconciled(controller, failure);
    }
}
