package dev.anvil.cosi.runtime;

import dev.anvil.cosi.resource.Kind;

import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ThreadFactory;

/**
 * How a {@link ControllerRuntime} runs.
 *
 * @param threadFactory   where every thread of the runtime comes from (virtual threads by default; tests record them
 *                        to check that none is left after close)
 * @param cachedKinds     kinds whose controller reads are served from a cache the runtime fills from its own watch,
 *                        sparing the state; see {@link ReadCache} for what that costs in consistency
 * @param changeRateLimit how fast each controller may change the state; unlimited by default
 */
public record RuntimeOptions(ThreadFactory threadFactory, Set<Kind> cachedKinds, ChangeRateLimit changeRateLimit) {
    public static final RuntimeOptions DEFAULT = new RuntimeOptions(Thread.ofVirtual().factory(), Set.of(),
            ChangeRateLimit.UNLIMITED);

    public RuntimeOptions {
        Objects.requireNonNull(threadFactory, "thread factory");
        cachedKinds = Set.copyOf(cachedKinds);
        Objects.requireNonNull(changeRateLimit, "change rate limit");
    }

    public RuntimeOptions withThreadFactory(ThreadFactory factory) {
        return new RuntimeOptions(factory, cachedKinds, changeRateLimit);
    }

    public RuntimeOptions withCachedKinds(Set<Kind> kinds) {
        return new RuntimeOptions(threadFactory, kinds, changeRateLimit);
    }

    /** Each controller may make {@code perSecond} changes a second, {@code burst} at once. */
    public RuntimeOptions withChangeRateLimit(double perSecond, int burst) {
        return new RuntimeOptions(threadFactory, cachedKinds, new ChangeRateLimit(perSecond, burst));
    }
}
