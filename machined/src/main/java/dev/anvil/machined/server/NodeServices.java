package dev.anvil.machined.server;

import dev.anvil.cosi.runtime.DependencyGraph;
import dev.anvil.cosi.state.State;
import dev.anvil.machined.time.Sntp;
import dev.anvil.machinery.resources.ResourceTypes;
import io.grpc.BindableService;

import java.util.List;
import java.util.function.Supplier;

/**
 * The gRPC services a node serves on its API, in one place, so that the tests that call every method of them (with
 * every role, with bad input) call what machined serves, and a service added here is covered there at once.
 */
public final class NodeServices {
    private NodeServices() {
    }

    /**
     * cosi.resource.State as the API serves it, machine.MachineService, machine.ImageService, inspect.InspectService,
     * storage.StorageService, time.TimeService, anvil.upgrade.UpgradeService.
     */
    public static List<BindableService> of(State state, ResourceTypes types, MachineServer machine,
            Supplier<DependencyGraph> graph) {
        return List.of(StateServer.forApi(state, types), machine, new ImageServer(machine.containerRpcs()),
                new InspectServer(graph),
                new StorageServer(state), new TimeServer(state, new Sntp()),
                new UpgradeServer(machine.upgradeRpcs()));
    }
}
