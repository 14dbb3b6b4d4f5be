package dev.anvil.machinery.config.tool;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anvil.machinery.config.Resources;
import dev.anvil.machinery.config.validate.ValidationMode;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConfigToolTest {

    @Test
    void validate_goodConfig_exitsZeroAndPrintsWarningsOnStderr() {
        CommandOutcome outcome = ConfigTool.validate(Resources.config("controlplane.yaml"), ValidationMode.METAL, false);

        assertThat(outcome.exitCode()).isZero();
        assertThat(outcome.stdout()).isEqualTo("config is valid for metal mode\n");
        assertThat(outcome.stderr()).contains("warning: line 3: v1alpha1: persist: obsolete field");
    }

    @Test
    void validate_strict_failsOnWarnings() {
        CommandOutcome outcome = ConfigTool.validate(Resources.config("controlplane.yaml"), ValidationMode.METAL, true);

        assertThat(outcome.exitCode()).isEqualTo(1);
        assertThat(outcome.stdout()).isEmpty();
        assertThat(outcome.stderr().lines()).allMatch(line -> line.startsWith("error: "));
    }

    @Test
    void validate_badConfig_listsEveryProblem() {
        CommandOutcome outcome = ConfigTool.validate("version: v1alpha1\nmachine:\n  typ: worker\n  tokn: x\n",
                ValidationMode.CLOUD, false);

        assertThat(outcome.exitCode()).isEqualTo(1);
        assertThat(outcome.stderr()).isEqualTo("""
                error: line 3: v1alpha1: machine.typ: unknown field "typ"
                error: line 4: v1alpha1: machine.tokn: unknown field "tokn"
                """);
    }

    @Test
    void patch_printsThePatchedConfig_orFails() {
        CommandOutcome ok = ConfigTool.patch(Resources.config("worker.yaml"),
                List.of("machine:\n  network:\n    hostname: w1\n"));
        CommandOutcome bad = ConfigTool.patch(Resources.config("worker.yaml"), List.of("[{op: remove, path: /x}]"));

        assertThat(ok.exitCode()).isZero();
        assertThat(ok.stdout()).contains("hostname: w1");
        assertThat(bad.exitCode()).isEqualTo(1);
        assertThat(bad.stdout()).isEmpty();
        assertThat(bad.stderr()).startsWith("error: patch 1: operation 0");
    }
}
