package dev.anvil.e2e.api;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/** anvilctl inspect dependencies: the node's controller graph, as graphviz reads it. */
@Tag("e2e")
@ExtendWith(SharedCluster.Resolver.class)
class InspectCommandTest {
    private final SharedCluster cluster;

    InspectCommandTest(SharedCluster cluster) {
        this.cluster = cluster;
    }

    @Test
    void dependencies_areADotGraphOfTheNodesControllers() {
        var result = cluster.anvilctl("inspect", "dependencies");
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).startsWith("digraph controllers {").endsWith("}\n")
                .contains("\"network.HostnameSpecController\" [shape=box];")
                .contains("\"network.HostnameSpecController\" -> \"HostnameStatuses.net.talos.dev\"")
                .contains("\"runtime.MachineStatusController\"");
    }

    @Test
    void dependencies_ofTwoNodesAtOnce_isRefused() {
        var result = cluster.anvilctl("-n", cluster.nodes().get(0).ip() + "," + cluster.nodes().get(1).ip(),
                "inspect", "dependencies");
        assertThat(result.exitCode()).isOne();
        assertThat(result.err()).contains("one node at a time");
    }
}
