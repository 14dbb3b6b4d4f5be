package dev.anvil.machined.containerd;

import dev.anvil.machined.services.RestartPolicy;
import dev.anvil.machined.services.Supervisor;
import dev.anvil.machinery.config.document.ContainerServiceConfig;

import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * What a configured node runs of containerd: the containerd service, and a container service for each
 * {@code ContainerServiceConfig} document of its config (read at boot; a change takes a reboot).
 */
public final class NodeContainers {
    private final Supervisor supervisor;
    private final ContainerdService containerd;
    private final List<ContainerServiceConfig> services;
    private final Supplier<String> hostname;

    public NodeContainers(Supervisor supervisor, ContainerdService containerd, List<ContainerServiceConfig> services,
            Supplier<String> hostname) {
        this.supervisor = supervisor;
        this.containerd = containerd;
        this.services = List.copyOf(services);
        this.hostname = hostname;
    }

    public Containerd client() {
        return containerd.client();
    }

    /** Starts containerd, and the container services (each waits for containerd to be healthy). */
    public void start() {
        containerd.start();
        for (ContainerServiceConfig c : services) {
            String id = "ext-" + c.name();
            supervisor.register(ContainerServices.spec(containerd.client(), new ContainerLauncher.Definition(id,
                    c.image(), Objects.requireNonNullElse(c.args(), List.of()),
                    Objects.requireNonNullElse(c.environment(), List.of())), restart(c.restart()),
                    ContainerServices.FIFOS, "/anvil/" + hostname.get()));
            supervisor.start(id);
        }
    }

    static RestartPolicy.Mode restart(String restart) {
        return switch (restart == null ? "always" : restart) {
            case "never" -> RestartPolicy.Mode.NEVER;
            case "untilSuccess" -> RestartPolicy.Mode.ON_FAILURE;
            default -> RestartPolicy.Mode.ALWAYS;
        };
    }
}
