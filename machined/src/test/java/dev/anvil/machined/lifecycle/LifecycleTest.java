package dev.anvil.machined.lifecycle;

import dev.anvil.cosi.state.inmem.InMemoryState;
import dev.anvil.machined.events.EventStream;
import dev.anvil.machined.events.MachineEvent;
import dev.anvil.machined.sequencer.Phase;
import dev.anvil.machined.sequencer.Sequence;
import dev.anvil.machined.sequencer.SequenceLockedException;
import dev.anvil.machined.sequencer.Sequencer;
import dev.anvil.machined.sequencer.Task;
import dev.anvil.machined.services.ServiceSpec;
import dev.anvil.machined.services.ServiceState;
import dev.anvil.machined.services.Supervisor;
import dev.anvil.machined.storage.Meta;
import dev.anvil.sys.Cgroups;
import dev.anvil.sys.ProcessSpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Reboot, shutdown and reset as sequences: real services stopped, events under the actor id, then the end. */
class LifecycleTest {
    private final EventStream events = new EventStream(100);
    private final Sequencer sequencer = new Sequencer(events);
    private final Supervisor supervisor = new Supervisor(Cgroups.detect(), "anvil-test-" + ProcessHandle.current().pid());
    private final AtomicInteger apiClosed = new AtomicInteger();
    private final RecordingTerminal terminal = new RecordingTerminal();
    private final CompletableFuture<String> ended = terminal.ended;

    @TempDir
    Path dir;

    @AfterEach
    void stop() {
        supervisor.close();
    }

    private Meta meta;

    private Lifecycle lifecycle() throws IOException {
        meta = new Meta(dir.resolve("meta"), new InMemoryState());
        meta.load();
        meta.write(0x0c, "kept until META is wiped".getBytes(StandardCharsets.UTF_8));
        return new Lifecycle(sequencer, supervisor, apiClosed::incrementAndGet, terminal, dir.resolve("state"),
                dir.resolve("var"), meta, dir.resolve("secrets"));
    }

    @Test
    void reboot_stopsServices_closesTheApi_thenReboots_underItsActorId() throws Exception {
        supervisor.register(ServiceSpec.of("sleeper", ProcessSpec.of("/bin/sleep", "60")));
        supervisor.start("sleeper");
        await().atMost(10, TimeUnit.SECONDS).until(() -> supervisor.status("sleeper").state() == ServiceState.RUNNING);

        String actor = lifecycle().reboot();

        assertThat(ended.get(20, TimeUnit.SECONDS)).isEqualTo("reboot");
        assertThat(supervisor.status("sleeper").state()).isNotEqualTo(ServiceState.RUNNING);
        assertThat(apiClosed).hasValue(1);
        List<MachineEvent> mine = events.read(0, Duration.ZERO).items().stream()
                .filter(e -> e.actorId().equals(actor)).toList();
        assertThat(mine).extracting(e -> e.payload().toString())
                .anySatisfy(p -> assertThat(p).contains("reboot").contains("START"))
                .anySatisfy(p -> assertThat(p).contains("stopServices"))
                .anySatisfy(p -> assertThat(p).contains("stopApi"));
    }

    @Test
    void shutdown_powersOff() throws Exception {
        lifecycle().shutdown();
        assertThat(ended.get(20, TimeUnit.SECONDS)).isEqualTo("powerOff");
    }

    @Test
    void reset_wipesOnlyTheLabelsAskedFor_andKeepsTheDirectories() throws Exception {
        Files.createDirectories(dir.resolve("state"));
        Files.writeString(dir.resolve("state/config.yaml"), "x");
        Files.createDirectories(dir.resolve("var/lib/etcd"));
        Files.writeString(dir.resolve("var/lib/etcd/member"), "y");
        Files.createDirectories(dir.resolve("secrets/etcd"));
        Files.writeString(dir.resolve("secrets/etcd/peer.key"), "a runtime secret");

        lifecycle().reset(Set.of("state"), true);

        assertThat(ended.get(20, TimeUnit.SECONDS)).isEqualTo("reboot");
        assertThat(dir.resolve("state")).isEmptyDirectory();
        assertThat(dir.resolve("secrets")).as("runtime secrets go with any reset").isEmptyDirectory();
        assertThat(dir.resolve("var/lib/etcd/member")).hasContent("y");
        assertThat(meta.values()).containsOnlyKeys(0x0c);
    }

    @Test
    void reset_withoutLabels_wipesAll_andPowersOffWithoutReboot() throws Exception {
        Files.createDirectories(dir.resolve("state"));
        Files.writeString(dir.resolve("state/config.yaml"), "x");
        Files.createDirectories(dir.resolve("var/log"));
        Files.writeString(dir.resolve("var/log/a"), "y");

        lifecycle().reset(Set.of(), false);

        assertThat(ended.get(20, TimeUnit.SECONDS)).isEqualTo("powerOff");
        assertThat(dir.resolve("state")).isEmptyDirectory();
        assertThat(dir.resolve("var")).isEmptyDirectory();
        assertThat(meta.values()).isEmpty();
    }

    @Test
    void reset_ofAnUnknownPartition_isRefusedBeforeAnything() {
        assertThatThrownBy(() -> lifecycle().reset(Set.of("BOOT"), true))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown system partition BOOT");
        assertThat(ended).isNotDone();
    }

    @Test
    void shutdown_whileASequenceThatCannotBeTakenOverRuns_isRefused() throws Exception {
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread install = Thread.ofVirtual().start(() -> {
            try {
                sequencer.run(Sequence.INSTALL, List.of(Phase.of("p", new Task("t", () -> {
                    inside.countDown();
                    release.await();
                }))), "");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        inside.await();
        try {
            assertThatThrownBy(() -> lifecycle().shutdown()).isInstanceOf(SequenceLockedException.class);
        } finally {
            release.countDown();
            install.join();
        }
    }
}
