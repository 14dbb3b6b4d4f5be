package dev.anvil.e2e.upgrade;

import dev.anvil.ctl.cluster.ClusterState;
import dev.anvil.e2e.api.SharedCluster;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * anvilctl cluster upgrade over three control planes: a bundle whose machined cannot start stops the rolling
 * upgrade at the first node, which falls back by itself, and leaves the others alone; a good bundle then upgrades
 * every node, one at a time, the cluster (etcd's three members among it) healthy after each.
 */
@Tag("e2e")
class ClusterUpgradeTest {

    @Test
    @Timeout(value = 15, unit = TimeUnit.MINUTES)
    void rollingUpgrade_stopsAtTheFirstFailure_thenUpgradesEveryNode() throws Exception {
        try (UpgradeBundles bundles = new UpgradeBundles();
                SharedCluster cluster = SharedCluster.create("cupg", "10.213.47.0/24", 3, 0, "--config-patch",
                        "@" + bundles.keysAndTrustPatch())) {
            Path work = bundles.dir();
            List<String> nodes = cluster.nodes().stream().map(ClusterState.Node::ip).toList();
            String broken = bundles.broken("v0").toString();
            // through bin/anvilctl, which tells cluster commands where the build is; out holds stdout and stderr
            var stopped = cluster.runWith(Map.of(), "cluster", "upgrade", "--name", cluster.name(), "--image", broken);
            assertThat(stopped.exitCode()).as(stopped.out()).isOne();
            assertThat(stopped.out()).contains("cluster upgrade stopped at " + nodes.get(0))
                    .contains("running v0.1.0-SNAPSHOT again (rolled back: machined v0 on slot B exited")
                    .contains("not upgraded: " + nodes.get(1) + ", " + nodes.get(2));

            String v2 = UpgradeTest.bundle(cluster, work, "v2", bundles.key());
            var upgraded = cluster.runWith(Map.of(), "cluster", "upgrade", "--name", cluster.name(), "--image", v2);
            assertThat(upgraded.exitCode()).as(upgraded.out()).isZero();
            assertThat(upgraded.out()).contains("cluster " + cluster.name() + " upgraded to v2: 3 nodes");
            for (String node : nodes) {
                assertThat(upgraded.out()).contains(node + ": running v2 from slot");
                assertThat(cluster.anvilctl("-n", node, "version").out()).contains("Tag:         v2");
            }
            UpgradeTest.figures("cluster upgrade, first node", upgraded.out());
            var members = cluster.anvilctl("etcd", "members");
            assertThat(members.exitCode()).as(members.err()).isZero();
            assertThat(members.out().lines().skip(1).count()).as(members.out()).isEqualTo(3);
        }
    }
}
