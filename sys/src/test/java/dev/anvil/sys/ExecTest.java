package dev.anvil.sys;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ExecTest {

    @Test
    void replaceProcess_keepsThePid_andTheJvmIsGone() throws Exception {
        String java = ProcessHandle.current().info().command().orElseThrow();
        Child child = Spawner.spawn(new ProcessSpec(java, List.of("--enable-native-access=ALL-UNNAMED", "-cp",
                System.getProperty("java.class.path"), ExecProbe.class.getName()), Map.of(),
                ProcessSpec.Output.CAPTURE, true));
        List<String> lines = new String(child.output().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        assertThat(child.exit().get(30, TimeUnit.SECONDS).success()).isTrue();
        assertThat(lines).containsExactly("java " + child.pid(), "sh " + child.pid() + " hello");
    }

    @Test
    void replaceProcess_withAMissingProgram_failsAndThisProcessGoesOn() {
        assertThatThrownBy(() -> Exec.replaceProcess("/no/such/program", List.of(), Map.of()))
                .isInstanceOf(SyscallException.class).hasMessageContaining("execve(/no/such/program)");
    }
}
