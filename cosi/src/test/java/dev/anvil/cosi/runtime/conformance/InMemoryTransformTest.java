package dev.anvil.cosi.runtime.conformance;

import dev.anvil.cosi.state.State;
import dev.anvil.cosi.state.inmem.InMemoryState;

/** The transform suite over the in-memory state. */
class InMemoryTransformTest extends TransformSuite {
    @Override
    protected State newState() {
        return new InMemoryState();
    }
}
