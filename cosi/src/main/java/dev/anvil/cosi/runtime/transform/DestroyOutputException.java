package dev.anvil.cosi.runtime.transform;

/**
 * Thrown by the transform of a {@link QTransformController} when the input should have no output (any more), Go's
 * DestroyOutputTag: nothing is written, and the output is torn down and destroyed once its finalizers are released.
 * Not a failure.
 */
public final class DestroyOutputException extends RuntimeException {
    public DestroyOutputException(String reason) {
        super(reason, null, false, false);
    }
}
