package dev.anvil.ctl;

import dev.anvil.ctl.gen.PatchArguments;
import dev.anvil.machinery.config.tool.ConfigTool;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** anvilctl machineconfig: work on machine config files locally, as talosctl machineconfig does. */
@Command(name = "machineconfig", aliases = "mc", description = "Work on machine config files.",
        subcommands = MachineConfigCommand.Patch.class)
final class MachineConfigCommand {

    @Command(name = "patch", description = "Apply strategic-merge or JSON patches to a machine config file.")
    static final class Patch implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", description = "The config file.")
        Path config;

        @Option(names = {"-p", "--patch"}, required = true,
                description = "A patch, inline or @file; repeat to apply several in order.")
        List<String> patches;

        @Option(names = {"-o", "--output"}, description = "Write the result here instead of to stdout.")
        Path output;

        @Override
        public Integer call() throws Exception {
            var outcome = ConfigTool.patch(Files.readString(config), PatchArguments.texts(patches));
            if (output != null && outcome.exitCode() == 0) {
                Files.writeString(output, outcome.stdout());
                spec.commandLine().getErr().print(outcome.stderr());
                return 0;
            }
            return Outcomes.print(spec, outcome);
        }
    }
}
