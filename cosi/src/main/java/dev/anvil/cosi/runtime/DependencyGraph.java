package dev.anvil.cosi.runtime;

import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Which controller reads and writes which resources, as the runtime knows it at one moment. Edges are sorted as
 * the COSI runtime exports them: output edges first (exclusive before shared), then by controller, namespace, type
 * and ID; input edges of different kinds interleave in that order.
 */
public record DependencyGraph(List<Edge> edges) {

    /**
     * One edge. Output edges have an empty namespace and ID; an input edge without an ID covers the whole kind.
     */
    public record Edge(String controller, String namespace, String type, String id, EdgeType edgeType) {
        public Edge {
            Objects.requireNonNull(controller, "controller");
            Objects.requireNonNull(namespace, "namespace");
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(edgeType, "edge type");
        }

        private String resource() {
            return edgeType.isOutput() ? type : type + "(" + namespace + (id.isEmpty() ? "" : "/" + id) + ")";
        }
    }

    static final Comparator<Edge> ORDER = Comparator.<Edge, Integer>comparing(e -> e.edgeType().isOutput()
                    ? e.edgeType().ordinal() : EdgeType.values().length)
            .thenComparing(Edge::controller)
            .thenComparing(Edge::namespace)
            .thenComparing(Edge::type)
            .thenComparing(Edge::id);

    public DependencyGraph {
        edges = edges.stream().sorted(ORDER).toList();
    }

    /**
     * One line per edge: {@code controller -> type [OUTPUT_EXCLUSIVE]} or {@code type(ns) -> controller [INPUT_WEAK]}.
     */
    public String toText() {
        StringBuilder text = new StringBuilder();
        for (Edge edge : edges) {
            if (edge.edgeType().isOutput()) {
                text.append(edge.controller()).append(" -> ").append(edge.resource());
            } else {
                text.append(edge.resource()).append(" -> ").append(edge.controller());
            }
            text.append(" [").append(edge.edgeType()).append("]\n");
        }
        return text.toString();
    }

    /** Graphviz: controllers are boxes, resources ellipses; data flows along the arrows. */
    public String toDot() {
        Set<String> controllers = new LinkedHashSet<>();
        Set<String> resources = new LinkedHashSet<>();
        StringBuilder arrows = new StringBuilder();
        for (Edge edge : edges) {
            controllers.add(edge.controller());
            resources.add(edge.edgeType().isOutput() ? edge.type() : edge.resource());
            String controller = quote(edge.controller());
            if (edge.edgeType().isOutput()) {
                arrows.append("  ").append(controller).append(" -> ").append(quote(edge.type()));
            } else {
                arrows.append("  ").append(quote(edge.resource())).append(" -> ").append(controller);
            }
            arrows.append(" [label=").append(quote(edge.edgeType().name().toLowerCase())).append(style(edge))
                    .append("];\n");
        }
        StringBuilder dot = new StringBuilder("digraph controllers {\n");
        controllers.forEach(c -> dot.append("  ").append(quote(c)).append(" [shape=box];\n"));
        resources.forEach(r -> dot.append("  ").append(quote(r)).append(" [shape=ellipse];\n"));
        return dot.append(arrows).append("}\n").toString();
    }

    private static String style(Edge edge) {
        return switch (edge.edgeType()) {
            case INPUT_WEAK, INPUT_DESTROY_READY, INPUT_Q_MAPPED_DESTROY_READY -> ", style=dashed";
            default -> "";
        };
    }

    private static String quote(String s) {
        return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
}
