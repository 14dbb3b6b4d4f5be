package dev.anvil.cosi.runtime.conformance;

import dev.anvil.cosi.state.State;
import dev.anvil.cosi.state.inmem.HistoryOptions;
import dev.anvil.cosi.state.inmem.InMemoryState;

/** The runtime conformance suite over the in-memory state. */
class InMemoryRuntimeTest extends RuntimeSuite {
    @Override
    protected State newState() {
        return new InMemoryState();
    }

    @Override
    protected State newStateWithHistory(int capacity, int gap) {
        return new InMemoryState(HistoryOptions.fixed(capacity, gap));
    }
}
