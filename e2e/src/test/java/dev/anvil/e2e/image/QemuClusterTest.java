package dev.anvil.e2e.image;

import dev.anvil.ctl.cluster.ClusterState;
import dev.anvil.sys.Child;
import dev.anvil.sys.ProcessSpec;
import dev.anvil.sys.Spawner;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * anvilctl cluster create --provisioner qemu as a user runs it: two VMs booting the image, in a network namespace
 * the provisioner made (bridge and taps), reached from the host through forwards on 127.0.0.1; configs go in over
 * the maintenance API, etcd is bootstrapped and the cluster reported healthy. Destroy leaves nothing: no qemu, no
 * forwarder, no namespace, no files, also after a create that was killed half-way.
 */
@Tag("e2e")
class QemuClusterTest {
    @TempDir
    Path home;

    private String cluster;

    @AfterEach
    void destroyLeftovers() throws Exception {
        if (cluster != null && Files.exists(clusterDir().resolve(ClusterState.FILE))) {
            run(Duration.ofMinutes(2), "cluster", "destroy", "--name", cluster);
        }
    }

    @Test
    @Timeout(value = 45, unit = TimeUnit.MINUTES)
    void create_twoVms_reachEtcdHealthy_andDestroyLeavesNothing() throws Exception {
        Path image = ImageFixture.image();
        cluster = "q" + (ProcessHandle.current().pid() % 10000);
        long started = System.nanoTime();
        String created = anvilctl(Duration.ofMinutes(35), "cluster", "create", "--provisioner", "qemu",
                "--name", cluster, "--controlplanes", "1", "--workers", "1", "--cidr", "10.213.42.0/24",
                "--disk", "1024", "--image-dir", image.toString(), "--wait-timeout", "15m");
        System.out.printf("qemu cluster (1 control plane + 1 worker, %s): create to healthy %.1f s%n",
                System.getenv().getOrDefault("ANVIL_QEMU_ACCEL", "tcg"), (System.nanoTime() - started) / 1e9);
        assertThat(created).contains("bootstrapped etcd on 10.213.42.2").contains("cluster " + cluster
                + " is healthy");

        ClusterState state = ClusterState.load(clusterDir());
        assertThat(state.provisioner()).isEqualTo("qemu");
        String namespace = "net:[" + Files.getAttribute(Path.of(state.netns()), "unix:ino") + "]";
        for (ClusterState.Node node : state.nodes()) {
            // each qemu runs inside the cluster's own namespace, which holds its tap
            assertThat(Files.readSymbolicLink(Path.of("/proc/" + node.launcherPid() + "/ns/net")).toString())
                    .isEqualTo(namespace);
            assertThat(Files.readString(node.dir().resolve("console.log"))).contains("machined: booting as init");
            assertThat(Path.of("/sys/class/net", node.hostLink())).doesNotExist();
            assertThat(node.apiPort()).isPositive();
        }
        String shown = anvilctl(Duration.ofMinutes(1), "cluster", "show", "--name", cluster);
        assertThat(shown).contains("PROVISIONER  qemu").contains(cluster + "-controlplane-1")
                .contains(cluster + "-worker-1").contains("127.0.0.1:" + state.nodes().get(1).apiPort())
                .contains("running").doesNotContain("stopped");

        // the merged context reaches the control plane through its forward; etcd answers there
        assertThat(anvilctl(Duration.ofMinutes(2), "etcd", "members")).contains(cluster + "-controlplane-1")
                .contains("https://10.213.42.2:2380");
        assertThat(anvilctl(Duration.ofMinutes(2), "service", "etcd")).containsPattern("STATE\\s+Running");
        // and the worker is reached straight through its own forward
        assertThat(anvilctl(Duration.ofMinutes(2), "version", "-e", state.nodes().get(1).endpoint(), "-n",
                "10.213.42.3")).contains("Server:");

        anvilctl(Duration.ofMinutes(2), "cluster", "destroy", "--name", cluster);
        assertNothingLeft(state);
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void destroy_afterAKilledCreate_leavesNothing() throws Exception {
        Path image = ImageFixture.image();
        cluster = "k" + (ProcessHandle.current().pid() % 10000);
        Child create = Spawner.spawn(spec("cluster", "create", "--provisioner", "qemu", "--name", cluster,
                "--controlplanes", "2", "--cidr", "10.213.43.0/24", "--disk", "256", "--image-dir",
                image.toString()));
        // a platform thread: a blocking read of the pipe would pin a virtual thread's carrier
        Thread.ofPlatform().daemon().start(() -> {
            try {
                create.output().transferTo(System.out);
            } catch (Exception e) {
                // ended
            }
        });
        // killed once both VMs and the forwarder run, long before the nodes boot
        ClusterState state = null;
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(clusterDir().resolve(ClusterState.FILE))) {
                state = ClusterState.load(clusterDir());
                if (state.forwarderPid() > 0 && state.nodes().stream().allMatch(n -> n.launcherPid() > 0)) {
                    break;
                }
            }
            assertThat(create.exit().isDone()).as("create ended early").isFalse();
            Thread.sleep(100);
        }
        assertThat(state).isNotNull();
        create.signal(Child.SIGKILL);
        create.exit().get(1, TimeUnit.MINUTES);
        for (ClusterState.Node node : state.nodes()) {
            assertThat(ProcessHandle.of(node.launcherPid())).as("qemu of %s", node.name()).isPresent();
        }

        anvilctl(Duration.ofMinutes(2), "cluster", "destroy", "--name", cluster);
        assertNothingLeft(state);
    }

    private void assertNothingLeft(ClusterState state) {
        assertThat(ProcessHandle.of(state.forwarderPid())).as("the forwarder").isEmpty();
        for (ClusterState.Node node : state.nodes()) {
            assertThat(ProcessHandle.of(node.launcherPid())).as("qemu of %s", node.name()).isEmpty();
        }
        assertThat(Path.of(state.netns())).doesNotExist();
        assertThat(clusterDir()).doesNotExist();
    }

    private Path clusterDir() {
        return home.resolve("clusters").resolve(cluster);
    }

    private ProcessSpec spec(String... args) {
        return new ProcessSpec(ImageFixture.ROOT.resolve("bin/anvilctl").toString(), List.of(args),
                Map.of("ANVIL_HOME", home.toString(), "PATH", "/usr/sbin:/usr/bin:/sbin:/bin", "JAVA_HOME",
                        System.getProperty("java.home")), ProcessSpec.Output.CAPTURE, true);
    }

    private String anvilctl(Duration timeout, String... args) throws Exception {
        Child child = Spawner.spawn(spec(args));
        String output = new String(child.output().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(child.exit().get(timeout.toMillis(), TimeUnit.MILLISECONDS).success())
                .as("anvilctl %s:%n%s", List.of(args), output).isTrue();
        System.out.print(output);
        return output;
    }

    private void run(Duration timeout, String... args) throws Exception {
        Child child = Spawner.spawn(spec(args));
        child.output().readAllBytes();
        child.exit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }
}
