package dev.anvil.machinery.config.validate;

import dev.anvil.machinery.config.ConfigBundle;
import dev.anvil.machinery.config.ConfigProblem;
import dev.anvil.machinery.config.LoadResult;
import dev.anvil.machinery.config.schema.LineIndex;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks a loaded config for one {@link ValidationMode}: required fields, formats, PKI that parses and matches, and
 * rules across fields and documents. Returns every problem; with {@code strict}, warnings become errors.
 */
public final class Validator {

    private Validator() {
    }

    public static List<ConfigProblem> validate(ConfigBundle config, ValidationMode mode, boolean strict,
                                               LineIndex lines) {
        var findings = new Findings(lines, strict);
        config.v1alpha1().ifPresent(v1 -> {
            MachineRules.check(findings, v1, mode);
            InterfaceRules.check(findings, v1);
            ClusterRules.check(findings, v1);
        });
        DocumentRules.check(findings, config, mode);
        return findings.list();
    }

    /** Loading problems followed by validation problems; validation runs only on a config that loaded. */
    public static List<ConfigProblem> validate(LoadResult loaded, ValidationMode mode, boolean strict) {
        List<ConfigProblem> all = new ArrayList<>();
        loaded.problems().forEach(p -> all.add(strict ? p.asError() : p));
        if (loaded.ok()) {
            all.addAll(validate(loaded.config(), mode, strict, loaded.lines()));
        }
        return all;
    }
}
