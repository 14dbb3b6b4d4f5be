package dev.anvil.machined.resources;

import dev.anvil.cosi.resource.Resource;
import dev.anvil.cosi.state.NotFoundException;
import dev.anvil.cosi.state.State;
import dev.anvil.cosi.state.UpdateOptions;
import dev.anvil.machined.services.ServiceState;
import dev.anvil.machined.services.ServiceStatus;
import dev.anvil.machinery.resources.runtime.ServiceResource;

import java.util.function.Consumer;

/**
 * Mirrors the supervisor into {@code Service} resources, as Talos's ServiceController does: the one writer of that
 * type. Registered as a supervisor listener, so it sees every change of every service in order.
 */
public final class ServicePublisher implements Consumer<ServiceStatus> {
    static final String OWNER = "v1alpha1.ServiceController";

    private final State state;

    public ServicePublisher(State state) {
        this.state = state;
    }

    @Override
    public void accept(ServiceStatus status) {
        if (status.state() == ServiceState.SKIPPED) {
            // as Talos's ServiceController: a service that does not apply to the node (a kubelet without its
            // binary) has no Service resource, so it does not hold the node's readiness back
            try {
                state.destroy(ServiceResource.pointer(status.id()), OWNER);
            } catch (NotFoundException alreadyGone) {
                // it never ran
            }
            return;
        }
        boolean running = status.state() == ServiceState.RUNNING;
        ServiceResource spec = new ServiceResource(running, running && Boolean.TRUE.equals(status.healthy()),
                running && status.healthy() == null);
        state.modify(Resource.of(ServiceResource.pointer(status.id()), spec), r -> r.withSpec(spec),
                UpdateOptions.owner(OWNER));
    }
}
