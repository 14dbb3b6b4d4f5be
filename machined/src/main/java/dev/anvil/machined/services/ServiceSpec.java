package dev.anvil.machined.services;

import dev.anvil.sys.ProcessSpec;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A service the supervisor runs: its process, the services that must be up first (running, and healthy when they
 * have a health check), an optional health check, its restart policy, how long it gets to stop after SIGTERM, a
 * precondition that may say why it does not apply here (then it is skipped), and a preparation run before each start
 * that may wait for what the service needs and decide its command line (etcd's: bootstrap, join or restart), and
 * how each run starts ({@link Launcher#SPAWN} by default; a container service's runs are containerd tasks).
 */
public record ServiceSpec(
        String id,
        ProcessSpec process,
        List<String> dependsOn,
        HealthCheck health,
        RestartPolicy restart,
        Duration stopTimeout,
        Supplier<Optional<String>> skipReason,
        Preparation preparation,
        Launcher launcher) {

    /**
     * Runs before each start of the service, in its PREPARING state: returns the process to start (the declared one,
     * or one derived from it). It may block, but should return soon once {@link Preparing#stopRequested()}; what it
     * throws fails this start, which is then retried as the restart policy says.
     */
    @FunctionalInterface
    public interface Preparation {
        ProcessSpec prepare(ProcessSpec declared, Preparing preparing) throws Exception;

        Preparation NONE = (declared, preparing) -> declared;
    }

    /** What a preparation sees of its service: whether it is being stopped, and a way to say what it waits for. */
    public interface Preparing {
        boolean stopRequested();

        void say(String message);
    }

    public ServiceSpec {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(process, "process");
        dependsOn = List.copyOf(dependsOn);
        Objects.requireNonNull(restart, "restart");
        Objects.requireNonNull(stopTimeout, "stopTimeout");
        Objects.requireNonNull(skipReason, "skipReason");
        Objects.requireNonNull(preparation, "preparation");
        Objects.requireNonNull(launcher, "launcher");
        if (dependsOn.contains(id)) {
            throw new IllegalArgumentException("service " + id + " cannot depend on itself");
        }
    }

    public static ServiceSpec of(String id, ProcessSpec process) {
        return new ServiceSpec(id, process, List.of(), null, RestartPolicy.DEFAULT, Duration.ofSeconds(10),
                Optional::empty, Preparation.NONE, Launcher.SPAWN);
    }

    public ServiceSpec dependingOn(String... ids) {
        return new ServiceSpec(id, process, List.of(ids), health, restart, stopTimeout, skipReason, preparation, launcher);
    }

    public ServiceSpec withHealth(HealthCheck h) {
        return new ServiceSpec(id, process, dependsOn, h, restart, stopTimeout, skipReason, preparation, launcher);
    }

    public ServiceSpec withRestart(RestartPolicy r) {
        return new ServiceSpec(id, process, dependsOn, health, r, stopTimeout, skipReason, preparation, launcher);
    }

    public ServiceSpec withStopTimeout(Duration d) {
        return new ServiceSpec(id, process, dependsOn, health, restart, d, skipReason, preparation, launcher);
    }

    public ServiceSpec skippedWhen(Supplier<Optional<String>> reason) {
        return new ServiceSpec(id, process, dependsOn, health, restart, stopTimeout, reason, preparation, launcher);
    }

    /** The service's runs are started by {@code l} instead of being spawned. */
    public ServiceSpec launchedBy(Launcher l) {
        return new ServiceSpec(id, process, dependsOn, health, restart, stopTimeout, skipReason, preparation, l);
    }

    public ServiceSpec preparedBy(Preparation p) {
        return new ServiceSpec(id, process, dependsOn, health, restart, stopTimeout, skipReason, p, launcher);
    }
}
