package dev.anvil.e2e.cluster;

import dev.anvil.ctl.cluster.ClusterState;
import dev.anvil.sys.Child;
import dev.anvil.sys.Spawner;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's main job, {@code bin/anvilctl demo}, as a user runs it: it creates a cluster of one control plane and
 * one worker, waits until it is healthy and shows both members and both nodes' services; run again, it shows the
 * cluster it made. Destroying it leaves nothing behind.
 */
@Tag("e2e")
class DemoTest {

    @Test
    @Timeout(value = 8, unit = TimeUnit.MINUTES)
    void demo_createsAClusterOfTwoAndShowsItsMembersAndServices() throws Exception {
        Path home = Files.createTempDirectory("anvil-demo");
        String name = "demo" + ProcessHandle.current().pid() % 1000;
        ClusterState state = null;
        try {
            String first = demo(home, name);
            state = ClusterState.load(home.resolve("clusters").resolve(name));
            assertThat(state.nodes()).extracting(ClusterState.Node::role).containsExactly("controlplane", "worker");
            assertThat(first).contains("$ bin/anvilctl cluster create --name " + name)
                    .contains("$ bin/anvilctl --context " + name + " get members")
                    .contains(name + "-controlplane-1").contains(name + "-worker-1")
                    .contains("controlplane").contains("worker")
                    .contains("cluster destroy --name " + name);
            for (ClusterState.Node node : state.nodes()) {
                // the services table names each node once a service row
                assertThat(first).contains(node.ip());
            }

            String again = demo(home, name);
            assertThat(again).contains("cluster " + name + " exists already").contains(name + "-worker-1");
        } finally {
            if (Files.exists(home.resolve("clusters").resolve(name).resolve(ClusterState.FILE))) {
                LocalNodes.anvilctl(home, "cluster", "destroy", "--name", name);
            }
        }
        LocalNodes.assertNothingLeft(home, name, state);
    }

    private static String demo(Path home, String name) throws Exception {
        Child child = Spawner.spawn(LocalNodes.anvilctlSpec(home, "demo", "--name", name, "--cidr",
                "10.213.29.0/24"));
        String output = new String(child.output().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(child.exit().get(5, TimeUnit.MINUTES).success()).as("anvilctl demo:%n%s", output).isTrue();
        return output;
    }
}
