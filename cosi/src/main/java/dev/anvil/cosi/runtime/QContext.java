package dev.anvil.cosi.runtime;

/**
 * A controller's checked reads and writes: all a {@link QController} reconciles with, and what a
 * {@link ReconcileContext} adds the full-reconcile calls to.
 */
public interface QContext extends ControllerReader, ControllerWriter {
}
