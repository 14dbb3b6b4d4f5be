package dev.anvil.cosi.runtime;

import dev.anvil.cosi.resource.Kind;

import java.util.List;

/**
 * What a {@link Controller} reconciles with: checked reads and writes, plus the runtime calls of a full-reconcile
 * controller. A context is valid only during the reconcile it was passed to.
 */
public interface ReconcileContext extends QContext {
    /** Asks for one more reconcile after this one (coalesced with any pending one). */
    void queueReconcile();

    /**
     * Replaces the controller's inputs; new kinds are watched before this returns, so a list made afterwards misses
     * no later change. Queue kinds are refused.
     */
    void updateInputs(List<Input> inputs);

    /**
     * Starts recording which outputs this reconcile creates, updates or modifies (failed writes included); at most
     * once per reconcile.
     */
    void startTrackingOutputs();

    /**
     * Destroys (without teardown, so outputs must not carry finalizers) every resource of the kinds owned by this
     * controller and not written since {@link #startTrackingOutputs()}, then stops tracking.
     */
    void cleanupOutputs(Kind... kinds);
}
