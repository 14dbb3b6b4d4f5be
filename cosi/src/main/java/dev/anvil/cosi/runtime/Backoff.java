package dev.anvil.cosi.runtime;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff for restarts: 500 ms, then x1.5 each time up to 60 s, each interval randomised by +-50 % so
 * that controllers failing together do not retry together. Not thread-safe; each owner keeps its own.
 */
final class Backoff {
    static final Duration INITIAL = Duration.ofMillis(500);
    static final Duration MAX = Duration.ofSeconds(60);
    static final double MULTIPLIER = 1.5;
    static final double JITTER = 0.5;

    private double currentNanos = INITIAL.toNanos();

    /** The next interval to wait, then grows the base for the one after. */
    Duration next() {
        double base = currentNanos;
        currentNanos = Math.min(currentNanos * MULTIPLIER, MAX.toNanos());
        double delta = base * JITTER;
        return Duration.ofNanos((long) ThreadLocalRandom.current().nextDouble(base - delta, base + delta));
    }

    void reset() {
        currentNanos = INITIAL.toNanos();
    }
}
