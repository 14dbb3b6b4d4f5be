package dev.anvil.sys;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Real programs started with posix_spawn and reaped by the process's reaper. */
class SpawnerTest {

    @Test
    void capturedOutput_andExitCode() throws Exception {
        Child child = Spawner.spawn(ProcessSpec.of("/bin/sh", "-c", "echo out; echo err >&2; exit 3"));
        String output = new String(child.output().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(output).contains("out\n").contains("err\n");
        assertThat(child.exit().get(5, TimeUnit.SECONDS)).isEqualTo(new ExitStatus.Exited(child.pid(), 3));
    }

    @Test
    void environment_isExactlyWhatWasGiven() throws Exception {
        Child child = Spawner.spawn(ProcessSpec.of("/usr/bin/env").withEnv(Map.of("ONLY", "this")));
        assertThat(new String(child.output().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("ONLY=this\n");
        assertThat(child.exit().get(5, TimeUnit.SECONDS).success()).isTrue();
    }

    @Test
    void child_getsNoDescriptorOfOurs() throws Exception {
        Path marker = Files.createTempFile("anvil-fd", ".txt");
        try (var open = Files.newInputStream(marker)) {
            Child child = Spawner.spawn(ProcessSpec.of("/bin/ls", "/proc/self/fd"));
            List<String> fds = new String(child.output().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
            child.exit().get(5, TimeUnit.SECONDS);
            // 0, 1, 2, and the descriptor ls opened to read the directory
            assertThat(fds).hasSizeLessThanOrEqualTo(4).contains("0", "1", "2");
        } finally {
            Files.delete(marker);
        }
    }

    @Test
    void signal_killsAndTheStatusSaysBySignal() throws Exception {
        Child child = Spawner.spawn(ProcessSpec.of("/bin/sleep", "30").withOutput(ProcessSpec.Output.DISCARD));
        child.signal(Child.SIGKILL);
        assertThat(child.exit().get(5, TimeUnit.SECONDS)).isEqualTo(new ExitStatus.Killed(child.pid(), 9, false));
        child.signal(Child.SIGKILL);
    }

    @Test
    void quickExits_areNeverLost() throws Exception {
        for (int i = 0; i < 50; i++) {
            Child child = Spawner.spawn(ProcessSpec.of("/bin/true").withOutput(ProcessSpec.Output.DISCARD));
            assertThat(child.exit().get(5, TimeUnit.SECONDS).success()).isTrue();
        }
    }

    @Test
    void orphans_areReapedWhenWeAreTheSubreaper() throws Exception {
        Reaper reaper = Reaper.get();
        reaper.becomeSubreaper();
        long before = reaper.orphansReaped();
        Child parent = Spawner.spawn(ProcessSpec.of("/bin/sh", "-c", "/bin/sleep 0.2 & exit 0")
                .withOutput(ProcessSpec.Output.DISCARD));
        assertThat(parent.exit().get(5, TimeUnit.SECONDS).success()).isTrue();
        await().atMost(5, TimeUnit.SECONDS).until(() -> reaper.orphansReaped() > before);
    }

    @Test
    void missingProgram_isAClearError() {
        assertThatThrownBy(() -> Spawner.spawn(ProcessSpec.of("/no/such/program")))
                .isInstanceOf(SyscallException.class).hasMessageContaining("/no/such/program")
                .hasMessageContaining("No such file");
        assertThatThrownBy(() -> ProcessSpec.of("sh")).hasMessageContaining("absolute path");
    }

    @Test
    void groupSignal_reachesGrandchildren() throws IOException, Exception {
        Child child = Spawner.spawn(ProcessSpec.of("/bin/sh", "-c", "/bin/sleep 30 & /bin/sleep 30; wait"));
        Thread.sleep(200);
        child.signalGroup(Child.SIGKILL);
        assertThat(child.exit().get(5, TimeUnit.SECONDS).success()).isFalse();
        // the output pipe closes only when every holder, the grandchild included, is gone
        assertThat(child.output().readAllBytes()).isEmpty();
    }
}
