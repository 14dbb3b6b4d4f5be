package dev.anvil.e2e.api;

import dev.anvil.ctl.cluster.ClusterState;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** anvilctl processes, memory and mounts against the nodes of a running cluster: what each node's /proc says. */
@Tag("e2e")
@ExtendWith(SharedCluster.Resolver.class)
class NodeInformationCommandsTest {
    private final SharedCluster cluster;

    NodeInformationCommandsTest(SharedCluster cluster) {
        this.cluster = cluster;
    }

    @Test
    void processes_areTheNodesOwn_machinedBeingPid1() {
        ClusterState.Node first = cluster.nodes().getFirst();
        var result = cluster.anvilctl("processes");
        assertThat(result.exitCode()).as(result.err()).isZero();
        List<String> lines = result.out().lines().toList();
        assertThat(lines.getFirst()).matches("NODE +PID +STATE +THREADS +CPU-TIME +VIRTMEM +RESMEM +LABEL +COMMAND");
        String machined = Pattern.quote(first.name()) + " +1 +[RS] +\\d+ +\\d+\\.\\d\\d +.*java .*"
                + "dev\\.anvil\\.machined\\.Main.*";
        assertThat(lines).anySatisfy(line -> assertThat(line).matches(machined));
        assertThat(result.out()).as("the node has a PID namespace of its own: the test JVM is not in it")
                .doesNotContain("surefire");
    }

    @Test
    void processes_sortedByCpu_largestFirst() {
        var result = cluster.anvilctl("processes", "--sort", "cpu");
        assertThat(result.exitCode()).as(result.err()).isZero();
        List<Double> cpu = result.out().lines().skip(1).map(line -> Double.parseDouble(line.split(" +")[4]))
                .toList();
        assertThat(cpu).isNotEmpty().isSortedAccordingTo((a, b) -> Double.compare(b, a));
    }

    @Test
    void memory_totalIsTheKernels_inMiB() throws IOException {
        var result = cluster.anvilctl("memory");
        assertThat(result.exitCode()).as(result.err()).isZero();
        long total = memTotalKb();
        assertThat(result.out().lines().toList())
                .first().asString().matches("NODE +TOTAL +USED +FREE +SHARED +BUFFERS +CACHE +AVAILABLE");
        assertThat(result.out()).containsPattern(Pattern.quote(cluster.nodes().getFirst().name()) + " +"
                + total / 1024 + " ");
    }

    @Test
    void memory_verbose_isMeminfoInKb() throws IOException {
        var result = cluster.anvilctl("memory", "-v");
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).contains("NODE: " + cluster.nodes().getFirst().name())
                .contains("MemTotal: " + memTotalKb() + " kB").contains("HugePagesTotal: ");
    }

    @Test
    void mounts_includeTheNodesTmpfs_andLeaveOutUnsizedOnes() {
        var result = cluster.anvilctl("mounts");
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out().lines().toList()).first().asString()
                .matches("NODE +FILESYSTEM +SIZE\\(GB\\) +USED\\(GB\\) +AVAILABLE\\(GB\\) +PERCENT USED +MOUNTED ON");
        // bin/machined mounts a 64 MiB tmpfs at the node's /tmp
        assertThat(result.out()).containsPattern(Pattern.quote(cluster.nodes().getFirst().name())
                + " +tmpfs +0\\.07 +\\d+\\.\\d\\d +\\d+\\.\\d\\d +\\d+\\.\\d\\d% +/tmp\n");
        assertThat(result.out()).doesNotContainPattern(" /proc\n");
    }

    private static long memTotalKb() throws IOException {
        Matcher m = Pattern.compile("MemTotal:\\s+(\\d+) kB").matcher(Files.readString(Path.of("/proc/meminfo")));
        assertThat(m.find()).isTrue();
        return Long.parseLong(m.group(1));
    }
}
