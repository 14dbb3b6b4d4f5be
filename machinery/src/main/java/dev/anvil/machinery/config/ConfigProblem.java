package dev.anvil.machinery.config;

import java.util.Objects;

/**
 * One thing wrong (or worth a warning) in a machine config: which document, where in it, on which line of the input,
 * and what a person should know. Loading and validation return lists of these instead of throwing, so that every
 * problem of a file is reported at once.
 *
 * @param document the document's label, e.g. {@code v1alpha1} or {@code LinkConfig "eth0"}
 * @param yamlPath dotted path inside the document, e.g. {@code machine.network.interfaces[0].mtu}; empty for the
 *                 document itself
 * @param line     1-based line in the input, or 0 when the problem has no position (e.g. after a patch)
 */
public record ConfigProblem(String document, String yamlPath, int line, String message, Severity severity) {

    public enum Severity { ERROR, WARNING }

    public ConfigProblem {
        Objects.requireNonNull(document, "document");
        Objects.requireNonNull(yamlPath, "yamlPath");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(severity, "severity");
    }

    public boolean isError() {
        return severity == Severity.ERROR;
    }

    public ConfigProblem asError() {
        return new ConfigProblem(document, yamlPath, line, message, Severity.ERROR);
    }

    /** One line for a terminal: {@code error: line 12: v1alpha1: machine.typo: unknown field "typo"}. */
    @Override
    public String toString() {
        var where = new StringBuilder();
        if (line > 0) {
            where.append("line ").append(line).append(": ");
        }
        where.append(document);
        if (!yamlPath.isEmpty()) {
            where.append(": ").append(yamlPath);
        }
        return severity.name().toLowerCase(java.util.Locale.ROOT) + ": " + where + ": " + message;
    }
}
