package dev.anvil.machined.config;

import dev.anvil.machinery.config.validate.ValidationMode;

import java.io.IOException;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

/**
 * ApplyConfiguration while the node waits in maintenance mode: a config that loads and validates is persisted
 * atomically and the node boots with it ({@code bootOn}, run after the reply has gone). Nothing is written for a
 * dry run or a bad config; a configured node refuses here (changing its config is the apply modes' work).
 */
public final class MaintenanceApplier implements ConfigApplier {
    private final PersistedConfig persisted;
    private final ValidationMode mode;
    private final BooleanSupplier inMaintenance;
    private final Runnable bootOn;

    public MaintenanceApplier(PersistedConfig persisted, ValidationMode mode, BooleanSupplier inMaintenance,
            Runnable bootOn) {
        this.persisted = persisted;
        this.mode = mode;
        this.inMaintenance = inMaintenance;
        this.bootOn = bootOn;
    }

    @Override
    public Outcome apply(String config, boolean dryRun) throws Refused {
        if (!inMaintenance.getAsBoolean()) {
            throw new Refused("the node is configured already: changing its config takes the apply modes,"
                    + " which this node does not have yet", false);
        }
        List<String> warnings = switch (PersistedConfig.check(config, mode)) {
            case PersistedConfig.Valid valid -> valid.warnings().stream().map(Object::toString).toList();
            case PersistedConfig.Corrupt corrupt -> throw new Refused("the config is not valid for "
                    + mode.name().toLowerCase() + " mode:\n" + corrupt.errors().stream().map(Object::toString)
                    .collect(Collectors.joining("\n")), true);
            case PersistedConfig.Absent absent -> throw new IllegalStateException("a config text is never absent");
        };
        if (dryRun) {
            return new Outcome(warnings, "Dry run summary:\nApplied configuration from maintenance mode"
                    + " (skipped in dry-run).");
        }
        try {
            persisted.write(config);
        } catch (IOException e) {
            throw new Refused("the config could not be stored: " + e.getMessage(), false);
        }
        Thread.ofVirtual().name("boot-on").start(bootOn);
        return new Outcome(warnings, "Applied configuration from maintenance mode; the node boots with it");
    }
}
