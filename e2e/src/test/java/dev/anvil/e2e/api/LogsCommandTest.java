package dev.anvil.e2e.api;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/** anvilctl logs against a running node. */
@Tag("e2e")
@ExtendWith(SharedCluster.Resolver.class)
class LogsCommandTest {
    private final SharedCluster cluster;

    LogsCommandTest(SharedCluster cluster) {
        this.cluster = cluster;
    }

    @Test
    void logsOfAnUnknownService_isNotFound() {
        SharedCluster.Result result = cluster.anvilctl("logs", "nope");
        assertThat(result.exitCode()).isOne();
        assertThat(result.out()).isEmpty();
        assertThat(result.err()).startsWith("error: not found: service \"nope\" not found");
    }

    @Test
    void followingAnUnknownService_endsAtOnce() {
        SharedCluster.Result result = cluster.anvilctl("logs", "-f", "--tail", "10", "nope");
        assertThat(result.exitCode()).isOne();
        assertThat(result.err()).startsWith("error: not found: service \"nope\" not found");
    }

    @Test
    void kubernetesContainers_haveNoLogHere_andSayWhy() {
        SharedCluster.Result result = cluster.anvilctl("logs", "-k", "kube-system/kube-apiserver");
        assertThat(result.exitCode()).isOne();
        assertThat(result.err()).startsWith("error: failed precondition: no log for Kubernetes container "
                + "\"kube-system/kube-apiserver\"").contains("containerd runs without its CRI plugin");
    }
}
