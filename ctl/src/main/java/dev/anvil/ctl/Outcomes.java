package dev.anvil.ctl;

import dev.anvil.machinery.config.tool.CommandOutcome;
import picocli.CommandLine.Model.CommandSpec;

/** Prints what a machinery tool produced on the command's own streams and returns its exit code. */
final class Outcomes {
    private Outcomes() {
    }

    static int print(CommandSpec spec, CommandOutcome outcome) {
        spec.commandLine().getOut().print(outcome.stdout());
        spec.commandLine().getOut().flush();
        spec.commandLine().getErr().print(outcome.stderr());
        spec.commandLine().getErr().flush();
        return outcome.exitCode();
    }
}
