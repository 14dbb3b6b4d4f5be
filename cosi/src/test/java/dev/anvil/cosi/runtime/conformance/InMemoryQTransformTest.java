package dev.anvil.cosi.runtime.conformance;

import dev.anvil.cosi.state.State;
import dev.anvil.cosi.state.inmem.InMemoryState;

/** The queue transform suite over the in-memory state. */
class InMemoryQTransformTest extends QTransformSuite {
    @Override
    protected State newState() {
        return new InMemoryState();
    }
}
