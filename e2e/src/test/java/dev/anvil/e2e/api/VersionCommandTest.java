package dev.anvil.e2e.api;

import dev.anvil.ctl.cluster.ClusterState;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/** anvilctl version against the nodes of a running cluster, through the context cluster create merged. */
@Tag("e2e")
@ExtendWith(SharedCluster.Resolver.class)
class VersionCommandTest {
    private final SharedCluster cluster;

    VersionCommandTest(SharedCluster cluster) {
        this.cluster = cluster;
    }

    @Test
    void version_asAUserRunsIt_printsClientAndServer() throws Exception {
        String output = cluster.run("version");
        assertThat(output).contains("Client:").contains("Server:")
                .contains("NODE:        " + cluster.nodes().getFirst().name()).contains("Enabled:     RBAC");
    }

    @Test
    void version_ofTheSecondNode_byEndpoint() {
        ClusterState.Node second = cluster.nodes().get(1);
        var result = cluster.anvilctl("-e", second.ip(), "-n", second.ip(), "version", "--short");
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).contains("NODE:        " + second.name()).contains("\tv0.1.0");
    }

    @Test
    void version_ofBothNodes_fansOutThroughTheEndpoint_oneReplyPerNode() {
        String first = cluster.nodes().get(0).ip();
        String second = cluster.nodes().get(1).ip();
        var result = cluster.anvilctl("-e", first, "-n", first + "," + second, "version", "--short");
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).contains("NODE:        " + first).contains("NODE:        " + second);
    }

    @Test
    void version_ofANodeThatIsDown_isAnErrorLine_andTheOthersStillAnswer() {
        String first = cluster.nodes().get(0).ip();
        String absent = first.substring(0, first.lastIndexOf('.')) + ".250";
        var result = cluster.anvilctl("-e", first, "-n", first + "," + absent, "version", "--short");
        assertThat(result.exitCode()).isOne();
        assertThat(result.out()).contains("NODE:        " + first);
        assertThat(result.err()).contains(absent + ": ");
    }

    @Test
    void version_withAContextThatDoesNotExist_saysSo() {
        var result = cluster.anvilctl("--context", "nope", "version");
        assertThat(result.exitCode()).isOne();
        assertThat(result.err()).contains("context \"nope\" is not defined");
    }

    @Test
    void version_ofAnEndpointThatDoesNotAnswer_isAnErrorLine() {
        var result = cluster.anvilctl("-e", "127.0.0.1:1", "version");
        assertThat(result.exitCode()).isOne();
        assertThat(result.err()).startsWith("error: unavailable");
    }
}
