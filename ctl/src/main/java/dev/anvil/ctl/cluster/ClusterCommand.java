package dev.anvil.ctl.cluster;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.util.concurrent.Callable;

/** anvilctl cluster: local clusters (provisioner "namespaces": one set of namespaces per node, on this host). */
@Command(name = "cluster", description = "Create, show and destroy local clusters.",
        subcommands = {ClusterCommand.Create.class, ClusterCommand.Show.class, ClusterCommand.Destroy.class})
public final class ClusterCommand {

    static NamespacesProvisioner provisioner(CommandSpec spec) {
        return new NamespacesProvisioner(AnvilHome.get(), AnvilHome.anvilRoot(), spec.commandLine().getOut());
    }

    @Command(name = "create", description = "Create a local cluster of container-mode nodes.")
    static final class Create implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Option(names = "--name", defaultValue = "anvil", description = "Cluster name (default: ${DEFAULT-VALUE}).")
        String name;
        @Option(names = "--nodes", defaultValue = "1", description = "Number of nodes (default: ${DEFAULT-VALUE}).")
        int nodes;
        @Option(names = "--cidr", defaultValue = "10.5.0.0/24",
                description = "Network of the cluster; the host bridge takes .1 (default: ${DEFAULT-VALUE}).")
        String cidr;
        @Option(names = "--provisioner", defaultValue = "namespaces",
                description = "How nodes run: namespaces (default).")
        String provisioner;

        @Override
        public Integer call() throws Exception {
            if (!provisioner.equals("namespaces")) {
                throw new IllegalArgumentException("unknown provisioner " + provisioner + " (known: namespaces)");
            }
            provisioner(spec).create(name, nodes, Ipv4Cidr.parse(cidr));
            return 0;
        }
    }

    @Command(name = "show", description = "Show a local cluster's nodes.")
    static final class Show implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Option(names = "--name", defaultValue = "anvil", description = "Cluster name (default: ${DEFAULT-VALUE}).")
        String name;

        @Override
        public Integer call() throws Exception {
            var dir = provisioner(spec).clusterDir(name);
            if (!Files.exists(dir.resolve(ClusterState.FILE))) {
                throw new IllegalArgumentException("no cluster " + name + " (nothing at " + dir + ")");
            }
            ClusterState state = ClusterState.load(dir);
            PrintWriter out = spec.commandLine().getOut();
            out.printf("PROVISIONER  namespaces%nNAME         %s%nNETWORK      %s (bridge %s at %s)%n%n", state.name(),
                    state.cidr(), state.bridge(), state.bridgeAddress());
            out.printf("%-20s %-16s %-8s %s%n", "NODE", "ADDRESS", "STATE", "DIRECTORY");
            for (ClusterState.Node node : state.nodes()) {
                boolean running = node.launcherPid() > 0 && ProcessHandle.of(node.launcherPid()).isPresent();
                out.printf("%-20s %-16s %-8s %s%n", node.name(), node.address(), running ? "running" : "stopped",
                        node.dir());
            }
            return 0;
        }
    }

    @Command(name = "destroy", description = "Stop a local cluster's nodes and remove everything it made.")
    static final class Destroy implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Option(names = "--name", defaultValue = "anvil", description = "Cluster name (default: ${DEFAULT-VALUE}).")
        String name;

        @Override
        public Integer call() throws Exception {
            provisioner(spec).destroy(name);
            return 0;
        }
    }
}
