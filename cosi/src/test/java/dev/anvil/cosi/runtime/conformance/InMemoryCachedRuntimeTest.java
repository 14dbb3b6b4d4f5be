package dev.anvil.cosi.runtime.conformance;

import dev.anvil.cosi.resource.Kind;
import dev.anvil.cosi.runtime.RuntimeOptions;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The runtime conformance suite over the in-memory state with every kind the test controllers read cached, as the
 * Go harness's third option set does: the checks must pass on eventually consistent reads too.
 */
class InMemoryCachedRuntimeTest extends InMemoryRuntimeTest {
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
