package dev.anvil.cosi.runtime;

/** A controller touched a resource its declared inputs and outputs do not allow. A programming error. */
public final class AccessDeniedException extends RuntimeException {
    public AccessDeniedException(String message) {
        super(message);
    }
}
