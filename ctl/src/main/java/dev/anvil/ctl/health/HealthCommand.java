package dev.anvil.ctl.health;

import dev.anvil.ctl.api.ApiSession;
import dev.anvil.ctl.api.GlobalOptions;
import dev.anvil.cosi.resource.codec.GoTime;
import dev.anvil.machinery.resources.cluster.Member;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * anvilctl health: waits until the cluster is healthy, as talosctl health does, checking from the client through
 * the endpoint. The nodes are those given, or else the members the endpoint's node lists.
 */
@Command(name = "health", description = "Check the cluster's health: wait until every check holds, or report "
        + "what is wrong (exit status 1).")
public final class HealthCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Option(names = "--control-plane-nodes", split = ",", paramLabel = "ADDRESS",
            description = "The control planes' addresses (default: the members the endpoint's node lists).")
    List<String> controlPlanes = new ArrayList<>();
    @Option(names = "--worker-nodes", split = ",", paramLabel = "ADDRESS",
            description = "The workers' addresses (default: the members the endpoint's node lists).")
    List<String> workers = new ArrayList<>();
    @Option(names = "--wait-timeout", defaultValue = "20m", paramLabel = "DURATION",
            description = "How long to wait for the cluster to become healthy, e.g. 90s, 5m (default: "
                    + "${DEFAULT-VALUE}).")
    String waitTimeout;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Duration timeout = GoTime.parseDuration(waitTimeout);
        try (ApiSession api = GlobalOptions.of(spec).open()) {
            ClusterNodes nodes = controlPlanes.isEmpty() && workers.isEmpty() ? discover(api)
                    : new ClusterNodes(controlPlanes, workers);
            if (controlPlanes.isEmpty() && workers.isEmpty()) {
                out.println("discovered nodes: control planes " + nodes.controlPlanes() + ", workers "
                        + nodes.workers());
            }
            HealthRun.Failure failure = new HealthRun(out).run(api, nodes, HealthChecks.all(), timeout);
            out.flush();
            if (failure != null) {
                spec.commandLine().getErr().println(failure.report());
                spec.commandLine().getErr().flush();
                return 1;
            }
            return 0;
        }
    }

    /** The members the endpoint's node lists, control planes and workers, by first address. */
    static ClusterNodes discover(ApiSession api) {
        List<String> controlPlanes = new ArrayList<>();
        List<String> workers = new ArrayList<>();
        for (var resource : api.state(null, NodeChecks.TYPES).list(Member.KIND)) {
            Member member = resource.as(Member.class).spec();
            if (member.addresses().isEmpty()) {
                continue;
            }
            String address = member.addresses().getFirst().toString();
            (member.machineType() != null && member.machineType().isControlPlane() ? controlPlanes : workers)
                    .add(address);
        }
        if (controlPlanes.isEmpty() && workers.isEmpty()) {
            throw new IllegalStateException("the endpoint's node lists no members: give --control-plane-nodes"
                    + " and --worker-nodes");
        }
        return new ClusterNodes(controlPlanes, workers);
    }
}
