package dev.anvil.machinery.config.tool;

import dev.anvil.machinery.config.ConfigLoader;
import dev.anvil.machinery.config.ConfigProblem;
import dev.anvil.machinery.config.patch.ConfigPatcher;
import dev.anvil.machinery.config.patch.PatchResult;
import dev.anvil.machinery.config.validate.ValidationMode;
import dev.anvil.machinery.config.validate.Validator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The behaviour behind {@code anvilctl validate} and {@code anvilctl machineconfig patch}, on text in and text out,
 * so that the CLI module only parses flags and reads and writes files. Problems go to stderr, one a line; the exit
 * code is 1 when any error was found, else 0.
 */
public final class ConfigTool {

    private ConfigTool() {
    }

    /** {@code anvilctl validate --config FILE --mode MODE [--strict]}. */
    public static CommandOutcome validate(String config, ValidationMode mode, boolean strict) {
        List<ConfigProblem> problems = Validator.validate(ConfigLoader.load(config, strict), mode, strict);
        boolean failed = problems.stream().anyMatch(ConfigProblem::isError);
        String verdict = failed ? "" : "config is valid for " + mode.name().toLowerCase(Locale.ROOT) + " mode\n";
        return new CommandOutcome(failed ? 1 : 0, verdict, lines(problems));
    }

    /** {@code anvilctl machineconfig patch FILE --patch P [--patch ...]}: the patched config on stdout. */
    public static CommandOutcome patch(String config, List<String> patches) {
        PatchResult result = ConfigPatcher.apply(config, patches);
        return new CommandOutcome(result.ok() ? 0 : 1, result.ok() ? result.yaml() : "", lines(result.problems()));
    }

    private static String lines(List<ConfigProblem> problems) {
        return problems.stream().map(p -> p + "\n").collect(Collectors.joining());
    }
}
