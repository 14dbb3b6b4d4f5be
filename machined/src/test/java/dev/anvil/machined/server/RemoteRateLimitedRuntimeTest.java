package dev.anvil.machined.server;

import dev.anvil.cosi.runtime.RuntimeOptions;

/** The runtime suite across the wire with each controller's changes limited to 10 a second, 20 at once. */
class RemoteRateLimitedRuntimeTest extends RemoteRuntimeTest {
    @Override
    protected RuntimeOptions runtimeOptions() {
        return RuntimeOptions.DEFAULT.withChangeRateLimit(10, 20);
    }
}
