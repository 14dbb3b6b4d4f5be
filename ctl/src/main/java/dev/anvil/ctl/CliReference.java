package dev.anvil.ctl;

import picocli.CommandLine;
import picocli.CommandLine.Help.Ansi;

/** docs/cli-reference.md: every anvilctl command's help, generated from the commands themselves. */
final class CliReference {
    private CliReference() {
    }

    static String markdown() {
        StringBuilder out = new StringBuilder("# anvilctl reference\n\nGenerated from the commands; do not edit.\n");
        append(out, Anvilctl.commandLine());
        return out.toString();
    }

    private static void append(StringBuilder out, CommandLine command) {
        out.append("\n## ").append(command.getCommandSpec().qualifiedName()).append("\n\n```\n")
                .append(command.getUsageMessage(Ansi.OFF).stripTrailing()).append("\n```\n");
        command.getSubcommands().entrySet().stream()
                .filter(e -> e.getKey().equals(e.getValue().getCommandName()))
                .forEach(e -> append(out, e.getValue()));
    }
}
