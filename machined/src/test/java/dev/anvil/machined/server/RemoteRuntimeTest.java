package dev.anvil.machined.server;

import dev.anvil.cosi.runtime.conformance.RuntimeSuite;
import dev.anvil.cosi.runtime.conformance.TestResources;
import dev.anvil.cosi.state.State;
import dev.anvil.cosi.state.inmem.InMemoryState;
import dev.anvil.machinery.resources.ResourceTypes;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;

/**
 * The controller runtime conformance suite with its state across the wire, as the COSI runtime's harness also
 * runs it: controllers read and write through RemoteState, a real Netty server and StateServer, over an in-memory
 * state (cosi.md 6.3, second transport).
 */
class RemoteRuntimeTest extends RuntimeSuite {
    private static final ResourceTypes TYPES = ResourceTypes.none()
            .with(TestResources.INT, TestResources.IntSpec.class)
            .with(TestResources.STR, TestResources.StrSpec.class)
            .with(TestResources.SENTENCE, TestResources.SentenceSpec.class);

    private final List<ServedState> served = new ArrayList<>();

    @Override
    protected State newState() {
        return serve(new InMemoryState());
    }

    // The overrun check (6.4 #97) stays with the in-memory runs, as in the COSI runtime's harness: across the wire
    // each write is a round trip, so the server-side watch never falls behind by itself.

    private State serve(State backend) {
        ServedState s = ServedState.serve(backend, TYPES);
        served.add(s);
        return s.remote(TYPES);
    }

    /** Extension callbacks run after every @AfterEach, so the servers outlive the suite's own runtime checks. */
    @RegisterExtension
    final AfterEachCallback stopServers = context -> {
        served.forEach(ServedState::close);
        served.clear();
    };
}
