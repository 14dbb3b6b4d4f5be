package dev.anvil.machined.containerd;

import dev.anvil.machined.services.RestartPolicy;
import dev.anvil.machined.services.ServiceSpec;
import dev.anvil.sys.ProcessSpec;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Services that run as containers in containerd's {@value #NAMESPACE} namespace, as Talos runs its system and
 * extension services: each depends on the containerd service and is started by a {@link ContainerLauncher}.
 */
public final class ContainerServices {
    public static final String NAMESPACE = "system";
    /** Where the pipes of the containers' output live. */
    public static final Path FIFOS = Path.of("/run/anvil/containers");

    private ContainerServices() {
    }

    /**
     * The service of a container. Its process spec only names the container ({@code /containerd/system/ID}): nothing
     * is spawned for it, containerd's shim starts it.
     */
    public static ServiceSpec spec(Containerd containerd, ContainerLauncher.Definition definition,
            RestartPolicy.Mode restart, Path fifos, String cgroupParent) {
        return ServiceSpec.of(definition.id(), ProcessSpec.of("/containerd/" + NAMESPACE + "/" + definition.id()))
                .dependingOn(ContainerdService.ID)
                .withRestart(new RestartPolicy(restart, RestartPolicy.DEFAULT.initial(), RestartPolicy.DEFAULT.max(),
                        RestartPolicy.DEFAULT.healthyAfter()))
                .withStopTimeout(Duration.ofSeconds(10))
                .launchedBy(new ContainerLauncher(containerd.namespace(NAMESPACE), definition, fifos, cgroupParent));
    }
}
