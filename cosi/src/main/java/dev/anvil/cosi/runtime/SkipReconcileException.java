package dev.anvil.cosi.runtime;

/**
 * "Nothing to do until the next change": thrown by a {@link QController#reconcile} (Go's {@code SkipReconcileTag}),
 * it is neither a failure nor a requeue. The runtime counts a skip, clears the item's backoff and waits for the next
 * change of its inputs. The generic controllers also accept it from the functions they are given, with the same
 * meaning for the one resource at hand.
 */
public final class SkipReconcileException extends RuntimeException {
    public SkipReconcileException(String reason) {
        super(reason, null, false, false);
    }
}
