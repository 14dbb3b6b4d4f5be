package dev.anvil.e2e.etcd;

import dev.anvil.ctl.cluster.ClusterState;
import dev.anvil.e2e.api.SharedCluster;
import dev.anvil.machined.etcd.EtcdClient;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * etcd on a one-control-plane cluster, with Debian's etcd: cluster create bootstraps it; a second bootstrap is
 * refused; members, status, alarms and defrag answer; a snapshot passes etcdctl's check and recovers the data it
 * holds onto a wiped node; a killed etcd is started again by the supervisor; a new address of the node has etcd
 * serve certificates naming it, without a restart; a graceful reset of the only voting member is refused.
 */
@Tag("e2e")
class EtcdSingleNodeTest {

    @Test
    @Timeout(value = 6, unit = TimeUnit.MINUTES)
    void bootstrapSnapshotRecoverKill(@TempDir Path dir) throws Exception {
        try (SharedCluster cluster = SharedCluster.create("etcs", "10.213.19.0/24", 1)) {
            ClusterState.Node node = cluster.nodes().getFirst();
            awaitHealthy(cluster);

            var again = cluster.anvilctl("bootstrap");
            assertThat(again.exitCode()).isOne();
            assertThat(again.err()).contains("failed precondition").contains("etcd is already bootstrapped");

            var members = cluster.anvilctl("etcd", "members");
            assertThat(members.exitCode()).as(members.err()).isZero();
            assertThat(members.out().lines().toList()).hasSize(2);
            assertThat(members.out()).startsWith("NODE").contains("HOSTNAME").contains(node.name())
                    .contains("https://" + node.ip() + ":2380").contains("https://" + node.ip() + ":2379")
                    .contains("false");
            var status = cluster.anvilctl("etcd", "status");
            assertThat(status.exitCode()).as(status.err()).isZero();
            assertThat(status.out()).contains("RAFT APPLIED INDEX").contains(node.name());
            for (String[] command : new String[][] {{"etcd", "alarm", "list"}, {"etcd", "alarm", "disarm"},
                    {"etcd", "defrag"}}) {
                var result = cluster.anvilctl(command);
                assertThat(result.exitCode()).as("%s: %s", String.join(" ", command), result.err()).isZero();
            }
            var forfeit = cluster.anvilctl("etcd", "forfeit-leadership");
            assertThat(forfeit.err()).contains("only one member");
            var leave = cluster.anvilctl("etcd", "leave");
            assertThat(leave.exitCode()).isOne();
            assertThat(leave.err()).contains("only voting member");

            Path snapshot = dir.resolve("etcd.snapshot");
            SharedCluster.Result saved;
            try (EtcdClient etcd = EtcdNodes.client(cluster, node)) {
                etcd.put("/anvil/before", "kept");
                saved = cluster.anvilctl("etcd", "snapshot", snapshot.toString());
                assertThat(saved.exitCode()).as(saved.err()).isZero();
                assertThat(saved.out()).startsWith("etcd snapshot saved to \"" + snapshot + "\"");
                etcd.put("/anvil/after", "lost");
            }
            var check = EtcdNodes.etcdctl("snapshot", "status", snapshot.toString(), "-w", "json");
            assertThat(check.getKey()).as(check.getValue()).isTrue();
            Matcher info = Pattern.compile("\\{\"hash\":(\\d+),\"revision\":(\\d+),\"totalKey\":(\\d+),"
                    + "\"totalSize\":(\\d+)").matcher(check.getValue());
            assertThat(info.find()).as(check.getValue()).isTrue();
            assertThat(saved.out()).as("talosctl's info line, as etcdctl reads the snapshot").contains(String.format(
                    "snapshot info: hash %08x, revision %s, total keys %s, total size %s",
                    Long.parseLong(info.group(1)), info.group(2), info.group(3), info.group(4)));

            long running = EtcdNodes.etcdPid(node).orElseThrow();
            var extra = cluster.anvilctl("patch", "mc", "--mode", "no-reboot", "-p", """
                    {"machine": {"network": {"interfaces": [{"interface": "eth0",
                      "addresses": ["10.213.19.200/24"]}]}}}""");
            assertThat(extra.exitCode()).as(extra.err()).isZero();
            await("etcd serves a certificate naming the new address").atMost(60, TimeUnit.SECONDS)
                    .pollInterval(500, TimeUnit.MILLISECONDS)
                    .until(() -> EtcdNodes.servedCertificate(cluster, node).getSubjectAlternativeNames().stream()
                            .anyMatch(san -> san.get(1).equals("10.213.19.200")));
            assertThat(EtcdNodes.etcdPid(node)).as("etcd was not restarted").contains(running);
            assertThat(healthy(cluster)).as("machined reaches its member with its renewed client certificate")
                    .isTrue();
            assertThat(cluster.anvilctl("etcd", "status").exitCode()).isZero();

            long before = EtcdNodes.etcdPid(node).orElseThrow();
            ProcessHandle.of(before).orElseThrow().destroyForcibly();
            await("etcd runs again, healthy").atMost(60, TimeUnit.SECONDS).pollInterval(500, TimeUnit.MILLISECONDS)
                    .until(() -> EtcdNodes.etcdPid(node).filter(p -> p != before).isPresent() && healthy(cluster));

            var graceful = cluster.anvilctl("reset", "--reboot", "--system-labels-to-wipe", "EPHEMERAL");
            assertThat(graceful.exitCode()).isOne();
            assertThat(graceful.err()).contains("a graceful reset leaves etcd first")
                    .contains("only voting member").contains("--graceful=false");
            assertThat(healthy(cluster)).as("a refused reset changes nothing").isTrue();
            var reset = cluster.anvilctl("reset", "--graceful=false", "--reboot", "--system-labels-to-wipe",
                    "EPHEMERAL", "--timeout", "2m");
            assertThat(reset.exitCode()).as(reset.err()).isZero();
            assertThat(Files.exists(node.dir().resolve("var/lib/etcd/member"))).as("etcd data after the wipe")
                    .isFalse();
            var recovered = cluster.anvilctl("bootstrap", "--recover-from", snapshot.toString());
            assertThat(recovered.exitCode()).as(recovered.err()).isZero();
            awaitHealthy(cluster);
            try (EtcdClient etcd = EtcdNodes.client(cluster, node)) {
                assertThat(etcd.get("/anvil/before")).contains("kept");
                assertThat(etcd.get("/anvil/after")).isEmpty();
            }
        }
    }

    static void awaitHealthy(SharedCluster cluster) {
        await("etcd healthy").atMost(90, TimeUnit.SECONDS).pollInterval(250, TimeUnit.MILLISECONDS)
                .until(() -> healthy(cluster));
    }

    private static boolean healthy(SharedCluster cluster) {
        var services = cluster.anvilctl("service", "etcd");
        return services.exitCode() == 0 && services.out().contains("Running")
                && services.out().lines().anyMatch(l -> l.startsWith("HEALTH") && l.endsWith("OK"));
    }
}
