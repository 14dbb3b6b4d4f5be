package dev.anvil.machined.controllers.containerd;

import dev.anvil.cosi.runtime.Controller;
import dev.anvil.cosi.runtime.Input;
import dev.anvil.cosi.runtime.Output;
import dev.anvil.cosi.runtime.ReconcileContext;
import dev.anvil.machined.containerd.NodeContainers;
import dev.anvil.machined.controllers.ActiveConfig;
import dev.anvil.machinery.config.document.ContainerServiceConfig;

import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Follows the {@code ContainerServiceConfig} documents of the active config while the node runs: hands them to the
 * node's {@link NodeContainers}, which starts, restarts or stops the {@code ext-NAME} services to match. A node
 * without containers (maintenance mode, or before boot made them) has nothing to follow. It drives services only,
 * so it declares no outputs.
 */
public final class ContainerServiceController implements Controller {
    private final Supplier<Optional<NodeContainers>> containers;

    public ContainerServiceController(Supplier<Optional<NodeContainers>> containers) {
        this.containers = containers;
    }

    @Override
    public String name() {
        return "containerd.ContainerServiceController";
    }

    @Override
    public List<Input> inputs() {
        return List.of(ActiveConfig.INPUT);
    }

    @Override
    public List<Output> outputs() {
        return List.of();
    }

    @Override
    public void reconcile(ReconcileContext ctx) throws InterruptedException {
        Optional<NodeContainers> node = containers.get();
        if (node.isEmpty()) {
            return;
        }
        var config = ActiveConfig.read(ctx);
        if (config.isPresent()) {
            node.get().apply(config.get().all(ContainerServiceConfig.class));
        }
    }
}
