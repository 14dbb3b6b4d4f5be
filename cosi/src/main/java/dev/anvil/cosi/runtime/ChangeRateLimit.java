package dev.anvil.cosi.runtime;

/**
 * How fast each controller may change the state (Go's {@code WithChangeRateLimit}): a token bucket per controller
 * that refills at {@code perSecond} and holds at most {@code burst}; every create, update, modify, teardown, destroy
 * and finalizer change takes one token, waiting for it if the bucket is empty. A guard against a controller that
 * misbehaves and floods the state, not a scheduling tool.
 *
 * @param perSecond tokens added a second; infinite for no limit
 * @param burst     how many changes may go at once after a quiet spell, at least 1 unless unlimited
 */
public record ChangeRateLimit(double perSecond, int burst) {
    public static final ChangeRateLimit UNLIMITED = new ChangeRateLimit(Double.POSITIVE_INFINITY, 0);

    public ChangeRateLimit {
        if (!(perSecond > 0)) {
            throw new IllegalArgumentException("a change rate must be positive, got " + perSecond);
        }
        if (!unlimitedRate(perSecond) && burst < 1) {
            throw new IllegalArgumentException("a limited change rate needs a burst of at least 1, got " + burst);
        }
    }

    public boolean unlimited() {
        return unlimitedRate(perSecond);
    }

    private static boolean unlimitedRate(double perSecond) {
        return Double.isInfinite(perSecond);
    }
}
