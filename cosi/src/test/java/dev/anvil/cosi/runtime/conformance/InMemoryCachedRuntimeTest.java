package dev.anvil.cosi.runtime.conformance;

import dev.anvil.cosi.resource.Kind;
import dev.anvil.cosi.runtime.RuntimeOptions;
import dev.anvil.cosi.state.State;
import dev.anvil.cosi.state.inmem.HistoryOptions;
import dev.anvil.cosi.state.inmem.InMemoryState;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The runtime conformance suite over the in-memory state with every kind the test controllers read cached, as the
 * Go harness's third option set does: the checks must pass on eventually consistent reads too.
 */
class InMemoryCachedRuntimeTest extends RuntimeSuite {
    @Override
    protected State newState() {
        return new InMemoryState();
    }

    @Override
    protected State newStateWithHistory(int capacity, int gap) {
        return new InMemoryState(HistoryOptions.fixed(capacity, gap));
    }

    @Override
    protected RuntimeOptions runtimeOptions() {
        Set<Kind> kinds = new HashSet<>();
        for (String namespace : NAMESPACES) {
            for (String type : List.of(TestResources.INT, TestResources.STR, TestResources.SENTENCE)) {
                kinds.add(new Kind(namespace, type));
            }
        }
        return RuntimeOptions.DEFAULT.withCachedKinds(kinds);
    }

    @Override
    protected boolean readsAreCached() {
        return true;
    }
}
