package dev.anvil.ctl;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The anvilctl entry point: one subcommand class per command group, wired here. */
@Command(name = "anvilctl", mixinStandardHelpOptions = true, version = "anvilctl 0.1.0-SNAPSHOT",
        description = "Manage Anvil nodes through their API.",
        subcommands = {DemoCommand.class})
public final class Anvilctl {

    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String... args) {
        return new CommandLine(new Anvilctl()).execute(args);
    }
}
