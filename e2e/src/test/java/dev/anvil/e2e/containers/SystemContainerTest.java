package dev.anvil.e2e.containers;

import dev.anvil.e2e.api.SharedCluster;
import dev.anvil.machined.containerd.OciLayout;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A container in containerd's system namespace of a container-mode node, from an image built here (Debian's static
 * busybox in an OCI layout tarball): imported with {@code anvilctl image import}, listed by {@code image list}, run
 * by a ContainerServiceConfig document applied without a reboot, its output read with {@code anvilctl logs}, listed by
 * {@code containers} and {@code stats}, and restarted with {@code restart}, after which it prints its line again;
 * then the document changed (the service restarts with it) and removed (the service stops), both without a reboot.
 */
@Tag("e2e")
class SystemContainerTest {
    private static final String IMAGE = "anvil.test/hello:1";

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void importedImage_runsAsASystemContainer_withLogsListingAndRestart() throws Exception {
        try (SharedCluster cluster = SharedCluster.create("ctrd", "10.213.31.0/24", 1)) {
            assertThat(ok(cluster.anvilctl("service", "containerd"))).contains("Running").contains("OK");

            Path tarball = cluster.dir().resolve("hello.tar");
            Files.write(tarball, OciLayout.busybox(IMAGE, List.of("/bin/sh", "-c", "echo idle")));
            assertThat(ok(cluster.anvilctl("image", "import", "--namespace", "system", tarball.toString())))
                    .contains("imported " + IMAGE);
            assertThat(ok(cluster.anvilctl("image", "list", "--namespace", "system"))).containsPattern(
                    IMAGE.replace(".", "\\.") + " +sha256:[0-9a-f]{64} +[0-9.]+ MB");
            assertThat(ok(cluster.anvilctl("image", "list"))).doesNotContain(IMAGE);

            Path patch = cluster.dir().resolve("hello.yaml");
            Files.writeString(patch, """
                    apiVersion: anvil.dev/v1alpha1
                    kind: ContainerServiceConfig
                    name: hello
                    image: %s
                    args: ["/bin/sh", "-c", "trap 'exit 0' TERM; echo hello from $WHO; while true; do sleep 1; done"]
                    environment: [WHO=busybox]
                    """.formatted(IMAGE));
            // a ContainerServiceConfig takes effect while the node runs: no reboot
            String controlPlane = cluster.dir().resolve("controlplane.yaml").toString();
            assertThat(ok(cluster.anvilctl("apply-config", "-f", controlPlane, "-p", "@" + patch, "--mode",
                    "no-reboot"))).contains("Applied configuration without a reboot");
            await().atMost(2, TimeUnit.MINUTES).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                    assertThat(cluster.anvilctl("logs", "ext-hello").out()).contains("hello from busybox"));

            String containers = ok(cluster.anvilctl("containers"));
            assertThat(containers).containsPattern("system +ext-hello +" + IMAGE.replace(".", "\\.")
                    + " +[1-9][0-9]* +running");
            assertThat(ok(cluster.anvilctl("stats"))).containsPattern("system +ext-hello +[0-9.]+ +[0-9]+");
            assertThat(ok(cluster.anvilctl("containers", "-k"))).doesNotContain("ext-hello");

            ok(cluster.anvilctl("restart", "ext-hello"));
            await().atMost(1, TimeUnit.MINUTES).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                    assertThat(cluster.anvilctl("logs", "ext-hello").out().split("hello from busybox", -1))
                            .hasSize(3));
            await().atMost(30, TimeUnit.SECONDS).untilAsserted(() -> assertThat(ok(cluster.anvilctl("containers")))
                    .containsPattern("ext-hello .* running"));

            var missing = cluster.anvilctl("restart", "nothing-here");
            assertThat(missing.exitCode()).isNotZero();
            assertThat(missing.err()).contains("container \"nothing-here\" not found");

            // a changed document restarts its service with the new definition
            Files.writeString(patch, Files.readString(patch).replace("WHO=busybox", "WHO=changed"));
            ok(cluster.anvilctl("apply-config", "-f", controlPlane, "-p", "@" + patch, "--mode", "no-reboot"));
            await().atMost(1, TimeUnit.MINUTES).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                    assertThat(cluster.anvilctl("logs", "ext-hello").out()).contains("hello from changed"));
            await().atMost(30, TimeUnit.SECONDS).untilAsserted(() -> assertThat(ok(cluster.anvilctl("containers")))
                    .containsPattern("ext-hello .* running"));

            // a removed document stops its service
            ok(cluster.anvilctl("apply-config", "-f", controlPlane, "--mode", "no-reboot"));
            await().atMost(1, TimeUnit.MINUTES).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                    assertThat(ok(cluster.anvilctl("service", "ext-hello"))).contains("Finished"));
            assertThat(ok(cluster.anvilctl("containers"))).doesNotContain("ext-hello");
        }
    }

    private static String ok(SharedCluster.Result result) {
        assertThat(result.exitCode()).as(result.err()).isZero();
        return result.out();
    }
}
