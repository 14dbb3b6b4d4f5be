package dev.anvil.ctl;

import dev.anvil.api.common.ContainerDriver;
import dev.anvil.api.machine.ContainersRequest;
import dev.anvil.api.machine.RestartRequest;
import dev.anvil.api.machine.StatsRequest;
import dev.anvil.ctl.api.ApiSession;
import dev.anvil.ctl.api.GlobalOptions;
import dev.anvil.ctl.api.Table;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * anvilctl containers, stats and restart, as talosctl's: the containers of containerd's {@code system} namespace,
 * or with {@code -k} those of {@code k8s.io} (through the CRI driver).
 */
final class ContainerCommands {
    private ContainerCommands() {
    }

    /** The namespace flag the three share. */
    static class Namespace {
        @Option(names = {"-k", "--kubernetes"}, description = "Use the k8s.io containerd namespace (Kubernetes pods).")
        boolean kubernetes;

        String name() {
            return kubernetes ? "k8s.io" : "system";
        }

        ContainerDriver driver() {
            return kubernetes ? ContainerDriver.CRI : ContainerDriver.CONTAINERD;
        }
    }

    @Command(name = "containers", aliases = "c", description = "List containers.")
    static final class Containers extends Namespace implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            try (ApiSession api = GlobalOptions.of(spec).open()) {
                var replies = NodeReplies.of(api, api.machine().containers(ContainersRequest.newBuilder()
                        .setNamespace(name()).setDriver(driver()).build()).getMessagesList(),
                        spec.commandLine().getErr());
                Table table = new Table("NODE", "NAMESPACE", "ID", "IMAGE", "PID", "STATUS");
                for (var node : replies.answered()) {
                    for (var c : node.getContainersList()) {
                        table.row(api.nodeOf(node), c.getNamespace(), c.getId(), c.getImage(), c.getPid(),
                                c.getStatus());
                    }
                }
                table.print(spec.commandLine().getOut());
                return replies.exitCode();
            }
        }
    }

    @Command(name = "stats", description = "Get container stats.")
    static final class Stats extends Namespace implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            try (ApiSession api = GlobalOptions.of(spec).open()) {
                var replies = NodeReplies.of(api, api.machine().stats(StatsRequest.newBuilder().setNamespace(name())
                        .setDriver(driver()).build()).getMessagesList(), spec.commandLine().getErr());
                Table table = new Table("NODE", "NAMESPACE", "ID", "MEMORY(MB)", "CPU");
                for (var node : replies.answered()) {
                    for (var s : node.getStatsList()) {
                        table.row(api.nodeOf(node), s.getNamespace(), s.getId(),
                                String.format(Locale.ROOT, "%.2f", s.getMemoryUsage() * 1e-6), s.getCpuUsage());
                    }
                }
                table.print(spec.commandLine().getOut());
                return replies.exitCode();
            }
        }
    }

    @Command(name = "restart", description = "Restart a process (a container: its task gets SIGTERM, and what runs it"
            + " starts it again).")
    static final class Restart extends Namespace implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Parameters(paramLabel = "ID", description = "The container's ID.")
        String id;

        @Override
        public Integer call() throws Exception {
            try (ApiSession api = GlobalOptions.of(spec).open()) {
                return NodeReplies.of(api, api.machine().restart(RestartRequest.newBuilder().setNamespace(name())
                        .setId(id).setDriver(driver()).build()).getMessagesList(), spec.commandLine().getErr())
                        .exitCode();
            }
        }
    }
}
