package dev.anvil.ctl;

import dev.anvil.ctl.upgrade.RollbackCommand;
import dev.anvil.ctl.upgrade.UpgradeCommand;

import dev.anvil.ctl.api.GlobalOptions;
import dev.anvil.ctl.cluster.ClusterCommand;
import dev.anvil.ctl.dashboard.DashboardCommand;
import dev.anvil.ctl.health.HealthCommand;
import dev.anvil.ctl.config.ConfigCommand;
import dev.anvil.ctl.gen.GenCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** The anvilctl entry point: one subcommand class per command group, wired here. */
@Command(name = "anvilctl", mixinStandardHelpOptions = true, version = "anvilctl 0.1.0-SNAPSHOT",
        description = "Manage Anvil nodes through their API.",
        subcommands = {DemoCommand.class, ClusterCommand.class, GenCommand.class, ConfigCommand.class,
                ValidateCommand.class, MachineConfigCommand.class, VersionCommand.class,
                LifecycleCommands.Reboot.class, LifecycleCommands.Shutdown.class, LifecycleCommands.Reset.class,
                ApplyConfigCommand.class, ProcessesCommand.class, MemoryCommand.class, MountsCommand.class,
                ListCommand.class, ReadCommand.class, CopyCommand.class, UsageCommand.class, LogsCommand.class,
                DmesgCommand.class, EventsCommand.class, ServiceCommand.class, GetCommand.class,
                InspectCommand.class, KubeconfigCommand.class, CompletionCommand.class, PatchCommand.class,
                EditCommand.class, HealthCommand.class, DashboardCommand.class, TimeCommand.class,
                BootstrapCommand.class, EtcdCommand.class, MetaCommand.class, NetstatCommand.class, PcapCommand.class,
                SupportCommand.class, ContainerCommands.Containers.class, ContainerCommands.Stats.class,
                ContainerCommands.Restart.class, ImageCommand.class, DisksCommand.class, UpgradeCommand.class,
                RollbackCommand.class})
public final class Anvilctl implements GlobalOptions.HasGlobalOptions {
    @Mixin
    GlobalOptions global;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String... args) {
        return commandLine().execute(args);
    }

    @Override
    public GlobalOptions globalOptions() {
        return global;
    }

    /** The command line as users get it. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Anvilctl());
        // "@file" names a patch or file for the command itself, as in talosctl, not a picocli argument file
        cli.setExpandAtFiles(false);
        // as with talosctl, a flag given twice takes its last value
        cli.setOverwrittenOptionsAllowed(true);
        // read and copy pass a node's bytes through as they are
        cli.setOut(new RawOutput(System.out));
        // a bad flag or a refused request gets a one-line message, never a stack trace
        cli.setExecutionExceptionHandler((e, commandLine, parsed) -> {
            commandLine.getErr().println("error: " + Failures.describe(e));
            return 1;
        });
        return cli;
    }
}
