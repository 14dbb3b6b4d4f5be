package dev.anvil.cosi.runtime;

import dev.anvil.cosi.resource.Kind;

import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ThreadFactory;

/**
 * How a {@link ControllerRuntime} runs.
 *
 * @param threadFactory where every thread of the runtime comes from (virtual threads by default; tests record them
 *                      to check that none is left after close)
 * @param cachedKinds   kinds whose controller reads are served from a cache the runtime fills from its own watch,
 *                      sparing the state; see {@link ReadCache} for what that costs in consistency
 */
public record RuntimeOptions(ThreadFactory threadFactory, Set<Kind> cachedKinds) {
    public static final RuntimeOptions DEFAULT = new RuntimeOptions(Thread.ofVirtual().factory(), Set.of());

    public RuntimeOptions {
        Objects.requireNonNull(threadFactory, "thread factory");
        cachedKinds = Set.copyOf(cachedKinds);
    }

    public RuntimeOptions withThreadFactory(ThreadFactory factory) {
        return new RuntimeOptions(factory, cachedKinds);
    }

    public RuntimeOptions withCachedKinds(Set<Kind> kinds) {
        return new RuntimeOptions(threadFactory, kinds);
    }
}
