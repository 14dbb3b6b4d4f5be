package dev.anvil.cosi.runtime;

import java.time.Duration;

/**
 * A controller's checked reads and writes: all a {@link QController} reconciles with, and what a
 * {@link ReconcileContext} adds the full-reconcile calls to.
 */
public interface QContext extends ControllerReader, ControllerWriter {
    /**
     * Asks to run again after {@code interval} even if nothing changes, once this reconcile returns normally (Go's
     * requeue without an error): everything it wrote stays written. A queue controller's item is queued again and
     * counted as a requeue; a full controller reconciles again. Asked more than once, the shortest interval wins.
     * Unlike throwing {@link RequeueException}, this does not end the reconcile.
     */
    void requeueAfter(Duration interval);
}
