package dev.anvil.machined.config;

import dev.anvil.machinery.config.validate.ValidationMode;

import java.io.IOException;
import java.util.List;
import java.util.stream.Collectors;

/**
 * ApplyConfiguration while the node waits in maintenance mode: a config that loads and validates is persisted
 * atomically and the node boots with it ({@code bootOn}, run after the reply has gone). Nothing is written for a
 * dry run or a bad config. A configured node has the apply modes instead ({@link ModeApplier}).
 */
public final class MaintenanceApplier implements ConfigApplier {
    private final PersistedConfig persisted;
    private final ValidationMode mode;
    private final Runnable bootOn;

    public MaintenanceApplier(PersistedConfig persisted, ValidationMode mode, Runnable bootOn) {
        this.persisted = persisted;
        this.mode = mode;
        this.bootOn = bootOn;
    }

    @Override
    public Outcome apply(Request request) throws Refused {
        List<String> warnings = switch (PersistedConfig.check(request.config(), mode)) {
            case PersistedConfig.Valid valid -> valid.warnings().stream().map(Object::toString).toList();
            case PersistedConfig.Corrupt corrupt -> throw new Refused("the config is not valid for "
                    + mode.name().toLowerCase() + " mode:\n" + corrupt.errors().stream().map(Object::toString)
                    .collect(Collectors.joining("\n")), true);
            case PersistedConfig.Absent absent -> throw new IllegalStateException("a config text is never absent");
        };
        // the node boots with the config whatever the mode; the reply names the one asked for
        Mode replied = request.mode() == Mode.REBOOT ? Mode.AUTO : request.mode();
        if (request.dryRun()) {
            return new Outcome(replied, warnings, "Dry run summary:\nApplied configuration from maintenance mode"
                    + " (skipped in dry-run).");
        }
        try {
            persisted.write(request.config());
        } catch (IOException e) {
            throw new Refused("the config could not be stored: " + e.getMessage(), false);
        }
        Thread.ofVirtual().name("boot-on").start(bootOn);
        return new Outcome(replied, warnings, "Applied configuration from maintenance mode; the node boots with it");
    }
}
