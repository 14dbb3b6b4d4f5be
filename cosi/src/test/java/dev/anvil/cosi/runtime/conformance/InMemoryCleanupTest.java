package dev.anvil.cosi.runtime.conformance;

import dev.anvil.cosi.state.State;
import dev.anvil.cosi.state.inmem.InMemoryState;

/** The destroy and cleanup controller suite over the in-memory state. */
class InMemoryCleanupTest extends CleanupSuite {
    @Override
    protected State newState() {
        return new InMemoryState();
    }
}
