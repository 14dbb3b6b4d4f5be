package dev.anvil.cosi.runtime;

/** The runtime had to stop: a watch failed (events were lost, so controllers could have missed a change). */
public final class ControllerRuntimeException extends RuntimeException {
    public ControllerRuntimeException(String message, Throwable cause) {
        super(message, cause);
    }
}
