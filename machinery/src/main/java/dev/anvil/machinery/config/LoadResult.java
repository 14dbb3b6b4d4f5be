package dev.anvil.machinery.config;

import dev.anvil.machinery.config.schema.LineIndex;
import java.util.List;

/**
 * What loading produced: the documents that decoded and every problem found. When {@link #ok()} is false the bundle
 * is incomplete and must not be applied.
 */
public record LoadResult(ConfigBundle config, List<ConfigProblem> problems, LineIndex lines) {

    public LoadResult {
        problems = List.copyOf(problems);
    }

    public boolean ok() {
        return problems.stream().noneMatch(ConfigProblem::isError);
    }

    public List<ConfigProblem> errors() {
        return problems.stream().filter(ConfigProblem::isError).toList();
    }

    public List<ConfigProblem> warnings() {
        return problems.stream().filter(p -> !p.isError()).toList();
    }
}
