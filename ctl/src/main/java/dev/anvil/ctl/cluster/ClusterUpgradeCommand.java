package dev.anvil.ctl.cluster;

import dev.anvil.api.machine.UpgradeRequest;
import dev.anvil.cosi.resource.codec.GoTime;
import dev.anvil.ctl.api.ApiSession;
import dev.anvil.ctl.api.GlobalOptions;
import dev.anvil.ctl.health.ClusterNodes;
import dev.anvil.ctl.health.HealthChecks;
import dev.anvil.ctl.health.HealthRun;
import dev.anvil.ctl.upgrade.NodeUpgrade;
import dev.anvil.machinery.client.ClientContext;
import dev.anvil.machinery.upgrade.Bundle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * anvilctl cluster upgrade (Anvil only): a rolling upgrade of a local cluster to a signed bundle. One node at a
 * time, control planes first (so that etcd loses at most one member at once and keeps its quorum), each talked to
 * directly; after each, the whole cluster must pass the health checks (etcd's among them) before the next node
 * starts. The first node that does not come back healthy on the new version stops the upgrade, with a report of
 * what was done.
 */
@Command(name = "upgrade", description = "Upgrade a local cluster to a signed bundle, one node at a time, control "
        + "planes first, waiting for the cluster to be healthy after each; stops at the first failure.")
final class ClusterUpgradeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Option(names = "--name", defaultValue = "anvil", description = "Cluster name (default: ${DEFAULT-VALUE}).")
    String name;
    @Option(names = {"-i", "--image"}, required = true, paramLabel = "FILE",
            description = "The signed upgrade bundle (anvilctl image bundle).")
    Path image;
    @Option(names = "--timeout", defaultValue = "10m",
            description = "How long each node may take to run the new version healthy (default: ${DEFAULT-VALUE}).")
    String timeout;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Path dir = ClusterCommand.clusterDir(name);
        if (!Files.exists(dir.resolve(ClusterState.FILE))) {
            throw new IllegalArgumentException("no cluster " + name + " (nothing at " + dir + ")");
        }
        ClusterState cluster = ClusterState.load(dir);
        List<String> controlPlanes = new ArrayList<>();
        List<String> workers = new ArrayList<>();
        for (ClusterState.Node node : cluster.nodes()) {
            (node.role().equals(ClusterLayout.CONTROL_PLANE) ? controlPlanes : workers).add(node.ip());
        }
        List<String> order = new ArrayList<>(controlPlanes);
        order.addAll(workers);
        String version = Bundle.manifestOf(image).version();
        Duration wait = GoTime.parseDuration(timeout);
        ClientContext context = GlobalOptions.of(spec).context();
        UpgradeRequest options = UpgradeRequest.newBuilder().setPreserve(true).build();
        List<String> report = new ArrayList<>();
        long started = System.nanoTime();
        for (String node : order) {
            out.printf("upgrading %s to %s%n", node, version);
            out.flush();
            NodeUpgrade.Outcome outcome;
            try (ApiSession api = ApiSession.mutual(context.withEndpoints(List.of(node)).withNodes(List.of()))) {
                outcome = NodeUpgrade.run(api, null, image, version, options, out, wait);
            } catch (Exception e) {
                outcome = new NodeUpgrade.Outcome(false, "the upgrade failed: " + e.getMessage(), Duration.ZERO,
                        Duration.ZERO);
            }
            report.add(String.format("%s: %s", node, outcome.detail()));
            if (!outcome.upgraded()) {
                return stop(report, order, node);
            }
            HealthRun.Failure failure;
            try (ApiSession api = ApiSession.mutual(context.withEndpoints(List.of(controlPlanes.getFirst()))
                    .withNodes(List.of()))) {
                failure = new HealthRun(out).run(api, new ClusterNodes(controlPlanes, workers), HealthChecks.all(),
                        wait);
            }
            if (failure != null) {
                report.add(node + ": the cluster is not healthy after its upgrade: " + failure.report());
                return stop(report, order, node);
            }
        }
        out.printf("cluster %s upgraded to %s: %d nodes in %.1f s%n", name, version, order.size(),
                (System.nanoTime() - started) / 1e9);
        report.forEach(line -> out.println("  " + line));
        out.flush();
        return 0;
    }

    private int stop(List<String> report, List<String> order, String failed) {
        PrintWriter err = spec.commandLine().getErr();
        err.println("cluster upgrade stopped at " + failed + ":");
        report.forEach(line -> err.println("  " + line));
        List<String> left = order.subList(order.indexOf(failed) + 1, order.size());
        if (!left.isEmpty()) {
            err.println("  not upgraded: " + String.join(", ", left));
        }
        err.flush();
        return 1;
    }
}
