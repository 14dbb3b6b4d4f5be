package dev.anvil.ctl;

import dev.anvil.ctl.cluster.AnvilHome;
import dev.anvil.ctl.cluster.ClusterState;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * The README's main job: a local cluster of one control plane and one worker on 10.5.0.0/24 (anvilctl cluster
 * create makes others) created and waited on until healthy, then what its nodes say about it: the members each lists, and the services each runs.
 * A cluster of that name that exists already is shown as it is. Each step is the anvilctl command a user would
 * type, printed before its output.
 */
@Command(name = "demo", description = "Create a local cluster of one control plane and one worker (if there is none "
        + "of that name), wait until it is healthy, and show its members and services.")
final class DemoCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Option(names = "--name", defaultValue = "anvil", description = "Cluster name (default: ${DEFAULT-VALUE}).")
    String name;
    @Option(names = "--cidr", defaultValue = "10.5.0.0/24", description = "The cluster's network, if it is created "
            + "(default: ${DEFAULT-VALUE}).")
    String cidr;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Path dir = AnvilHome.get().resolve("clusters").resolve(name);
        List<String> addresses;
        if (Files.exists(dir.resolve(ClusterState.FILE))) {
            out.printf("cluster %s exists already (%s): showing it%n", name, dir);
            List<ClusterState.Node> nodes = ClusterState.load(dir).nodes();
            addresses = nodes.stream().map(ClusterState.Node::ip).toList();
            List<String> health = new ArrayList<>(List.of("--context", name, "health", "--wait-timeout", "60s"));
            for (ClusterState.Node node : nodes) {
                health.add(node.role().equals("controlplane") ? "--control-plane-nodes" : "--worker-nodes");
                health.add(node.ip());
            }
            if (run(out, health.toArray(String[]::new)) != 0) {
                return 1;
            }
        } else {
            if (run(out, "cluster", "create", "--name", name, "--controlplanes", "1", "--workers", "1", "--cidr",
                    cidr) != 0) {
                return 1;
            }
            addresses = ClusterState.load(dir).nodes().stream().map(ClusterState.Node::ip).toList();
        }
        int failures = run(out, "--context", name, "get", "members");
        failures += run(out, "--context", name, "-n", String.join(",", addresses), "services");
        out.printf("%nthe cluster keeps running; destroy it with: bin/anvilctl cluster destroy --name %s%n", name);
        out.flush();
        return failures == 0 ? 0 : 1;
    }

    /** Runs one anvilctl command as a user would, printing it first. */
    private static int run(PrintWriter out, String... args) {
        out.printf("%n$ bin/anvilctl %s%n", String.join(" ", args));
        out.flush();
        int status = Anvilctl.commandLine().execute(args);
        System.out.flush();
        return status;
    }
}
