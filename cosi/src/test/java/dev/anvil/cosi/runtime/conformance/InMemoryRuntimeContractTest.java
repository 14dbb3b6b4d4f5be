package dev.anvil.cosi.runtime.conformance;

import dev.anvil.cosi.state.State;
import dev.anvil.cosi.state.inmem.InMemoryState;

/** The runtime contract suite over the in-memory state. */
class InMemoryRuntimeContractTest extends RuntimeContractSuite {
    @Override
    protected State newState() {
        return new InMemoryState();
    }
}
