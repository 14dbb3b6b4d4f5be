package dev.anvil.e2e.api;

import dev.anvil.ctl.cluster.ClusterState;
import dev.anvil.sys.Child;
import dev.anvil.sys.ProcessSpec;
import dev.anvil.sys.Spawner;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The disks of a container-mode node, which sees the host's sysfs (a node may read it): a loop device the test
 * attaches on the host while the node runs shows up in {@code get disks} (the Disk resources) and {@code disks}
 * (storage.StorageService.Disks, which a reader may call), with its size; detached, it is gone from both.
 */
@Tag("e2e")
@ExtendWith(SharedCluster.Resolver.class)
class DisksCommandTest {
    private static final long SIZE = 7L * 1024 * 1024;

    private final SharedCluster cluster;
    private final ClusterState.Node first;

    @TempDir
    Path dir;

    DisksCommandTest(SharedCluster cluster) {
        this.cluster = cluster;
        this.first = cluster.nodes().getFirst();
    }

    @Test
    void aLoopDeviceAttachedOnTheHost_isListed_thenGone() throws Exception {
        Path image = dir.resolve("disk.img");
        try (RandomAccessFile f = new RandomAccessFile(image.toFile(), "rw")) {
            f.setLength(SIZE);
        }
        String loop = losetup("-f", "--show", image.toString()).strip().substring("/dev/".length());
        try {
            String row = await().atMost(30, TimeUnit.SECONDS).until(() -> ok(cluster.anvilctl("get", "disks"))
                    .lines().filter(l -> l.split(" +").length > 3 && l.split(" +")[3].equals(loop)).findFirst()
                    .orElse(""), r -> !r.isEmpty());
            assertThat(row.split(" +")).startsWith(first.ip(), "runtime", "Disk", loop);
            assertThat(row).contains("7.3 MB");
            assertThat(ok(cluster.anvilctl("get", "disks")).lines().findFirst().orElseThrow().split(" +"))
                    .containsExactly("NODE", "NAMESPACE", "TYPE", "ID", "VERSION", "SIZE", "READ", "ONLY",
                            "TRANSPORT", "ROTATIONAL", "WWID", "MODEL", "SERIAL");
            assertThat(ok(cluster.anvilctl("get", "disk", loop, "-o", "yaml")))
                    .contains("dev_path: /dev/" + loop).contains("size: " + SIZE).contains("pretty_size: 7.3 MB")
                    .contains("sub_system: /sys/class/block");

            Path reader = cluster.clientConfigWithRoles("os:reader");
            String disks = ok(cluster.anvilctlWith(reader, "disks"));
            assertThat(disks.lines().findFirst().orElseThrow().split(" +")).startsWith("NODE", "DEV", "MODEL");
            assertThat(disks.lines().filter(l -> l.contains("/dev/" + loop + " ")).findFirst().orElseThrow())
                    .startsWith(first.name()).contains("7.3 MB");
        } finally {
            losetup("-d", "/dev/" + loop);
        }
        await().atMost(30, TimeUnit.SECONDS).until(() -> ok(cluster.anvilctl("get", "disks")).lines()
                .noneMatch(l -> l.split(" +").length > 3 && l.split(" +")[3].equals(loop)));
        assertThat(ok(cluster.anvilctl("disks"))).doesNotContain("/dev/" + loop + " ");
    }

    private static String losetup(String... args) throws Exception {
        Child child = Spawner.spawn(new ProcessSpec("/usr/sbin/losetup", List.of(args),
                Map.of("PATH", "/usr/sbin:/usr/bin:/sbin:/bin"), ProcessSpec.Output.CAPTURE, true));
        String output = new String(child.output().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(child.exit().get(30, TimeUnit.SECONDS).success()).as("losetup %s: %s", List.of(args), output)
                .isTrue();
        return output;
    }

    private static String ok(SharedCluster.Result result) {
        assertThat(result.exitCode()).as(result.err()).isZero();
        return result.out();
    }
}
