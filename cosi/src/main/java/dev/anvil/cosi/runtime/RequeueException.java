package dev.anvil.cosi.runtime;

import java.time.Duration;
import java.util.Objects;

/**
 * Thrown by {@link QController#reconcile} to run the same pointer again after {@link #interval()}. Without a cause
 * it is a plain request ("not yet, look again later"), counted as a requeue; with a cause it is also a failure,
 * counted as a crash.
 */
public final class RequeueException extends RuntimeException {
    private final Duration interval;

    public RequeueException(Duration interval) {
        this(interval, null);
    }

    public RequeueException(Duration interval, Throwable cause) {
        super("requeue after " + interval + (cause == null ? "" : ": " + cause.getMessage()), cause, false, false);
        this.interval = Objects.requireNonNull(interval, "interval");
    }

    public Duration interval() {
        return interval;
    }
}
