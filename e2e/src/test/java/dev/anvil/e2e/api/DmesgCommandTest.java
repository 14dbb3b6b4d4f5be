package dev.anvil.e2e.api;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * anvilctl dmesg against a running node. In container mode the node reads the host's kernel log (the kernel has
 * one), so a record the test writes to /dev/kmsg shows on the node too.
 */
@Tag("e2e")
@ExtendWith(SharedCluster.Resolver.class)
class DmesgCommandTest {
    /** talosctl's dmesg line: the node, then the record as the node formats it. */
    private static final Pattern LINE =
            Pattern.compile("\\S+: [a-z0-9]+: +[a-z]+: \\[\\d{4}-\\d\\d-\\d\\dT[0-9:.]+Z]: .*");

    private final SharedCluster cluster;

    DmesgCommandTest(SharedCluster cluster) {
        this.cluster = cluster;
    }

    @Test
    void dmesg_printsTheKernelLog_aRecordALine_prefixedByTheNode() {
        SharedCluster.Result result = cluster.anvilctl("dmesg");
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out().lines()).isNotEmpty().allSatisfy(line -> {
            assertThat(line).startsWith(cluster.nodes().getFirst().ip() + ": ");
            assertThat(line).matches(LINE);
        });
    }

    @Test
    void followFromTheTail_printsNewRecords_untilInterrupted() throws Exception {
        Path kmsg = Path.of("/dev/kmsg");
        assumeTrue(Files.isWritable(kmsg), "writing a record to /dev/kmsg needs root");
        SharedCluster.Running dmesg = cluster.start("dmesg", "-f", "--tail");
        String marker = "anvilctl-dmesg-test " + UUID.randomUUID();
        // the node reads from the tail once the call reaches it: write until the record shows
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> {
            Files.writeString(kmsg, "<5>" + marker + "\n");
            return dmesg.out().contains(marker) || !dmesg.isRunning();
        });
        SharedCluster.Result result = dmesg.stop(Duration.ofSeconds(10));

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).containsPattern("(?m)^" + Pattern.quote(cluster.nodes().getFirst().ip())
                + ": user:  notice: \\[[^]]+]: " + Pattern.quote(marker) + "$");
        assertThat(result.out()).doesNotContain("Linux version");
    }
}
