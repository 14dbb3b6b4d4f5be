package dev.anvil.cosi.state.namespaced;

import dev.anvil.cosi.state.State;
import dev.anvil.cosi.state.conformance.StateConformance;
import dev.anvil.cosi.state.inmem.InMemoryState;

/** The conformance suite over one in-memory backend per namespace. */
class NamespacedStateTest extends StateConformance {
    @Override
    protected State newState() {
        return new NamespacedState(namespace -> new InMemoryState());
    }
}
