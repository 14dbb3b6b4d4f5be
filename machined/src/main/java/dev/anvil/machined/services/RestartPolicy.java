package dev.anvil.machined.services;

import java.time.Duration;

/**
 * Whether a service that ended is started again, and how long to wait: the backoff starts at {@code initial},
 * grows by half each time up to {@code max}, and resets once the service has run for {@code healthyAfter}.
 */
public record RestartPolicy(Mode mode, Duration initial, Duration max, Duration healthyAfter) {
    public enum Mode {
        ALWAYS, ON_FAILURE, NEVER
    }

    public static final RestartPolicy DEFAULT =
            new RestartPolicy(Mode.ALWAYS, Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofMinutes(1));

    public boolean restarts(boolean success) {
        return switch (mode) {
            case ALWAYS -> true;
            case ON_FAILURE -> !success;
            case NEVER -> false;
        };
    }

    public Duration next(Duration previous) {
        if (previous == null) {
            return initial;
        }
        Duration grown = previous.plus(previous.dividedBy(2));
        return grown.compareTo(max) > 0 ? max : grown;
    }
}
