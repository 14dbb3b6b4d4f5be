package dev.anvil.machinery.config.schema;

import dev.anvil.machinery.config.ConfigProblem;
import dev.anvil.machinery.config.ConfigProblem.Severity;
import java.util.ArrayList;
import java.util.List;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * Collects the problems of one load. Each problem is attributed to the document being decoded (set with
 * {@link #document(String)}); "not implemented" findings become errors when loading strictly.
 */
public final class Problems {

    private final List<ConfigProblem> found = new ArrayList<>();
    private final boolean strict;
    private final LineIndex lines = new LineIndex();
    private String document = "";

    public Problems(boolean strict) {
        this.strict = strict;
    }

    public void document(String label) {
        this.document = label;
    }

    public void error(String path, Node at, String message) {
        add(path, at, message, Severity.ERROR);
    }

    public void warning(String path, Node at, String message) {
        add(path, at, message, Severity.WARNING);
    }

    public void notImplemented(String path, Node at, String message) {
        add(path, at, message, strict ? Severity.ERROR : Severity.WARNING);
    }

    /** Remembers where a decoded path starts, for problems found after loading. */
    public void seen(String path, Node at) {
        lines.put(document, path, lineOf(at));
    }

    public LineIndex lines() {
        return lines;
    }

    public List<ConfigProblem> list() {
        return List.copyOf(found);
    }

    public boolean hasErrors() {
        return found.stream().anyMatch(ConfigProblem::isError);
    }

    private void add(String path, Node at, String message, Severity severity) {
        found.add(new ConfigProblem(document, path, lineOf(at), message, severity));
    }

    /** The 1-based line where the node starts, or 0 when it has no position. */
    public static int lineOf(Node node) {
        return node == null ? 0 : node.getStartMark().map(m -> m.getLine() + 1).orElse(0);
    }
}
