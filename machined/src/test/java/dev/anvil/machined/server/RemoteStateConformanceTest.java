package dev.anvil.machined.server;

import dev.anvil.cosi.state.State;
import dev.anvil.cosi.state.conformance.PathSpec;
import dev.anvil.cosi.state.conformance.StateConformance;
import dev.anvil.cosi.state.inmem.InMemoryState;
import dev.anvil.machinery.resources.ResourceTypes;
import org.junit.jupiter.api.AfterEach;

import java.util.ArrayList;
import java.util.List;

/**
 * The whole State conformance suite through the wire: RemoteState, a real Netty server on 127.0.0.1 running
 * StateServer, and an in-memory state behind it. Each test gets its own server, stopped after the test.
 */
class RemoteStateConformanceTest extends StateConformance {
    private static final ResourceTypes TYPES = ResourceTypes.none().with(PathSpec.TYPE, PathSpec.class);

    private final List<ServedState> served = new ArrayList<>();

    @Override
    protected State newState() {
        ServedState s = ServedState.serve(new InMemoryState(), TYPES);
        served.add(s);
        return s.remote(TYPES);
    }

    @AfterEach
    void stopServers() {
        served.forEach(ServedState::close);
        served.clear();
    }
}
