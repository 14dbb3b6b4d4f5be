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
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * ApplyConfiguration on a configured node, with Talos's modes. A config that does not load or validate, or that
 * has no v1alpha1 document, is refused before anything changes. Then what the change needs is decided field by
 * field ({@link ChangePlan}) and, by mode:
 * <ul>
 * <li>{@code no-reboot}: published as the active config, which the controllers follow, then stored (atomically,
 * {@link PersistedConfig}); refused, listing the fields, when a field needs a reboot.
 * <li>{@code auto}: as no-reboot when it can be, else as reboot; the reply names the mode used.
 * <li>{@code reboot}: stored, then the node reboots with it.
 * <li>{@code staged}: stored only; the node boots with it next time.
 * <li>{@code try}: published but not stored, and the config it replaced comes back after the try's timeout unless
 * the try is confirmed first: by a confirming call ({@link Request#confirm()}) or, as in Talos, by another apply in
 * a mode other than try (not a dry run). Needs no reboot, as no-reboot.
 * </ul>
 * Beyond Talos: a live change with a field that may cut the node off from its clients (links, addresses, routes:
 * {@link ChangePlan.Effect#NETWORK}) is applied as a try, which the client confirms once it reaches the node again
 * (anvilctl does over a fresh connection); a node it cannot reach any more reverts by itself. And a live change
 * under which a controller starts failing (watched until the controllers settle, and for a try until it is
 * confirmed) is reverted at once. Every revert is told to {@link Safety#reverted()}.
 *
 * <p>A dry run checks all of this and changes nothing: the reply says what would happen, shows the diff of the
 * documents, the decision per field and the spec resources the config controllers would change. One apply at a
 * time, as Talos: another one meanwhile is refused.
 */
public final class ModeApplier implements ConfigApplier, AutoCloseable {
    /** Talos's default for a try that names no timeout. */
    static final Duration TRY_TIMEOUT = Duration.ofMinutes(1);
    /** How long a change that touches the network waits for confirmation when the request names no timeout. */
    static final Duration NETWORK_TRY_TIMEOUT = Duration.ofSeconds(30);
    /** The controllers have settled after a change when no reconcile ended for this long... */
    static final Duration SETTLE_QUIET = Duration.ofMillis(100);
    /** ...or this long after the change at most. */
    static final Duration SETTLE_LIMIT = Duration.ofSeconds(5);
    private static final String WITHOUT_REBOOT = "Applied configuration without a reboot";
    private static final String WITH_REBOOT = "Applied configuration with a reboot";
    private static final String STAGED = "Staged configuration to be applied after the next reboot";

    /**
     * What makes an apply safe beyond Talos: the controllers' health (null: not watched), the resource plan of a
     * dry run (null: none), and who is told when the node reverts a config by itself (why, as a sentence).
     */
    public record Safety(ControllerHealth health, ResourcePlan plans, Consumer<String> reverted) {
        public static final Safety NONE = new Safety(null, null, reason -> { });
    }

    private final PersistedConfig persisted;
    private final ConfigPublisher publisher;
    private final ValidationMode validation;
    private final Supplier<String> reboot;
    private final Safety safety;
    private final ReentrantLock applying = new ReentrantLock();
    /** The try waiting for confirmation (guarded by {@link #applying}); null when none is. */
    private Pending pending;
    /** Why the last revert happened (guarded by {@link #applying}), for a confirmation that comes too late. */
    private String lastRevert;

    /** A config applied in try mode: what it replaced, the timer that brings that back, and its failure watch. */
    private final class Pending {
        final ConfigPublisher.Active tried;
        final ConfigPublisher.Active revertTo;
        final Duration timeout;
        ControllerHealth.Watch watch;
        Thread timer;

        Pending(ConfigPublisher.Active tried, ConfigPublisher.Active revertTo, Duration timeout,
                ControllerHealth.Watch watch) {
            this.tried = tried;
            this.revertTo = revertTo;
            this.timeout = timeout;
            this.watch = watch;
        }

        void end() {
            // the timer ends a try itself when it reverts it: it must not interrupt its own revert
            if (timer != null && timer != Thread.currentThread()) {
                timer.interrupt();
            }
            if (watch != null) {
                watch.close();
            }
        }
    }

    /**
     * @param reboot starts the node's reboot and returns its actor id; throws when the node cannot reboot now
     */
    public ModeApplier(PersistedConfig persisted, ConfigPublisher publisher, ValidationMode validation,
            Supplier<String> reboot) {
        this(persisted, publisher, validation, reboot, Safety.NONE);
    }

    public ModeApplier(PersistedConfig persisted, ConfigPublisher publisher, ValidationMode validation,
            Supplier<String> reboot, Safety safety) {
        this.persisted = persisted;
        this.publisher = publisher;
        this.validation = validation;
        this.reboot = reboot;
        this.safety = safety;
    }

    @Override
    public Outcome apply(Request request) throws Refused {
        if (!applying.tryLock()) {
            throw new Refused("another apply configuration is already in progress", false);
        }
        try {
            return request.confirm() ? confirm(request.config()) : applyLocked(request);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Refused("interrupted while applying", false);
        } finally {
            applying.unlock();
        }
    }

    private Outcome applyLocked(Request request) throws Refused, InterruptedException {
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
        ChangePlan plan = ChangePlan.between(current.parsed(), next);
        List<ChangePlan.Field> rebootFields = switch (request.mode()) {
            case AUTO, NO_REBOOT, TRY -> plan.needingReboot();
            case REBOOT, STAGED -> List.of();
        };
        Mode used = request.mode() == Mode.AUTO ? (rebootFields.isEmpty() ? Mode.NO_REBOOT : Mode.REBOOT)
                : request.mode();
        if ((used == Mode.NO_REBOOT || used == Mode.TRY) && !rebootFields.isEmpty()) {
            throw new Refused("this config change can't be applied in immediate mode, it needs a reboot:\n"
                    + rebootFields.stream().map(f -> f.change() + " changed (" + f.by() + ")")
                            .collect(Collectors.joining("\n")), false);
        }
        boolean network = used == Mode.NO_REBOOT && plan.touchesNetwork();
        if (network) {
            used = Mode.TRY;
        }
        Duration timeout = request.tryTimeout() != null ? request.tryTimeout()
                : network ? NETWORK_TRY_TIMEOUT : TRY_TIMEOUT;
        String details = switch (used) {
            case NO_REBOOT, TRY -> WITHOUT_REBOOT;
            case STAGED -> STAGED;
            case REBOOT, AUTO -> WITH_REBOOT;
        };
        if (request.dryRun()) {
            return new Outcome(used, warnings, dryRun(details, current, next, plan, network, timeout));
        }
        Log.info("apply config request", "mode", request.mode() == used ? name(used)
                : name(request.mode()) + "(" + name(used) + ")");
        if (used != Mode.TRY) {
            confirmPending();
        }
        Runnable afterReply = null;
        switch (used) {
            case TRY -> {
                if (network) {
                    Pending deferred = deferTry(request.config(), next, current, timeout);
                    afterReply = () -> activateDeferred(deferred);
                } else {
                    tryConfig(request.config(), next, current, timeout);
                }
                details += "\nThe config is applied in 'try' mode and will be automatically reverted back in "
                        + GoTime.formatDuration(timeout);
                if (network) {
                    details += "\nIt changes the network, so it is applied as a try once this reply has left: "
                            + "confirm it by applying it again once the node is reachable (anvilctl does so by "
                            + "itself).";
                }
            }
            case NO_REBOOT -> {
                activateWatched(new ConfigPublisher.Active(request.config(), next), current);
                store(request.config());
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
        return new Outcome(used, warnings, details + (plan.isEmpty() ? "" : "\nChanged fields:\n" + plan.describe()),
                afterReply);
    }

    private String dryRun(String details, ConfigPublisher.Active current, ConfigBundle next, ChangePlan plan,
            boolean network, Duration timeout) {
        String diff = TextDiff.unified(ConfigEncoder.encode(current.parsed()), ConfigEncoder.encode(next));
        StringBuilder text = new StringBuilder("Dry run summary:\n").append(details).append(" (skipped in dry-run).\n")
                .append("Config diff:\n\n").append(diff.isEmpty() ? "No changes." : diff.stripTrailing());
        text.append("\n\nChanged fields:\n").append(plan.describe());
        if (network) {
            text.append("\nIt changes the network: it would be applied as a try, reverted in ")
                    .append(GoTime.formatDuration(timeout)).append(" unless confirmed.");
        }
        if (safety.plans() != null) {
            text.append("\n\n").append(safety.plans().describe(next));
        }
        return text.toString();
    }

    /**
     * Publishes {@code next} and waits for the controllers to settle; a controller that starts failing meanwhile
     * brings {@code previous} back and refuses the apply.
     */
    private void activateWatched(ConfigPublisher.Active next, ConfigPublisher.Active previous)
            throws Refused, InterruptedException {
        if (safety.health() == null) {
            publisher.activate(next.text(), next.parsed());
            return;
        }
        try (ControllerHealth.Watch watch = safety.health().watch(null)) {
            publisher.activate(next.text(), next.parsed());
            Optional<String> failure = watch.settle(SETTLE_QUIET, SETTLE_LIMIT);
            if (failure.isPresent()) {
                throw refusedAfterRevert(previous, watch);
            }
        }
    }

    /** Applies a try: what a pending try replaced stays the config to come back to. */
    private void tryConfig(String text, ConfigBundle next, ConfigPublisher.Active current, Duration timeout)
            throws Refused, InterruptedException {
        ConfigPublisher.Active revertTo = current;
        if (pending != null) {
            revertTo = pending.revertTo;
            pending.end();
            pending = null;
        }
        ConfigPublisher.Active tried = new ConfigPublisher.Active(text, next);
        if (safety.health() == null) {
            publisher.activate(text, next);
            startPending(new Pending(tried, revertTo, timeout, null));
            return;
        }
        Pending[] self = new Pending[1];
        ControllerHealth.Watch watch = safety.health().watch(failure -> Thread.ofVirtual()
                .name("config-try-failure").start(() -> revertFailed(self, failure)));
        publisher.activate(text, next);
        if (watch.settle(SETTLE_QUIET, SETTLE_LIMIT).isPresent()) {
            watch.close();
            throw refusedAfterRevert(revertTo, watch);
        }
        self[0] = new Pending(tried, revertTo, timeout, watch);
        startPending(self[0]);
    }

    /**
     * A try of a network change, made pending but not yet active: its reply must reach the client before the
     * change can cut the client off. {@link #activateDeferred} makes it active.
     */
    private Pending deferTry(String text, ConfigBundle next, ConfigPublisher.Active current, Duration timeout) {
        ConfigPublisher.Active revertTo = current;
        if (pending != null) {
            revertTo = pending.revertTo;
            pending.end();
        }
        pending = new Pending(new ConfigPublisher.Active(text, next), revertTo, timeout, null);
        return pending;
    }

    /**
     * Activates a deferred try, unless another apply replaced it meanwhile; from now its timer runs, and a controller
     * that fails under it reverts it.
     */
    private void activateDeferred(Pending try_) {
        applying.lock();
        try {
            if (pending != try_ || try_.timer != null) {
                return;
            }
            if (safety.health() != null) {
                Pending[] self = {try_};
                try_.watch = safety.health().watch(failure -> Thread.ofVirtual()
                        .name("config-try-failure").start(() -> revertFailed(self, failure)));
            }
            publisher.activate(try_.tried.text(), try_.tried.parsed());
            startPending(try_);
        } finally {
            applying.unlock();
        }
    }

    private void startPending(Pending try_) {
        pending = try_;
        try_.timer = Thread.ofVirtual().name("config-try-revert").start(() -> {
            try {
                Thread.sleep(try_.timeout);
            } catch (InterruptedException e) {
                return;
            }
            revertPending(try_, "the config applied in try mode was not confirmed within "
                    + GoTime.formatDuration(try_.timeout));
        });
    }

    /** A late failure of a try's controllers; the holder is read under the lock, where the try is set. */
    private void revertFailed(Pending[] holder, String failure) {
        applying.lock();
        try {
            Pending failed = holder[0];
            revertPending(failed, "a controller failed under the config applied in try mode: " + failure);
            if (failed != null && failed.watch != null) {
                safety.health().forget(failed.watch.failedController());
            }
        } finally {
            applying.unlock();
        }
    }

    /** Brings back what {@code try_} replaced, unless it was confirmed or replaced meanwhile. */
    private void revertPending(Pending try_, String why) {
        applying.lock();
        try {
            if (try_ == null || pending != try_) {
                return;
            }
            pending = null;
            try_.end();
            revert(try_.revertTo, why);
        } finally {
            applying.unlock();
        }
    }

    private Refused refusedAfterRevert(ConfigPublisher.Active previous, ControllerHealth.Watch watch) {
        String why = "a controller failed under the new config: " + watch.failure().orElseThrow();
        revert(previous, why);
        safety.health().forget(watch.failedController());
        return new Refused("the config was reverted: " + why, false);
    }

    private void revert(ConfigPublisher.Active previous, String why) {
        Log.warn("rolling back the configuration", "reason", why);
        publisher.activate(previous.text(), previous.parsed());
        lastRevert = why;
        safety.reverted().accept(why);
    }

    /** A confirmation: the pending try of exactly this config is stored and stays. */
    private Outcome confirm(String text) throws Refused {
        if (pending == null || !pending.tried.text().equals(text) || pending.timer == null) {
            throw new Refused("no config applied in try mode waits for this confirmation"
                    + (lastRevert == null ? "" : "; the last one was reverted: " + lastRevert), false);
        }
        Pending confirmed = pending;
        pending = null;
        confirmed.end();
        store(text);
        Log.info("the config applied in try mode is confirmed");
        return new Outcome(Mode.NO_REBOOT, List.of(), "Confirmed the configuration applied in try mode;"
                + " it is stored for the next boot");
    }

    /** As Talos: an apply in another mode ends a pending try, whose config then stays (unstored). */
    private void confirmPending() {
        if (pending != null) {
            pending.end();
            pending = null;
        }
    }

    private void store(String text) throws Refused {
        try {
            persisted.write(text);
        } catch (IOException e) {
            throw new Refused("the config could not be stored: " + e.getMessage(), false);
        }
        publisher.persisted(text);
    }

    /** Whether a try waits to be reverted. */
    boolean tryPending() {
        applying.lock();
        try {
            return pending != null;
        } finally {
            applying.unlock();
        }
    }

    /** Cancels a pending revert: the tried config stays. */
    @Override
    public void close() {
        applying.lock();
        try {
            confirmPending();
        } finally {
            applying.unlock();
        }
    }

    static String name(Mode mode) {
        return mode.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
