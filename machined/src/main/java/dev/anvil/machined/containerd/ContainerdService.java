package dev.anvil.machined.containerd;

import dev.anvil.machined.services.HealthCheck;
import dev.anvil.machined.services.ServiceSpec;
import dev.anvil.machined.services.Supervisor;
import dev.anvil.sys.ProcessSpec;
import io.grpc.StatusRuntimeException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * containerd as the supervised service {@value #ID} of every configured node, with the config machined writes before
 * each start ({@link ContainerdConfig}); healthy when its Version RPC answers on the socket. The node's containers
 * (namespace {@code system}) and images live in it; {@link #client()} talks to it.
 */
public final class ContainerdService implements AutoCloseable {
    public static final String ID = "containerd";
    public static final String BINARY = "/usr/bin/containerd";

    private final Supervisor supervisor;
    private final ContainerdConfig config;
    private final String binary;
    private final Containerd client;

    public ContainerdService(Supervisor supervisor, ContainerdConfig config, String binary) {
        this.supervisor = supervisor;
        this.config = config;
        this.binary = binary;
        this.client = Containerd.connect(config.socket());
    }

    /** The node's containerd at its usual paths. */
    public static ContainerdService onNode(Supervisor supervisor) {
        return new ContainerdService(supervisor, ContainerdConfig.NODE, BINARY);
    }

    /** Registers the service and starts it. */
    public void start() {
        supervisor.register(spec());
        supervisor.start(ID);
    }

    ServiceSpec spec() {
        return ServiceSpec.of(ID, ProcessSpec.of(binary))
                .skippedWhen(() -> Files.isExecutable(Path.of(binary)) ? Optional.empty()
                        : Optional.of(binary + " is not installed (Debian's containerd package)"))
                .preparedBy(this::prepare)
                .withHealth(new HealthCheck(this::checkHealth, Duration.ofSeconds(1)))
                .withStopTimeout(Duration.ofSeconds(20));
    }

    public Containerd client() {
        return client;
    }

    /** Waits (up to {@code timeout}) until containerd answers; false when it does not. */
    public boolean awaitReady(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                client.version(Duration.ofSeconds(1));
                return true;
            } catch (StatusRuntimeException notYet) {
                Thread.sleep(100);
            }
        }
        return false;
    }

    private ProcessSpec prepare(ProcessSpec declared, ServiceSpec.Preparing preparing) throws IOException {
        if (config.root().equals(ContainerdConfig.NODE.root())) {
            preparing.say("control groups: " + ControlGroupMounts.ensure());
        }
        Files.createDirectories(config.root());
        Files.createDirectories(config.state());
        Files.createDirectories(config.socket().getParent());
        Files.createDirectories(config.file().getParent());
        Path temporary = config.file().resolveSibling(config.file().getFileName() + ".tmp");
        Files.writeString(temporary, config.toml());
        Files.move(temporary, config.file(), StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);
        return new ProcessSpec(declared.path(), List.of("--config", config.file().toString()),
                declared.env(), declared.output(), declared.newSession());
    }

    private void checkHealth() {
        client.version(Duration.ofSeconds(1));
    }

    @Override
    public void close() {
        client.close();
    }
}
