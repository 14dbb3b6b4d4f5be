package dev.anvil.machined.server;

import dev.anvil.cosi.resource.Resource;
import dev.anvil.cosi.runtime.conformance.IntDoublerController;
import dev.anvil.cosi.runtime.conformance.IntToStrController;
import dev.anvil.cosi.runtime.conformance.RuntimeSuite;
import dev.anvil.cosi.runtime.conformance.TestResources;
import dev.anvil.cosi.state.State;
import dev.anvil.cosi.state.inmem.InMemoryState;
import dev.anvil.machinery.resources.ResourceTypes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;

import static dev.anvil.cosi.runtime.conformance.TestResources.ints;
import static dev.anvil.cosi.runtime.conformance.TestResources.newInt;
import static dev.anvil.cosi.runtime.conformance.TestResources.strs;
import static org.awaitility.Awaitility.await;

/**
 * The controller runtime conformance suite with its state across the wire, as the COSI runtime's harness also
 * runs it: controllers read and write through RemoteState, a real Netty server and StateServer, over an in-memory
 * state (cosi.md 6.3, second transport), and the runtime outliving a restart of that server (6.4 check 99).
 */
class RemoteRuntimeTest extends RuntimeSuite {
    private static final ResourceTypes TYPES = ResourceTypes.none()
            .with(TestResources.INT, TestResources.IntSpec.class)
            .with(TestResources.STR, TestResources.StrSpec.class)
            .with(TestResources.SENTENCE, TestResources.SentenceSpec.class);

    private final List<ServedState> served = new ArrayList<>();
    private InMemoryState backend;

    @Override
    protected State newState() {
        backend = new InMemoryState();
        return serve(backend);
    }

    // The overrun check (6.4 #97) stays with the in-memory runs, as in the COSI runtime's harness: across the wire
    // each write is a round trip, so the server-side watch never falls behind by itself.

    /**
     * 6.4 #99: the server goes away under a running runtime and comes back on the same port with the same state
     * behind it. The runtime does not end; its watches resume from their bookmarks, so a change made while the
     * server was down (straight into the state behind it) and one made through the client after the restart are
     * both reconciled. The fixture then checks that run() ends cleanly and no runtime thread is left.
     */
    @Test
    void serverRestart_runtimeKeepsRunning_andReconcilesChangesMadeSince() throws Exception {
        ServedState server = served.getLast();
        startRuntime();
        runtime.register(new IntToStrController("one", "default"));
        runtime.register(new IntDoublerController("another", "default"));
        state.create(newInt("one", "1", 1));
        state.create(newInt("another", "4", 4));
        awaitContents(strs("default"), "1", "1");
        awaitContents(ints("default"), "4", "8");

        server.stopServer();
        // long enough for the watches to fail a few reconnects and the controllers to crash on their writes
        Thread.sleep(300);
        assertRuntimeStillRunning();
        backend.create(newInt("one", "3", 3));
        server.restartServer();

        // the first calls may fail while the channel reconnects
        await().atMost(PATIENCE).ignoreExceptions().until(() -> createdOrThere(newInt("another", "2", 2)));
        awaitContents(ints("default"), "2", "4", "4", "8");
        awaitContents(strs("default"), "1", "1", "3", "3");
        assertRuntimeStillRunning();
    }

    /** Creates the resource through the client, or finds it there: a create whose reply was lost still landed. */
    private boolean createdOrThere(Resource<?> resource) {
        try {
            state.create(resource);
        } catch (RuntimeException e) {
            backend.get(resource.pointer());
        }
        return true;
    }

    private State serve(State backing) {
        ServedState s = ServedState.serve(backing, TYPES);
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
