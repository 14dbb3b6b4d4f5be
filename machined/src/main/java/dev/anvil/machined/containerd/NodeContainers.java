package dev.anvil.machined.containerd;

import dev.anvil.machined.log.Log;
import dev.anvil.machined.services.RestartPolicy;
import dev.anvil.machined.services.Supervisor;
import dev.anvil.machinery.config.document.ContainerServiceConfig;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

/**
 * What a configured node runs of containerd: the containerd service, and a container service {@code ext-NAME} for
 * each {@code ContainerServiceConfig} document of its config. The documents take effect without a reboot
 * ({@link #apply}): an added one starts its service, a changed one restarts it with the new definition, a removed
 * one stops it. Thread-safe: {@link #start} and {@link #apply} run one at a time.
 */
public final class NodeContainers {
    private final Supervisor supervisor;
    private final ContainerdService containerd;
    private final Supplier<String> hostname;
    private final Set<String> registered = new HashSet<>();
    private Map<String, ContainerServiceConfig> wanted;
    private Map<String, ContainerServiceConfig> running = Map.of();
    private boolean started;

    public NodeContainers(Supervisor supervisor, ContainerdService containerd, List<ContainerServiceConfig> services,
            Supplier<String> hostname) {
        this.supervisor = supervisor;
        this.containerd = containerd;
        this.wanted = byId(services);
        this.hostname = hostname;
    }

    public Containerd client() {
        return containerd.client();
    }

    /** Starts containerd, and the container services (each waits for containerd to be healthy). */
    public synchronized void start() throws InterruptedException {
        containerd.start();
        started = true;
        converge();
    }

    /** The container services from now on; before {@link #start} they are only remembered. */
    public synchronized void apply(List<ContainerServiceConfig> services) throws InterruptedException {
        wanted = byId(services);
        if (started) {
            converge();
        }
    }

    private void converge() throws InterruptedException {
        for (String id : running.keySet()) {
            if (!wanted.containsKey(id)) {
                Log.info("container service removed from the config: stopping it", "service", id);
                supervisor.stop(id);
            }
        }
        for (Map.Entry<String, ContainerServiceConfig> e : wanted.entrySet()) {
            String id = e.getKey();
            if (e.getValue().equals(running.get(id))) {
                continue;
            }
            var spec = ContainerServices.spec(containerd.client(), definition(id, e.getValue()),
                    restart(e.getValue().restart()), ContainerServices.FIFOS, "/anvil/" + hostname.get());
            if (registered.add(id)) {
                supervisor.register(spec);
            } else {
                Log.info("container service changed in the config: restarting it", "service", id);
                supervisor.replace(spec);
            }
            supervisor.start(id);
        }
        running = wanted;
    }

    private static ContainerLauncher.Definition definition(String id, ContainerServiceConfig c) {
        return new ContainerLauncher.Definition(id, c.image(), Objects.requireNonNullElse(c.args(), List.of()),
                Objects.requireNonNullElse(c.environment(), List.of()));
    }

    private static Map<String, ContainerServiceConfig> byId(List<ContainerServiceConfig> services) {
        Map<String, ContainerServiceConfig> byId = new LinkedHashMap<>();
        services.forEach(c -> byId.put("ext-" + c.name(), c));
        return java.util.Collections.unmodifiableMap(byId);
    }

    static RestartPolicy.Mode restart(String restart) {
        return switch (restart == null ? "always" : restart) {
            case "never" -> RestartPolicy.Mode.NEVER;
            case "untilSuccess" -> RestartPolicy.Mode.ON_FAILURE;
            default -> RestartPolicy.Mode.ALWAYS;
        };
    }
}
