package dev.anvil.ctl;

import com.google.protobuf.Empty;
import dev.anvil.api.inspect.ControllerDependencyEdge;
import dev.anvil.api.inspect.ControllerRuntimeDependency;
import dev.anvil.api.inspect.InspectServiceGrpc;
import dev.anvil.cosi.runtime.DependencyGraph;
import dev.anvil.cosi.runtime.EdgeType;
import dev.anvil.ctl.api.ApiSession;
import dev.anvil.ctl.api.GlobalOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** anvilctl inspect: the node's internals, as talosctl inspect shows them. */
@Command(name = "inspect", description = "Inspect the internals of a node.",
        subcommands = InspectCommand.Dependencies.class)
final class InspectCommand {

    private InspectCommand() {
    }

    @Command(name = "dependencies", description = "Print the controllers and the resources they read and write as a "
            + "graphviz graph (anvilctl inspect dependencies | dot -Tpng > graph.png).")
    static final class Dependencies implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            try (ApiSession api = GlobalOptions.of(spec).open()) {
                if (api.nodes().size() > 1) {
                    throw new IllegalArgumentException("inspect dependencies works on one node at a time");
                }
                var stub = InspectServiceGrpc.newBlockingStub(api.channel());
                ControllerRuntimeDependency reply = stub.controllerRuntimeDependencies(Empty.getDefaultInstance())
                        .getMessages(0);
                String error = ApiSession.errorOf(reply);
                if (!error.isEmpty()) {
                    throw new IllegalStateException(api.nodeOf(reply) + ": " + error);
                }
                List<DependencyGraph.Edge> edges = new ArrayList<>();
                for (ControllerDependencyEdge edge : reply.getEdgesList()) {
                    edges.add(new DependencyGraph.Edge(edge.getControllerName(), edge.getResourceNamespace(),
                            edge.getResourceType(), edge.getResourceId(), edgeType(edge)));
                }
                spec.commandLine().getOut().print(new DependencyGraph(edges).toDot());
                spec.commandLine().getOut().flush();
            }
            return 0;
        }

        private static EdgeType edgeType(ControllerDependencyEdge edge) {
            return switch (edge.getEdgeType()) {
                case OUTPUT_EXCLUSIVE -> EdgeType.OUTPUT_EXCLUSIVE;
                case OUTPUT_SHARED -> EdgeType.OUTPUT_SHARED;
                case INPUT_STRONG -> EdgeType.INPUT_STRONG;
                case INPUT_WEAK -> EdgeType.INPUT_WEAK;
                case INPUT_DESTROY_READY -> EdgeType.INPUT_DESTROY_READY;
                case UNRECOGNIZED -> throw new IllegalStateException("an edge of an unknown kind ("
                        + edge.getEdgeTypeValue() + ") for controller " + edge.getControllerName());
            };
        }
    }
}
