package dev.anvil.ctl;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The completion script, loaded into a real bash, completes command names and flags. */
class CompletionCommandTest {

    @TempDir
    Path dir;

    @Test
    void bash_completesCommandsAndFlags() throws Exception {
        Cli script = Cli.run("completion", "bash");
        assertThat(script.exitCode()).isZero();
        Path file = dir.resolve("anvilctl.bash");
        Files.writeString(file, script.out());

        assertThat(complete(file, "anvilctl", "rebo")).isEqualTo("reboot");
        assertThat(complete(file, "anvilctl", "apply-config", "--cert-f")).isEqualTo("--cert-fingerprint");
        assertThat(complete(file, "anvilctl", "inspect", "dep")).isEqualTo("dependencies");
    }

    @Test
    void anUnknownShell_isRefused() {
        Cli result = Cli.run("completion", "fish");
        assertThat(result.exitCode()).isOne();
        assertThat(result.err()).contains("no completion for shell fish (known: bash, zsh)");
    }

    /** What bash offers for the last word, as the completion function computes it. */
    private static String complete(Path script, String... words) throws Exception {
        String command = "source " + script + " 2>/dev/null; COMP_WORDS=(" + String.join(" ", words) + "); COMP_CWORD="
                + (words.length - 1) + "; _complete_anvilctl 2>/dev/null; echo \"${COMPREPLY[*]}\"";
        Process bash = new ProcessBuilder("bash", "-c", command).redirectErrorStream(true).start();
        String out = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(bash.waitFor(10, TimeUnit.SECONDS)).isTrue();
        return out;
    }
}
