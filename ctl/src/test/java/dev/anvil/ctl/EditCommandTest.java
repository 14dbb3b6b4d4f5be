package dev.anvil.ctl;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class EditCommandTest {

    @Test
    void theEditingComment_isDroppedFromWhatComesBack() {
        String refusal = EditCommand.commented("invalid argument: the config is not valid:\nmachine.type: bad");
        assertThat(refusal).isEqualTo("# \n# invalid argument: the config is not valid:\n# machine.type: bad\n");
        String file = "# Editing MachineConfigs.config.talos.dev/v1alpha1 at node 10.5.0.2\n" + refusal
                + "version: v1alpha1\n# a comment of the user's stays\nmachine: {}\n";
        assertThat(EditCommand.withoutEditingComment(file))
                .isEqualTo("version: v1alpha1\n# a comment of the user's stays\nmachine: {}\n");
        assertThat(EditCommand.withoutEditingComment("# only the header\n")).isEmpty();
    }

    @Test
    void commentsDoNotCount_whenComparing() {
        assertThat(EditCommand.withoutComments("a: 1\n  # note\nb: 2\n")).isEqualTo("a: 1\nb: 2");
        assertThat(EditCommand.withoutComments("# only\n# comments\n")).isBlank();
    }

    @Test
    void badFlags_failBeforeAnyNodeIsAsked() {
        var patch = Cli.run("patch", "mc", "-e", "127.0.0.1:1");
        assertThat(patch.exitCode()).isOne();
        assertThat(patch.err()).contains("either --patch or --patch-file should be defined");
        var edit = Cli.run("edit", "mc", "--mode", "sometimes", "-e", "127.0.0.1:1");
        assertThat(edit.exitCode()).isOne();
        assertThat(edit.err()).contains("unknown mode sometimes (known: auto, no-reboot, reboot, staged, try)");
    }
}
