package dev.anvil.e2e.cluster;

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
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The control planes' shared IP ({@code machine.network.interfaces[].vip}) on three control planes: exactly one
 * holds it (seen from outside, in each node's network namespace), the API answers at it, and when its holder's
 * machined stops (SIGTERM: it revokes its etcd lease), another control plane takes it over, the API answers at it
 * again, etcd keeps its quorum, and health names the stopped node.
 */
@Tag("e2e")
class VipFailoverTest {
    private static final String VIP = "10.213.30.100";

    @TempDir
    Path home;

    private String cluster;

    @AfterEach
    void destroy() throws Exception {
        if (cluster != null && Files.exists(home.resolve("clusters").resolve(cluster).resolve(ClusterState.FILE))) {
            Child destroy = Spawner.spawn(LocalNodes.anvilctlSpec(home, "cluster", "destroy", "--name", cluster));
            destroy.output().readAllBytes();
            destroy.exit().get(2, TimeUnit.MINUTES);
        }
    }

    @Test
    @Timeout(value = 8, unit = TimeUnit.MINUTES)
    void vip_heldByOne_movesWhenItsHolderStops() throws Exception {
        cluster = "vip" + (ProcessHandle.current().pid() % 10000);
        Path patch = home.resolve("vip.yaml");
        Files.writeString(patch, """
                machine:
                  network:
                    interfaces:
                      - interface: eth0
                        vip:
                          ip: %s
                """.formatted(VIP));
        String created = LocalNodes.anvilctl(home, "cluster", "create", "--name", cluster, "--controlplanes", "3",
                "--workers", "0", "--cidr", "10.213.30.0/24", "--config-patch-control-plane", "@" + patch);
        assertThat(created).contains("cluster " + cluster + " is healthy");
        ClusterState state = ClusterState.load(home.resolve("clusters").resolve(cluster));
        List<ClusterState.Node> nodes = state.nodes();

        AtomicReference<ClusterState.Node> holder = new AtomicReference<>();
        await().atMost(60, TimeUnit.SECONDS).pollInterval(Duration.ofSeconds(1)).until(() -> {
            List<ClusterState.Node> holding = holders(nodes);
            holder.set(holding.size() == 1 ? holding.getFirst() : null);
            return holder.get() != null;
        });
        ClusterState.Node first = holder.get();
        assertThat(LocalNodes.anvilctl(home, "--context", cluster, "-e", VIP, "-n", VIP, "version"))
                .contains("NODE:        " + first.name());
        assertThat(LocalNodes.anvilctl(home, "--context", cluster, "-n", first.ip(), "get", "addresses"))
                .contains(VIP + "/32");
        String healthy = LocalNodes.anvilctl(home, "--context", cluster, "health");
        assertThat(healthy).contains("waiting for VIP to be held: OK");

        List<ClusterState.Node> rest = nodes.stream().filter(n -> n != first).toList();
        long stoppedAt = System.nanoTime();
        ProcessHandle.of(LocalNodes.nodePid(first.launcherPid())).orElseThrow().destroy();
        await().atMost(30, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(200)).until(() -> {
            List<ClusterState.Node> holding = holders(rest);
            holder.set(holding.size() == 1 ? holding.getFirst() : null);
            return holder.get() != null;
        });
        double moved = (System.nanoTime() - stoppedAt) / 1e9;
        ClusterState.Node second = holder.get();
        await().atMost(30, TimeUnit.SECONDS).pollInterval(Duration.ofSeconds(1)).ignoreExceptions().until(() ->
                LocalNodes.anvilctl(home, "--context", cluster, "-e", VIP, "-n", VIP, "version")
                        .contains("NODE:        " + second.name()));
        double answering = (System.nanoTime() - stoppedAt) / 1e9;
        System.out.printf("FIGURE VIP move after SIGTERM to its holder: held by %s after %.1f s, API answering at"
                + " the VIP after %.1f s%n", second.name(), moved, answering);
        await().atMost(20, TimeUnit.SECONDS).until(() -> ProcessHandle.of(first.launcherPid()).isEmpty());

        String members = LocalNodes.anvilctl(home, "--context", cluster, "-e", VIP, "-n", second.ip(), "etcd",
                "members");
        assertThat(members).contains(first.name()).contains(rest.get(0).name()).contains(rest.get(1).name());
        for (ClusterState.Node node : rest) {
            assertThat(LocalNodes.anvilctl(home, "--context", cluster, "-e", VIP, "-n", node.ip(), "etcd", "status"))
                    .as("a member and its leader, not 0").containsPattern(java.util.regex.Pattern.quote(node.name())
                            + "\\s+[0-9a-f]{16}\\s.*\\s(?!0{16})[0-9a-f]{16}\\s");
        }
        Child health = Spawner.spawn(LocalNodes.anvilctlSpec(home, "--context", cluster, "-e", VIP, "health",
                "--control-plane-nodes", String.join(",", nodes.stream().map(ClusterState.Node::ip).toList()),
                "--wait-timeout", "10s"));
        String report = new String(health.output().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(health.exit().get(2, TimeUnit.MINUTES).success()).as(report).isFalse();
        assertThat(report).containsPattern(java.util.regex.Pattern.quote(first.ip())
                + ": (not answering|unreachable)");

        assertThat(LocalNodes.anvilctl(home, "cluster", "destroy", "--name", cluster))
                .contains("cluster " + cluster + " destroyed");
        LocalNodes.assertNothingLeft(home, cluster, state);
    }

    /** The nodes that have the VIP on eth0, by {@code ip -j addr} in their network namespaces. */
    private static List<ClusterState.Node> holders(List<ClusterState.Node> nodes) {
        return nodes.stream().filter(n -> {
            try {
                return ProcessHandle.of(n.launcherPid()).isPresent() && addresses(LocalNodes.nodePid(
                        n.launcherPid())).contains("\"local\":\"" + VIP + "\"");
            } catch (Exception e) {
                return false;
            }
        }).toList();
    }

    private static String addresses(long pid) throws Exception {
        Child child = Spawner.spawn(new ProcessSpec("/usr/bin/nsenter", List.of("--net", "--target",
                Long.toString(pid), "ip", "-j", "addr", "show", "dev", "eth0"),
                Map.of("PATH", "/usr/sbin:/usr/bin:/sbin:/bin"), ProcessSpec.Output.CAPTURE, true));
        String out = new String(child.output().readAllBytes(), StandardCharsets.UTF_8);
        child.exit().get(30, TimeUnit.SECONDS);
        return out;
    }
}
