package dev.anvil.machined.config;

import dev.anvil.cosi.runtime.ReconcileListener;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * How the controllers fare, as the apply modes need to know it: which controllers fail now (their last reconcile
 * threw) and with what, and, while a {@link Watch} is open, whether one starts failing that did not before, or
 * fails otherwise than before. That is a failure the new config caused; the applier reverts the config.
 *
 * <p>A new failure counts only once it persists: the controller fails again on its next reconcile, or has not
 * reconciled again by the time the others settle. A single failure that the retry clears is the passing order of a
 * change (a route added in the moment its address went, before its own spec goes), not the config's fault.
 *
 * <p>Listens to the controller runtime ({@code ControllerRuntime.onReconcile}); reports arrive on the controllers'
 * threads. One watch is open at a time (the applier applies one config at a time).
 */
public final class ControllerHealth implements ReconcileListener {
    private final Map<String, String> failing = new ConcurrentHashMap<>();
    private final Map<String, Long> reportedAt = new ConcurrentHashMap<>();
    /** Failing controllers whose failure a revert dealt with, until they next report. */
    private final Set<String> forgotten = ConcurrentHashMap.newKeySet();
    private final Object lock = new Object();
    private long lastReport = System.nanoTime();
    private Watch open;

    @Override
    public void reconciled(String controller, Throwable failure) {
        Watch watch;
        String message = failure == null ? null : controller + ": " + describe(failure);
        synchronized (lock) {
            lastReport = System.nanoTime();
            reportedAt.put(controller, lastReport);
            forgotten.remove(controller);
            if (message == null) {
                failing.remove(controller);
            } else {
                failing.put(controller, message);
            }
            watch = open;
            boolean confirmed = watch != null && watch.report(controller, message);
            lock.notifyAll();
            if (!confirmed) {
                watch = null;
            }
        }
        if (watch != null && watch.onFailure != null) {
            watch.onFailure.accept(message);
        }
    }

    private static String describe(Throwable failure) {
        return failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
    }

    /**
     * Starts watching for new failures, closing any watch open before; {@code onFailure} (may be null) is told of
     * the first one, on the failing controller's thread, unless the watch is closed first.
     */
    public Watch watch(Consumer<String> onFailure) {
        synchronized (lock) {
            Map<String, String> before = new HashMap<>(failing);
            forgotten.forEach(before::remove);
            open = new Watch(before, Set.copyOf(failing.keySet()), onFailure);
            return open;
        }
    }

    /**
     * Forgets a controller's failure that a revert has dealt with: the config that caused it is gone, so the same
     * failure under a later config is that config's doing.
     */
    public void forget(String controller) {
        if (controller != null) {
            forgotten.add(controller);
        }
    }

    /** Watching for a failure the config applied just before caused. */
    public final class Watch implements AutoCloseable {
        private final Map<String, String> before;
        private final Set<String> waitFor;
        private final Consumer<String> onFailure;
        private final long start = System.nanoTime();
        /** New failures not yet confirmed: the controller has failed once and not reconciled since. */
        private final Map<String, String> suspects = new HashMap<>();
        private String failure;
        private String failed;

        private Watch(Map<String, String> before, Set<String> waitFor, Consumer<String> onFailure) {
            this.before = before;
            this.waitFor = waitFor;
            this.onFailure = onFailure;
        }

        /** Takes a controller's report under the lock; true when it confirms the watch's first new failure. */
        private boolean report(String controller, String message) {
            if (message == null || message.equals(before.get(controller))) {
                suspects.remove(controller);
                return false;
            }
            if (suspects.putIfAbsent(controller, message) == null || failure != null) {
                return false;
            }
            confirm(controller, message);
            return true;
        }

        private void confirm(String controller, String message) {
            failure = message;
            failed = controller;
        }

        /**
         * Waits until the controllers have settled, but at most {@code limit}: no reconcile ended for {@code quiet},
         * each controller that was failing when the watch began has reconciled since (it may be waiting out its
         * backoff), and each that failed since has retried. Returns the first new failure that persisted, or empty;
         * one still unretried at the limit persisted.
         */
        public Optional<String> settle(Duration quiet, Duration limit) throws InterruptedException {
            long deadline = System.nanoTime() + limit.toNanos();
            synchronized (lock) {
                while (failure == null) {
                    long now = System.nanoTime();
                    long quietUntil = Math.max(lastReport, start) + quiet.toNanos();
                    if (now - deadline >= 0 || now - quietUntil >= 0 && retried()) {
                        break;
                    }
                    long wake = Math.min(retried() ? quietUntil : now + quiet.toNanos(), deadline);
                    long millis = Math.max(1, Duration.ofNanos(wake - now).toMillis());
                    lock.wait(millis);
                }
                if (failure == null && !suspects.isEmpty()) {
                    Map.Entry<String, String> first = suspects.entrySet().iterator().next();
                    confirm(first.getKey(), first.getValue());
                }
                return Optional.ofNullable(failure);
            }
        }

        /** Whether every controller failing at the start has reconciled since, and none awaits its retry. */
        private boolean retried() {
            if (!suspects.isEmpty()) {
                return false;
            }
            for (String controller : waitFor) {
                if (reportedAt.getOrDefault(controller, start) - start <= 0) {
                    return false;
                }
            }
            return true;
        }

        /** The controller whose failure the watch saw first, or null. */
        public String failedController() {
            synchronized (lock) {
                return failed;
            }
        }

        /** The first new failure so far, or empty. */
        public Optional<String> failure() {
            synchronized (lock) {
                return Optional.ofNullable(failure);
            }
        }

        @Override
        public void close() {
            synchronized (lock) {
                if (open == this) {
                    open = null;
                }
            }
        }
    }
}
