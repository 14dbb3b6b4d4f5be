package dev.anvil.machined.server;

import dev.anvil.machinery.version.BuildInfo;
import dev.anvil.api.machine.MachineServiceGrpc;
import dev.anvil.cosi.state.inmem.InMemoryState;
import dev.anvil.machined.events.EventStream;
import dev.anvil.machined.server.files.NodeFiles;
import dev.anvil.machined.services.ServiceSpec;
import dev.anvil.machined.services.Supervisor;
import dev.anvil.sys.Cgroups;
import dev.anvil.sys.ProcessSpec;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A {@link MachineServer} over real parts (a supervisor running real programs, an event stream, an in-memory
 * state), served over gRPC on 127.0.0.1 in plaintext. {@link #close()} stops the channel, the server, the streams'
 * threads and every service, and checks that no stream was left running.
 */
final class ServedMachine implements AutoCloseable {
    final Supervisor supervisor = new Supervisor(Cgroups.detect(), "anvil-test-" + ProcessHandle.current().pid());
    final ServiceHistory history = ServiceHistory.watch(supervisor);
    final EventStream events = new EventStream(100);
    final InMemoryState state = new InMemoryState();
    final MachineServer server;
    private final ServedState served;

    ServedMachine() {
        this(NodeFiles.node());
    }

    /** A node whose file RPCs show what {@code files} shows (tests give it temporary directories). */
    ServedMachine(NodeFiles files) {
        server = new MachineServer(supervisor, history, events, state, Platform.CONTAINER, BuildInfo.load(),
                new MachineServer.Control(MachineServer.NO_CONFIG, null, ClientCredentials.none()), files);
        served = ServedState.serve(server);
    }

    MachineServiceGrpc.MachineServiceBlockingStub blocking() {
        return MachineServiceGrpc.newBlockingStub(served.channel());
    }

    MachineServiceGrpc.MachineServiceStub async() {
        return MachineServiceGrpc.newStub(served.channel());
    }

    /** Registers and starts a service running a shell script. */
    void run(String id, String script) {
        supervisor.register(ServiceSpec.of(id, sh(script)));
        supervisor.start(id);
    }

    static ProcessSpec sh(String script) {
        return ProcessSpec.of("/bin/sh", "-c", script);
    }

    @Override
    public void close() {
        try {
            served.close();
            server.close();
            assertThat(server.streams()).as("streams still being sent").isZero();
        } finally {
            supervisor.close();
        }
    }
}
