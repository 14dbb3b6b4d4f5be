package dev.anvil.ctl;

import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * anvilctl completion SHELL: a completion script for every command and flag, generated from the command line
 * itself, so it never goes stale. zsh reads the bash script through bashcompinit.
 */
@Command(name = "completion", description = "Print a shell completion script: bash or zsh "
        + "(source <(anvilctl completion bash)).")
final class CompletionCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Parameters(paramLabel = "SHELL", description = "bash or zsh.")
    String shell;

    @Override
    public Integer call() {
        String script = AutoComplete.bash("anvilctl", spec.root().commandLine());
        switch (shell.toLowerCase(Locale.ROOT)) {
            case "bash" -> spec.commandLine().getOut().print(script);
            case "zsh" -> spec.commandLine().getOut().print("autoload -U +X compinit && compinit\n"
                    + "autoload -U +X bashcompinit && bashcompinit\n" + script);
            default -> throw new IllegalArgumentException("no completion for shell " + shell + " (known: bash, zsh)");
        }
        spec.commandLine().getOut().flush();
        return 0;
    }
}
