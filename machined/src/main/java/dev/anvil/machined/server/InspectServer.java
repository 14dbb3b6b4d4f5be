package dev.anvil.machined.server;

import com.google.protobuf.Empty;
import dev.anvil.api.common.Metadata;
import dev.anvil.api.inspect.ControllerDependencyEdge;
import dev.anvil.api.inspect.ControllerRuntimeDependenciesResponse;
import dev.anvil.api.inspect.ControllerRuntimeDependency;
import dev.anvil.api.inspect.DependencyEdgeType;
import dev.anvil.api.inspect.InspectServiceGrpc;
import dev.anvil.cosi.runtime.DependencyGraph;
import dev.anvil.cosi.runtime.EdgeType;
import io.grpc.stub.StreamObserver;

import java.util.function.Supplier;

/**
 * {@code inspect.InspectService}: the controller runtime's dependency graph, one message for this node, edges in the
 * runtime's order. Talos's enum has no queue-controller input kinds, and Talos fails the call when it meets one;
 * here they are reported as the nearest kind it has (primary and mapped as weak, mapped-destroy-ready as
 * destroy-ready), so the graph stays inspectable.
 */
public final class InspectServer extends InspectServiceGrpc.InspectServiceImplBase {
    private final Supplier<DependencyGraph> graph;

    public InspectServer(Supplier<DependencyGraph> graph) {
        this.graph = graph;
    }

    @Override
    @SuppressWarnings("deprecation")  // Talos marks Metadata deprecated, yet every reply still carries it
    public void controllerRuntimeDependencies(Empty request,
            StreamObserver<ControllerRuntimeDependenciesResponse> response) {
        var message = ControllerRuntimeDependency.newBuilder()
                .setMetadata(Metadata.newBuilder().setHostname(dev.anvil.sys.Hostname.get()));
        for (DependencyGraph.Edge edge : graph.get().edges()) {
            message.addEdges(ControllerDependencyEdge.newBuilder()
                    .setControllerName(edge.controller())
                    .setEdgeType(edgeType(edge.edgeType()))
                    .setResourceNamespace(edge.namespace())
                    .setResourceType(edge.type())
                    .setResourceId(edge.id()));
        }
        response.onNext(ControllerRuntimeDependenciesResponse.newBuilder().addMessages(message).build());
        response.onCompleted();
    }

    static DependencyEdgeType edgeType(EdgeType type) {
        return switch (type) {
            case OUTPUT_EXCLUSIVE -> DependencyEdgeType.OUTPUT_EXCLUSIVE;
            case OUTPUT_SHARED -> DependencyEdgeType.OUTPUT_SHARED;
            case INPUT_STRONG -> DependencyEdgeType.INPUT_STRONG;
            case INPUT_WEAK, INPUT_Q_PRIMARY, INPUT_Q_MAPPED -> DependencyEdgeType.INPUT_WEAK;
            case INPUT_DESTROY_READY, INPUT_Q_MAPPED_DESTROY_READY -> DependencyEdgeType.INPUT_DESTROY_READY;
        };
    }
}
