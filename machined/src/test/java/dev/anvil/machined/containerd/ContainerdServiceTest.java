package dev.anvil.machined.containerd;

import dev.anvil.api.containerd.containers.ListContainersRequest;
import dev.anvil.api.containerd.images.ListImagesRequest;
import dev.anvil.machined.services.RestartPolicy;
import dev.anvil.machined.services.ServiceState;
import dev.anvil.machined.services.Supervisor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Debian's containerd run by the supervisor as machined runs it (its own root, state and socket in a temporary
 * directory), talked to over its socket: healthy once Version answers, an OCI image tarball of busybox imported and
 * unpacked, and a container of it run as a service whose output reaches the service's log.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ContainerdServiceTest {
    private Supervisor supervisor;
    private ContainerdService containerd;
    private Path dir;

    @BeforeAll
    void start(@TempDir Path tmp) throws Exception {
        assertThat(Path.of(ContainerdService.BINARY)).as("install containerd and runc (scripts/setup does)")
                .isExecutable();
        dir = tmp;
        supervisor = new Supervisor(Optional.empty(), "unused");
        containerd = new ContainerdService(supervisor, new ContainerdConfig(dir.resolve("root"), dir.resolve("state"),
                dir.resolve("run/containerd.sock"), dir.resolve("etc/config.toml")), ContainerdService.BINARY);
        containerd.start();
        await().atMost(30, TimeUnit.SECONDS).until(() -> supervisor.status(ContainerdService.ID).up(true));
    }

    @AfterAll
    void stop() {
        if (supervisor != null) {
            supervisor.close();
            containerd.close();
        }
    }

    @Test
    void health_isTheVersionRpc() throws Exception {
        assertThat(supervisor.status(ContainerdService.ID).healthy()).isTrue();
        assertThat(containerd.client().version(Duration.ofSeconds(5)).getVersion()).startsWith("1.");
        assertThat(Files.readString(dir.resolve("etc/config.toml"))).contains("\"io.containerd.grpc.v1.cri\"");
    }

    @Test
    void importedImage_runsAsAServiceWhoseOutputIsItsLog() throws Exception {
        byte[] tarball = OciLayout.busybox("anvil.test/busybox:1", List.of("/bin/sh", "-c", "echo never"));
        var system = containerd.client().namespace(ContainerServices.NAMESPACE);
        String name = new ImageImport(system, ContainerLauncher.SNAPSHOTTER).run(new ByteArrayInputStream(tarball));
        assertThat(name).isEqualTo("anvil.test/busybox:1");
        assertThat(system.images().list(ListImagesRequest.getDefaultInstance()).getImagesList())
                .extracting(i -> i.getName()).contains(name);
        // importing again replaces the record and reuses the blobs and snapshots
        new ImageImport(system, ContainerLauncher.SNAPSHOTTER).run(new ByteArrayInputStream(tarball));

        // PID 1 of its namespace, sh ignores SIGTERM unless it traps it
        String script = "trap 'exit 0' TERM; echo hello from $GREETING; while true; do sleep 1; done";
        supervisor.register(ContainerServices.spec(containerd.client(), new ContainerLauncher.Definition("ext-hello",
                name, List.of("/bin/sh", "-c", script), List.of("GREETING=busybox")),
                RestartPolicy.Mode.ALWAYS, dir.resolve("fifos"), "/anvil-test-" + ProcessHandle.current().pid()));
        supervisor.start("ext-hello");
        await().atMost(30, TimeUnit.SECONDS).until(() -> supervisor.logs("ext-hello").tail(-1)
                .contains("hello from busybox"));
        assertThat(supervisor.status("ext-hello").state()).isEqualTo(ServiceState.RUNNING);
        assertThat(system.containers().list(ListContainersRequest.getDefaultInstance()).getContainersList())
                .extracting(c -> c.getId()).containsExactly("ext-hello");

        supervisor.stop("ext-hello");
        assertThat(supervisor.status("ext-hello").state()).isEqualTo(ServiceState.FINISHED);
        assertThat(system.containers().list(ListContainersRequest.getDefaultInstance()).getContainersList())
                .isEmpty();
    }
}
