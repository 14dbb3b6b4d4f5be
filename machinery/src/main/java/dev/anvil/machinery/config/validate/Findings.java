package dev.anvil.machinery.config.validate;

import dev.anvil.machinery.config.ConfigProblem;
import dev.anvil.machinery.config.ConfigProblem.Severity;
import dev.anvil.machinery.config.document.ConfigDocument;
import dev.anvil.machinery.config.schema.LineIndex;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** What the rules found, with lines looked up from the load; strict validation makes every warning an error. */
final class Findings {

    private final List<ConfigProblem> found = new ArrayList<>();
    private final LineIndex lines;
    private final boolean strict;

    Findings(LineIndex lines, boolean strict) {
        this.lines = lines;
        this.strict = strict;
    }

    void error(ConfigDocument document, String path, String message) {
        add(document, path, message, Severity.ERROR);
    }

    void warning(ConfigDocument document, String path, String message) {
        add(document, path, message, strict ? Severity.ERROR : Severity.WARNING);
    }

    /** Reports the reason of a failed format check, if there is one; does nothing for a null value. */
    void check(ConfigDocument document, String path, String value, java.util.function.Function<String,
            Optional<String>> format) {
        if (value != null) {
            format.apply(value).ifPresent(reason -> error(document, path, reason + ": \"" + value + "\""));
        }
    }

    /** Checks each item of a list, naming the item's index in the path. */
    void checkAll(ConfigDocument document, String path, List<String> values,
                  java.util.function.Function<String, Optional<String>> format) {
        if (values != null) {
            for (int i = 0; i < values.size(); i++) {
                check(document, path + "[" + i + "]", values.get(i), format);
            }
        }
    }

    List<ConfigProblem> list() {
        return List.copyOf(found);
    }

    private void add(ConfigDocument document, String path, String message, Severity severity) {
        String label = document.label();
        found.add(new ConfigProblem(label, path, lines.line(label, path), message, severity));
    }
}
