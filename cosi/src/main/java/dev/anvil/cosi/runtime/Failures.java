package dev.anvil.cosi.runtime;

import java.lang.System.Logger.Level;

/** How controller failures are told apart and logged. */
final class Failures {
    private static final System.Logger LOG = System.getLogger("dev.anvil.cosi.runtime");

    private Failures() {
    }

    /**
     * True when the failure is the runtime stopping the thread rather than the controller failing: the thread was
     * interrupted, or the failure is (or wraps) an interruption.
     */
    static boolean isStop(Throwable failure) {
        if (Thread.currentThread().isInterrupted()) {
            return true;
        }
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof InterruptedException) {
                return true;
            }
        }
        return false;
    }

    /** Errors the VM cannot recover from are never treated as a controller crash. */
    static void rethrowFatal(Throwable failure) {
        if (failure instanceof VirtualMachineError fatal) {
            throw fatal;
        }
    }

    static void log(String controller, String what, Throwable failure) {
        LOG.log(Level.WARNING, () -> "controller \"" + controller + "\" " + what + " failed", failure);
    }
}
