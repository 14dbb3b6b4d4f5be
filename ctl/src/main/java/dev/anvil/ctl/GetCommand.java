package dev.anvil.ctl;

import dev.anvil.cosi.resource.Kind;
import dev.anvil.cosi.resource.Resource;
import dev.anvil.cosi.resource.meta.ResourceDefinitionSpec;
import dev.anvil.cosi.state.Event;
import dev.anvil.cosi.state.State;
import dev.anvil.cosi.state.Watch;
import dev.anvil.cosi.state.WatchKindOptions;
import dev.anvil.cosi.state.WatchOptions;
import dev.anvil.ctl.api.ApiSession;
import dev.anvil.ctl.api.GlobalOptions;
import dev.anvil.ctl.output.ResourceOutput;
import dev.anvil.machinery.client.ResourceKinds;
import dev.anvil.machinery.resources.ResourceTypes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * anvilctl get: resources of the nodes' COSI state, as talosctl get. The type is resolved through the first node's
 * resource definitions; then each node is asked in turn (the State API is never fanned out), and a watch follows
 * every node at once until interrupted. Specs are printed as the node sent them, so types this client does not
 * know print as well as those it does.
 */
@Command(name = "get", aliases = "g",
        description = {"Get a specific resource or list of resources (use 'anvilctl get rd' to see all available"
                + " resource types).",
                "Similar to 'kubectl get', 'anvilctl get' returns a set of resources from the OS."})
final class GetCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Parameters(index = "0", paramLabel = "TYPE", description = "Resource type: its type, plural, singular or an alias.")
    String type;
    @Parameters(index = "1", arity = "0..1", paramLabel = "ID", description = "One resource's ID.")
    String id;
    @Option(names = "--namespace", paramLabel = "NAMESPACE",
            description = "Resource namespace (default: the type's default namespace).")
    String namespace = "";
    @Option(names = {"-o", "--output"}, defaultValue = "table", paramLabel = "FORMAT",
            description = "Output mode: table, yaml, json or jsonpath=TEMPLATE (default: ${DEFAULT-VALUE}).")
    String output;
    @Option(names = {"-w", "--watch"}, description = "Watch resource changes (until interrupted).")
    boolean watch;
    @Option(names = {"-i", "--insecure"}, description = "Talk to a node in maintenance mode (no client certificate).")
    boolean insecure;

    /** What one node's watch reported. */
    private record NodeEvent(String node, Event event) {
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        ResourceOutput writer = ResourceOutput.of(output, out);
        GlobalOptions global = GlobalOptions.of(spec);
        try (ApiSession api = insecure ? global.openInsecure(null) : global.open()) {
            List<String> nodes = api.nodes().isEmpty() ? Collections.singletonList(null) : api.nodes();
            ResourceDefinitionSpec definition = ResourceKinds.resolve(api.state(nodes.getFirst(),
                    ResourceTypes.none()), type);
            Kind kind = new Kind(namespace.isEmpty() ? definition.defaultNamespace() : namespace, definition.type());
            if (watch) {
                return watch(api, nodes, kind, definition, writer);
            }
            return list(api, nodes, kind, definition, writer);
        }
    }

    private int list(ApiSession api, List<String> nodes, Kind kind, ResourceDefinitionSpec definition,
            ResourceOutput writer) {
        writer.header(definition, false);
        List<String> errors = new ArrayList<>();
        for (String node : nodes) {
            State state = api.state(node, ResourceTypes.none());
            String label = node == null ? api.endpoint() : node;
            try {
                if (id == null) {
                    for (Resource<?> r : state.list(kind)) {
                        writer.write(label, r, null);
                    }
                } else {
                    writer.write(label, state.get(kind.pointer(id)), null);
                }
            } catch (RuntimeException e) {
                errors.add((id == null ? "listing resources" : "getting resource") + " on node " + label + ": "
                        + Failures.describe(e));
            }
        }
        writer.flush();
        errors.forEach(e -> spec.commandLine().getErr().println("error: " + e));
        return errors.isEmpty() ? 0 : 1;
    }

    /**
     * Prints every node's events as they come. A kind watch starts with the current resources; the table prints
     * them aligned once the first node says its listing is complete, then each event as it arrives.
     */
    private int watch(ApiSession api, List<String> nodes, Kind kind, ResourceDefinitionSpec definition,
            ResourceOutput writer) {
        writer.header(definition, true);
        BlockingQueue<NodeEvent> events = new LinkedBlockingQueue<>();
        List<Watch> watches = new ArrayList<>();
        try {
            for (String node : nodes) {
                State state = api.state(node, ResourceTypes.none());
                String label = node == null ? api.endpoint() : node;
                Watch w;
                try {
                    w = id == null ? state.watchKind(kind, WatchKindOptions.bootstrap())
                            : state.watch(kind.pointer(id), WatchOptions.DEFAULT);
                } catch (RuntimeException e) {
                    throw new IllegalStateException("setting up watch on node " + label + ": "
                            + Failures.describe(e), e);
                }
                watches.add(w);
                Thread.ofVirtual().name("watch " + label).start(() -> pump(label, w, events));
            }
            boolean bootstrapped = id != null;
            while (true) {
                NodeEvent next = events.take();
                switch (next.event()) {
                    case Event.Errored errored -> throw new IllegalStateException("error watching resource on node "
                            + next.node() + ": " + Failures.describe(errored.cause()), errored.cause());
                    case Event.Bootstrapped b -> {
                        bootstrapped = true;
                        writer.flush();
                    }
                    case Event.Noop n -> {
                    }
                    default -> {
                        writer.write(next.node(), next.event().resource(), next.event().type());
                        if (bootstrapped) {
                            writer.flush();
                        }
                    }
                }
            }
        } catch (InterruptedException e) {
            writer.flush();
            return 0;
        } finally {
            watches.forEach(Watch::close);
        }
    }

    /** Moves one watch's events to the queue the command prints from, until the watch ends or is closed. */
    private static void pump(String node, Watch watch, BlockingQueue<NodeEvent> events) {
        try {
            while (!watch.isClosed()) {
                for (Event event : watch.next()) {
                    events.add(new NodeEvent(node, event));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
