package dev.anvil.e2e.upgrade;

import dev.anvil.ctl.cluster.ClusterState;
import dev.anvil.e2e.api.SharedCluster;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A node's upgrades in container mode, as a user runs them: a bundle signed by a key the node does not trust is
 * refused with nothing written; v1 then v2 install into the inactive slot and become the default once healthy (the
 * node's etcd with them); a rollback boots v1 again; a v2 whose machined cannot start falls back to v1 by itself,
 * saying why; a reset wipes the node back to maintenance mode with no secret left on its disk.
 */
@Tag("e2e")
class UpgradeTest {
    private static final Pattern FIGURES = Pattern.compile("\\(([0-9.]+) s after the upload began, API unavailable "
            + "([0-9.]+) s\\)");

    @Test
    @Timeout(value = 12, unit = TimeUnit.MINUTES)
    void upgradeRollBackFallBackReset() throws Exception {
        try (UpgradeBundles bundles = new UpgradeBundles();
                SharedCluster cluster = SharedCluster.create("upg", "10.213.46.0/24", 1, 0, "--config-patch",
                        "@" + bundles.keysAndTrustPatch())) {
            Path work = bundles.dir();
            ClusterState.Node node = cluster.nodes().getFirst();
            Path boot = node.dir().resolve("system/boot");
            String v1 = bundle(cluster, work, "v1", bundles.key());
            String v2 = bundle(cluster, work, "v2", bundles.key());
            String untrusted = bundle(cluster, work, "v9", bundles.untrustedKey());

            var refused = cluster.anvilctl("upgrade", "--image", untrusted);
            assertThat(refused.exitCode()).isOne();
            assertThat(refused.err()).contains("upgrade refused: the bundle's signature does not verify");
            assertThat(filesUnder(boot)).as("nothing written for a refused bundle").isEmpty();

            var toV1 = cluster.anvilctl("upgrade", "--image", v1);
            assertThat(toV1.exitCode()).as(toV1.out() + toV1.err()).isZero();
            assertThat(toV1.out()).contains("v1 written to slot B").contains("running v1 from slot B");
            figures("upgrade to v1", toV1.out());
            var toV2 = cluster.anvilctl("upgrade", "--image", v2);
            assertThat(toV2.exitCode()).as(toV2.out() + toV2.err()).isZero();
            assertThat(toV2.out()).contains("running v2 from slot A");
            figures("upgrade to v2", toV2.out());
            assertThat(cluster.anvilctl("version").out()).contains("Tag:         v2")
                    .contains("Slot A:      v2 (running, default)").contains("Slot B:      v1");
            var members = cluster.anvilctl("etcd", "members");
            assertThat(members.exitCode()).as("etcd runs on v2: %s", members.err()).isZero();
            assertThat(members.out()).contains(node.name());

            var rollback = cluster.anvilctl("rollback");
            assertThat(rollback.exitCode()).as(rollback.err()).isZero();
            awaitVersion(cluster, "Slot B:      v1 (running, default)");
            assertThat(cluster.anvilctl("version").out()).contains("Tag:         v1");

            var broken = cluster.anvilctl("upgrade", "--image", bundles.broken("v3").toString());
            assertThat(broken.exitCode()).as("a machined that cannot start is not an upgrade").isOne();
            assertThat(broken.out()).contains("v3 written to slot A").contains("running v1 again (rolled back: "
                    + "machined v3 on slot A exited with status 1 before it was healthy)");
            assertThat(cluster.anvilctl("version").out()).contains("Slot B:      v1 (running, default)")
                    .contains("rolled back from: machined v3 on slot A exited");
            var events = cluster.start("events", "--tail", "-1");
            try {
                org.awaitility.Awaitility.await().atMost(30, TimeUnit.SECONDS)
                        .until(() -> events.out().contains("rolled back: machined v3 on slot A exited"));
            } finally {
                events.stop(java.time.Duration.ofSeconds(10));
            }

            var userDisks = cluster.anvilctl("reset", "--wipe-mode", "user-disks", "--graceful=false");
            assertThat(userDisks.exitCode()).isOne();
            assertThat(userDisks.err()).contains("no user disks");
            var reset = cluster.anvilctl("reset", "--graceful=false", "--reboot", "--wipe-mode", "system-disk",
                    "--timeout", "3m");
            assertThat(reset.exitCode()).as(reset.err()).isZero();
            assertThat(reset.out()).contains("up in maintenance mode");
            try (Stream<Path> files = Files.walk(node.dir())) {
                List<Path> secrets = files.filter(p -> !p.startsWith(node.dir().resolve("root")))
                        .filter(Files::isRegularFile).filter(UpgradeTest::holdsPrivateKey).toList();
                assertThat(secrets).as("private keys left on the reset node's disk").isEmpty();
            }
        }
    }

    static String bundle(SharedCluster cluster, Path work, String version, Path key) throws Exception {
        Path out = work.resolve(version + ".zip");
        cluster.run("image", "bundle", "--key", key.toString(), "--version", version, "-o", out.toString());
        return out.toString();
    }

    private static void awaitVersion(SharedCluster cluster, String shown) {
        org.awaitility.Awaitility.await().atMost(3, TimeUnit.MINUTES).pollInterval(500, TimeUnit.MILLISECONDS)
                .until(() -> cluster.anvilctl("version").out().contains(shown));
    }

    /** Prints the figures the command measured: upload to healthy on the new version, and the API's downtime. */
    static void figures(String what, String out) {
        Matcher m = FIGURES.matcher(out);
        assertThat(m.find()).as("figures in %s", out).isTrue();
        System.out.printf("FIGURE %s: healthy on the new version %s s after the upload began, API unavailable %s s%n",
                what, m.group(1), m.group(2));
    }

    private static List<Path> filesUnder(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).toList();
        }
    }

    private static boolean holdsPrivateKey(Path file) {
        try {
            return Files.size(file) < 1 << 20 && Files.readString(file, java.nio.charset.StandardCharsets.ISO_8859_1)
                    .contains("PRIVATE KEY-----");
        } catch (IOException e) {
            return false;
        }
    }
}
