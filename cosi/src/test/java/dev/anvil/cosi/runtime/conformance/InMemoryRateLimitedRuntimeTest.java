package dev.anvil.cosi.runtime.conformance;

import dev.anvil.cosi.runtime.RuntimeOptions;

/**
 * The runtime conformance suite over the in-memory state with each controller's changes limited to 10 a second,
 * 20 at once: the Go harness's second option set. The checks must hold when writes wait for the limit.
 */
class InMemoryRateLimitedRuntimeTest extends InMemoryRuntimeTest {
    static final RuntimeOptions RATE_LIMITED = RuntimeOptions.DEFAULT.withChangeRateLimit(10, 20);

    @Override
    protected RuntimeOptions runtimeOptions() {
        return RATE_LIMITED;
    }
}
