package dev.anvil.cosi.runtime;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * The token bucket behind a {@link ChangeRateLimit}, one per controller, shared by its threads.
 *
 * <p>Design: a change reserves its token at once, even when the bucket is empty (the count goes below zero), and then
 * sleeps until that token is due. Reservations are handed out in call order under one lock, so concurrent workers of
 * a queue controller are served first come, first served, and the lock is never held while sleeping. The bucket
 * starts full. Thread-safe.
 */
final class TokenBucket {
    private final ChangeRateLimit limit;
    private final LongSupplier nanoClock;
    private double tokens;
    private long refilledAt;

    TokenBucket(ChangeRateLimit limit) {
        this(limit, System::nanoTime);
    }

    TokenBucket(ChangeRateLimit limit, LongSupplier nanoClock) {
        this.limit = limit;
        this.nanoClock = nanoClock;
        this.tokens = limit.burst();
        this.refilledAt = nanoClock.getAsLong();
    }

    /** Takes a token, waiting until it is due. */
    void acquire() throws InterruptedException {
        Duration wait = reserve();
        if (wait.isPositive()) {
            Thread.sleep(wait);
        }
    }

    /** Takes a token and says how long until it may be used (zero when one was in the bucket). */
    synchronized Duration reserve() {
        if (limit.unlimited()) {
            return Duration.ZERO;
        }
        long now = nanoClock.getAsLong();
        tokens = Math.min(limit.burst(), tokens + (now - refilledAt) * limit.perSecond() / 1e9);
        refilledAt = now;
        tokens -= 1;
        return tokens >= 0 ? Duration.ZERO : Duration.ofNanos((long) Math.ceil(-tokens * 1e9 / limit.perSecond()));
    }
}
