package dev.anvil.machined.config;

import dev.anvil.cosi.resource.codec.GoTime;
import dev.anvil.machined.log.Log;
import dev.anvil.machinery.config.ConfigBundle;
import dev.anvil.machinery.config.ConfigEncoder;
import dev.anvil.machinery.config.ConfigLoader;
import dev.anvil.machinery.config.ConfigProblem;
import dev.anvil.machinery.config.LoadResult;
import dev.anvil.machinery.config.diff.TextDiff;
import dev.anvil.machinery.config.validate.ValidationMode;
import dev.anvil.machinery.config.validate.Validator;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * ApplyConfiguration on a configured node, with Talos's modes. A config that does not load or validate, or that
 * has no v1alpha1 document, is refused before anything changes. Then by mode:
 * <ul>
 * <li>{@code no-reboot}: stored (atomically, {@link PersistedConfig}), then published as the active config, which
 * the controllers follow; refused when part of the change needs a reboot ({@link RebootReasons}).
 * <li>{@code auto}: as no-reboot when it can be, else as reboot; the reply names the mode used.
 * <li>{@code reboot}: stored, then the node reboots with it.
 * <li>{@code staged}: stored only; the node boots with it next time.
 * <li>{@code try}: published but not stored, and the previous active config comes back after the try's timeout,
 * unless another apply (not a dry run) comes first, which confirms it. Needs no reboot, as no-reboot.
 * </ul>
 * A dry run checks all of this and changes nothing: the reply says what would happen and shows the diff of the
 * documents. One apply at a time, as Talos: another one meanwhile is refused.
 */
public final class ModeApplier implements ConfigApplier, AutoCloseable {
    /** Talos's default for a try that names no timeout. */
    static final Duration TRY_TIMEOUT = Duration.ofMinutes(1);
    private static final String WITHOUT_REBOOT = "Applied configuration without a reboot";
    private static final String WITH_REBOOT = "Applied configuration with a reboot";
    private static final String STAGED = "Staged configuration to be applied after the next reboot";

    private final PersistedConfig persisted;
    private final ConfigPublisher publisher;
    private final ValidationMode validation;
    private final Supplier<String> reboot;
    private final ReentrantLock applying = new ReentrantLock();
    /** The pending revert of a try (guarded by {@link #applying}); null when none is. */
    private Thread revert;

    /**
     * @param reboot starts the node's reboot and returns its actor id; throws when the node cannot reboot now
     */
    public ModeApplier(PersistedConfig persisted, ConfigPublisher publisher, ValidationMode validation,
            Supplier<String> reboot) {
        this.persisted = persisted;
        this.publisher = publisher;
        this.validation = validation;
        this.reboot = reboot;
    }

    @Override
    public Outcome apply(Request request) throws Refused {
        if (!applying.tryLock()) {
            throw new Refused("another apply configuration is already in progress", false);
        }
        try {
            if (request.mode() != Mode.TRY && !request.dryRun()) {
                cancelRevert();
            }
            return applyLocked(request);
        } finally {
            applying.unlock();
        }
    }

    private Outcome applyLocked(Request request) throws Refused {
        ConfigPublisher.Active current = publisher.active();
        if (current == null) {
            throw new Refused("the node has no active config to change", false);
        }
        LoadResult loaded = ConfigLoader.load(request.config(), false);
        List<ConfigProblem> problems = Validator.validate(loaded, validation, false);
        List<ConfigProblem> errors = problems.stream().filter(ConfigProblem::isError).toList();
        if (!errors.isEmpty()) {
            throw new Refused("the config is not valid for " + validation.name().toLowerCase(Locale.ROOT)
                    + " mode:\n" + errors.stream().map(Object::toString).collect(Collectors.joining("\n")), true);
        }
        ConfigBundle next = loaded.config();
        if (next.v1alpha1().isEmpty()) {
            throw new Refused("the applied machine configuration doesn't contain v1alpha1 config, did you mean to"
                    + " patch the machine config instead?", true);
        }
        List<String> warnings = problems.stream().map(Object::toString).toList();
        List<String> reasons = switch (request.mode()) {
            case AUTO, NO_REBOOT, TRY -> RebootReasons.of(current.parsed(), next);
            case REBOOT, STAGED -> List.of();
        };
        Mode used = request.mode() == Mode.AUTO ? (reasons.isEmpty() ? Mode.NO_REBOOT : Mode.REBOOT) : request.mode();
        if ((used == Mode.NO_REBOOT || used == Mode.TRY) && !reasons.isEmpty()) {
            throw new Refused("this config change can't be applied in immediate mode, it needs a reboot:\n"
                    + String.join("\n", reasons), false);
        }
        String details = switch (used) {
            case NO_REBOOT, TRY -> WITHOUT_REBOOT;
            case STAGED -> STAGED;
            case REBOOT, AUTO -> WITH_REBOOT;
        };
        if (request.dryRun()) {
            String diff = TextDiff.unified(ConfigEncoder.encode(current.parsed()), ConfigEncoder.encode(next));
            return new Outcome(used, warnings, "Dry run summary:\n" + details + " (skipped in dry-run).\n"
                    + "Config diff:\n\n" + (diff.isEmpty() ? "No changes." : diff));
        }
        Log.info("apply config request", "mode", request.mode() == Mode.AUTO
                ? "auto(" + name(used) + ")" : name(used));
        switch (used) {
            case TRY -> {
                Duration timeout = request.tryTimeout() == null ? TRY_TIMEOUT : request.tryTimeout();
                revertAfter(timeout, current);
                publisher.activate(request.config(), next);
                details += "\nThe config is applied in 'try' mode and will be automatically reverted back in "
                        + GoTime.formatDuration(timeout);
            }
            case NO_REBOOT -> {
                store(request.config());
                publisher.activate(request.config(), next);
            }
            case STAGED -> store(request.config());
            case REBOOT, AUTO -> {
                store(request.config());
                try {
                    reboot.get();
                } catch (RuntimeException e) {
                    throw new Refused("the config is stored for the next boot, but the reboot did not start: "
                            + e.getMessage(), false);
                }
            }
        }
        return new Outcome(used, warnings, used == Mode.REBOOT && !reasons.isEmpty()
                ? details + ": " + String.join("; ", reasons) : details);
    }

    private void store(String text) throws Refused {
        try {
            persisted.write(text);
        } catch (IOException e) {
            throw new Refused("the config could not be stored: " + e.getMessage(), false);
        }
        publisher.persisted(text);
    }

    /** Brings {@code previous} back after {@code timeout}, unless cancelled first; replaces a pending revert. */
    private void revertAfter(Duration timeout, ConfigPublisher.Active previous) {
        cancelRevert();
        revert = Thread.ofVirtual().name("config-try-revert").start(() -> {
            try {
                Thread.sleep(timeout);
            } catch (InterruptedException e) {
                return;
            }
            applying.lock();
            try {
                if (revert != Thread.currentThread()) {
                    return;  // confirmed or replaced while this one woke up
                }
                revert = null;
                Log.info("rolling back the configuration", "after", GoTime.formatDuration(timeout));
                publisher.activate(previous.text(), previous.parsed());
            } finally {
                applying.unlock();
            }
        });
    }

    private void cancelRevert() {
        if (revert != null) {
            revert.interrupt();
            revert = null;
        }
    }

    /** Whether a try waits to be reverted. */
    boolean tryPending() {
        applying.lock();
        try {
            return revert != null;
        } finally {
            applying.unlock();
        }
    }

    /** Cancels a pending revert: the tried config stays. */
    @Override
    public void close() {
        applying.lock();
        try {
            cancelRevert();
        } finally {
            applying.unlock();
        }
    }

    private static String name(Mode mode) {
        return mode.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
