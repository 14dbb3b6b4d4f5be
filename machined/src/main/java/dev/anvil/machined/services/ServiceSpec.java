package dev.anvil.machined.services;

import dev.anvil.sys.ProcessSpec;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A service the supervisor runs: its process, the services that must be up first (running, and healthy when they
 * have a health check), an optional health check, its restart policy, how long it gets to stop after SIGTERM, and a
 * precondition that may say why it does not apply here (then it is skipped).
 */
public record ServiceSpec(
        String id,
        ProcessSpec process,
        List<String> dependsOn,
        HealthCheck health,
        RestartPolicy restart,
        Duration stopTimeout,
        Supplier<Optional<String>> skipReason) {

    public ServiceSpec {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(process, "process");
        dependsOn = List.copyOf(dependsOn);
        Objects.requireNonNull(restart, "restart");
        Objects.requireNonNull(stopTimeout, "stopTimeout");
        Objects.requireNonNull(skipReason, "skipReason");
        if (dependsOn.contains(id)) {
            throw new IllegalArgumentException("service " + id + " cannot depend on itself");
        }
    }

    public static ServiceSpec of(String id, ProcessSpec process) {
        return new ServiceSpec(id, process, List.of(), null, RestartPolicy.DEFAULT, Duration.ofSeconds(10),
                Optional::empty);
    }

    public ServiceSpec dependingOn(String... ids) {
        return new ServiceSpec(id, process, List.of(ids), health, restart, stopTimeout, skipReason);
    }

    public ServiceSpec withHealth(HealthCheck h) {
        return new ServiceSpec(id, process, dependsOn, h, restart, stopTimeout, skipReason);
    }

    public ServiceSpec withRestart(RestartPolicy r) {
        return new ServiceSpec(id, process, dependsOn, health, r, stopTimeout, skipReason);
    }

    public ServiceSpec withStopTimeout(Duration d) {
        return new ServiceSpec(id, process, dependsOn, health, restart, d, skipReason);
    }

    public ServiceSpec skippedWhen(Supplier<Optional<String>> reason) {
        return new ServiceSpec(id, process, dependsOn, health, restart, stopTimeout, reason);
    }
}
