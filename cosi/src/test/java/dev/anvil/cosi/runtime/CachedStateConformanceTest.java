package dev.anvil.cosi.runtime;

import dev.anvil.cosi.resource.Kind;
import dev.anvil.cosi.state.State;
import dev.anvil.cosi.state.conformance.StateConformance;
import dev.anvil.cosi.state.inmem.InMemoryState;
import org.junit.jupiter.api.AfterEach;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * cosi.md 6.4 check 98, first half: the runtime's cached state passes the whole State suite for kinds it does not
 * cache (the suite's kinds), while another kind is cached; the cached half is in InMemoryCachedRuntimeTest.
 */
class CachedStateConformanceTest extends StateConformance {
    private final List<ControllerRuntime> runtimes = new ArrayList<>();

    @Override
    protected State newState() {
        ControllerRuntime runtime = new ControllerRuntime(new InMemoryState(),
                RuntimeOptions.DEFAULT.withCachedKinds(Set.of(new Kind("cached", "Cached.test.anvil.dev"))));
        runtimes.add(runtime);
        return runtime.cachedState();
    }

    @AfterEach
    void closeRuntimes() {
        runtimes.forEach(ControllerRuntime::close);
    }
}
