package dev.anvil.cosi.runtime.conformance;

import dev.anvil.cosi.runtime.RuntimeOptions;

/** The runtime contract suite over the in-memory state with the rate-limited option set. */
class InMemoryRateLimitedRuntimeContractTest extends InMemoryRuntimeContractTest {
    @Override
    protected RuntimeOptions runtimeOptions() {
        return InMemoryRateLimitedRuntimeTest.RATE_LIMITED;
    }
}
