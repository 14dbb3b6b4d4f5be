package dev.anvil.machinery.config.patch;

import dev.anvil.machinery.config.ConfigProblem;
import java.util.List;

/**
 * The patched config as canonical YAML, or (when {@link #ok()} is false) the problems that stopped it. Warnings of
 * the patched config are reported either way.
 */
public record PatchResult(String yaml, List<ConfigProblem> problems) {

    public PatchResult {
        problems = List.copyOf(problems);
    }

    public boolean ok() {
        return yaml != null && problems.stream().noneMatch(ConfigProblem::isError);
    }
}
