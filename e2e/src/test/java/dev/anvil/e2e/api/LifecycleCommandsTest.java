package dev.anvil.e2e.api;

import dev.anvil.ctl.cluster.ClusterState;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A node's life through anvilctl, as a user lives it: a reader may not reboot it; a META writer writes META keys,
 * which outlive a reboot and a reset of STATE; reboot --wait follows it down and up; reset --reboot brings it back
 * in maintenance mode; apply-config --insecure with the fingerprint from its
 * log configures it again; shutdown ends it.
 */
@Tag("e2e")
class LifecycleCommandsTest {

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void rebootResetApplyShutdown() throws Exception {
        try (SharedCluster cluster = SharedCluster.create("life", "10.213.13.0/24", 1)) {
            ClusterState.Node node = cluster.nodes().getFirst();
            Path reader = cluster.dir().resolve("reader.cfg");

            var issued = cluster.anvilctl("config", "new", reader.toString(), "--roles", "os:reader",
                    "--crt-ttl", "1h");
            assertThat(issued.exitCode()).as(issued.err()).isZero();
            var denied = cluster.anvilctl("--anvilconfig", reader.toString(), "-e", node.ip(), "reboot");
            assertThat(denied.exitCode()).isOne();
            assertThat(denied.err()).contains("permission denied");

            var readerMeta = cluster.anvilctl("--anvilconfig", reader.toString(), "-e", node.ip(), "meta", "write",
                    "0x0c", "x");
            assertThat(readerMeta.err()).contains("permission denied");
            Path metaWriter = cluster.clientConfigWithRoles("os:meta:writer");
            var written = cluster.anvilctl("--anvilconfig", metaWriter.toString(), "-e", node.ip(), "meta", "write",
                    "0x0c", "kept in META");
            assertThat(written.exitCode()).as(written.err()).isZero();
            assertThat(cluster.anvilctl("meta", "write", "13", "deleted").exitCode()).isZero();
            assertThat(cluster.anvilctl("meta", "delete", "0x0d").exitCode()).isZero();
            var missing = cluster.anvilctl("meta", "delete", "0x0d");
            assertThat(missing.err()).contains("meta key not found");

            var reboot = cluster.anvilctl("reboot", "--timeout", "2m");
            assertThat(reboot.exitCode()).as(reboot.err()).isZero();
            assertThat(reboot.out()).contains("reboot requested").contains("sequence reboot START")
                    .contains("phase stopServices").contains(": down").contains(": up");
            assertThat(cluster.anvilctl("version").exitCode()).isZero();
            assertThat(cluster.anvilctl("get", "meta").out()).contains("0x0c").contains("kept in META")
                    .doesNotContain("0x0d");

            // the cluster's only etcd member cannot leave it: as on Talos, such a node is reset without leaving
            var reset = cluster.anvilctl("reset", "--graceful=false", "--reboot", "--system-labels-to-wipe", "STATE",
                    "--timeout", "2m");
            assertThat(reset.exitCode()).as(reset.err()).isZero();
            assertThat(reset.out()).contains("up in maintenance mode");
            var maintenance = cluster.anvilctl("-n", node.ip(), "version", "--insecure");
            assertThat(maintenance.exitCode()).as(maintenance.err()).isZero();
            assertThat(maintenance.out()).contains("Server:").doesNotContain("RBAC");
            var metaAfterReset = cluster.anvilctl("-n", node.ip(), "get", "meta", "--insecure");
            assertThat(metaAfterReset.out()).as("META outlives a reset of STATE: %s", metaAfterReset.err())
                    .contains("kept in META");

            Path log = node.dir().resolve("machined.log");
            Matcher fingerprint = Pattern.compile("certificate fingerprint ([0-9a-f:]+)")
                    .matcher(Files.readString(log));
            String last = null;
            while (fingerprint.find()) {
                last = fingerprint.group(1);
            }
            assertThat(last).as("the maintenance certificate's fingerprint in %s", log).isNotNull();
            var wrongPin = cluster.anvilctl("apply-config", "--insecure", "-n", node.ip(), "--cert-fingerprint",
                    "00:11", "-f", cluster.dir().resolve("controlplane.yaml").toString());
            assertThat(wrongPin.exitCode()).isOne();
            var applied = cluster.anvilctl("apply-config", "--insecure", "-n", node.ip(), "--cert-fingerprint", last,
                    "-f", cluster.dir().resolve("controlplane.yaml").toString());
            assertThat(applied.exitCode()).as(applied.err()).isZero();
            assertThat(applied.out()).contains("boots with it");
            await().atMost(90, TimeUnit.SECONDS).pollInterval(500, TimeUnit.MILLISECONDS)
                    .until(() -> cluster.anvilctl("version").exitCode() == 0);

            var shutdown = cluster.anvilctl("shutdown", "--timeout", "2m");
            assertThat(shutdown.exitCode()).as(shutdown.err()).isZero();
            assertThat(shutdown.out()).contains(": down");
            await().atMost(30, TimeUnit.SECONDS).until(() -> ProcessHandle.of(node.launcherPid()).isEmpty());
            assertThat(cluster.run("cluster", "show", "--name", cluster.name())).contains("stopped");
        }
    }
}
