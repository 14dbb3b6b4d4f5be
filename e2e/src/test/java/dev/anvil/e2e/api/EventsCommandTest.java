package dev.anvil.e2e.api;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** anvilctl events against a running node: it follows until interrupted, as a user's Ctrl-C stops it. */
@Tag("e2e")
@ExtendWith(SharedCluster.Resolver.class)
class EventsCommandTest {
    /** The first line of a sequence, phase or task event: NODE ID EVENT. */
    private static final Pattern BOOT_EVENT = Pattern.compile(
            "(?m)^(\\S+) +(\\S+) +talos/runtime/machine\\.(Sequence|Phase|Task)Event$");

    private final SharedCluster cluster;

    EventsCommandTest(SharedCluster cluster) {
        this.cluster = cluster;
    }

    @Test
    void tail_showsTheBootsEvents_underTalosctlsHeader_untilInterrupted() throws Exception {
        // enough to reach back past the service events that a control plane's etcd adds after the boot's last ones
        SharedCluster.Running events = cluster.start("events", "--tail", "30");
        await().atMost(Duration.ofSeconds(60)).until(() -> BOOT_EVENT.matcher(events.out()).find()
                || !events.isRunning());
        assertThat(events.isRunning()).as("events follows until stopped").isTrue();
        SharedCluster.Result result = events.stop(Duration.ofSeconds(10));

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).startsWith("NODE").contains("   ID   ").contains("EVENT   ACTOR   SOURCE   MESSAGE");
        Matcher first = BOOT_EVENT.matcher(result.out());
        assertThat(first.find()).isTrue();
        assertThat(first.group(1)).isEqualTo(cluster.nodes().getFirst().ip());
        // each event's second line is its actor, source and message (START or STOP of a boot sequence, phase, task)
        assertThat(result.out()).containsPattern("(?m)^\\s*\\S+ +(START|STOP)$");
        assertThat(result.out().lines().count()).as("a header, then two lines an event").isOdd();
    }

    @Test
    void since_showsTheEventsAfterThatOne() throws Exception {
        SharedCluster.Running all = cluster.start("events", "--tail", "-1");
        await().atMost(Duration.ofSeconds(60)).until(() -> BOOT_EVENT.matcher(all.out()).results().count() >= 2);
        SharedCluster.Result everything = all.stop(Duration.ofSeconds(10));
        String firstId = BOOT_EVENT.matcher(everything.out()).results().findFirst().orElseThrow().group(2);
        String secondId = BOOT_EVENT.matcher(everything.out()).results().skip(1).findFirst().orElseThrow().group(2);

        SharedCluster.Running after = cluster.start("events", "--since", firstId);
        await().atMost(Duration.ofSeconds(60)).until(() -> after.out().contains(secondId));
        SharedCluster.Result result = after.stop(Duration.ofSeconds(10));
        assertThat(result.out()).doesNotContain(firstId);
    }

    @Test
    void tailAndSinceTogether_areRefusedByTheNode() {
        SharedCluster.Result result = cluster.anvilctl("events", "--tail", "3", "--since", "x");
        assertThat(result.exitCode()).isOne();
        assertThat(result.err()).startsWith("error: invalid argument: ").contains("exclude one another");
    }

    @Test
    void durationThatIsNotOne_isRefused() {
        SharedCluster.Result result = cluster.anvilctl("events", "--duration", "5 minutes");
        assertThat(result.exitCode()).isOne();
        assertThat(result.err()).contains("not a Go duration");
    }
}
