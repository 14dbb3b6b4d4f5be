package dev.anvil.machined.services;

import dev.anvil.sys.Cgroups;
import dev.anvil.sys.Child;
import dev.anvil.sys.ExitStatus;
import dev.anvil.sys.ProcessSpec;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The life of one service, on its own virtual thread: wait for dependencies, prepare, run, and on exit either
 * finish or fail and come back after the backoff. A stop request ends the loop wherever it is.
 *
 * <p>The output pump is the one platform thread of a service: a {@code FileInputStream.read} of a pipe pins a
 * virtual thread's carrier, and the scheduler adds no carrier for it, so a few services that keep their output open
 * would otherwise hold every carrier and starve all virtual threads of the JVM (gRPC handlers among them).
 */
final class ServiceRunner {
    /** The pump needs little stack: its buffer is on the heap, and the JDK's native read buffer is 8 KiB. */
    private static final long PUMP_STACK = 256 * 1024;

    final ServiceSpec spec;
    final LogRing log;
    /** Guarded by the supervisor's lock. */
    ServiceStatus status;

    private final Supervisor supervisor;
    private volatile boolean stopRequested;
    private volatile Launcher.Launched child;
    private Thread thread;
    /** What the preparation sees: the stop flag, and a way to show what it waits for in the status. */
    private final ServiceSpec.Preparing preparing = new ServiceSpec.Preparing() {
        @Override
        public boolean stopRequested() {
            return stopRequested;
        }

        @Override
        public void say(String message) {
            supervisor.lock.lock();
            try {
                if (status.state() == ServiceState.PREPARING && message.equals(status.message())) {
                    return;
                }
            } finally {
                supervisor.lock.unlock();
            }
            set(ServiceState.PREPARING, message, 0);
        }
    };

    ServiceRunner(Supervisor supervisor, ServiceSpec spec, LogRing log) {
        this.supervisor = supervisor;
        this.spec = spec;
        this.log = log;
        this.status = Supervisor.initial(spec.id());
    }

    synchronized void start() {
        if (thread != null && thread.isAlive()) {
            return;
        }
        stopRequested = false;
        thread = Thread.ofVirtual().name("service " + spec.id()).start(this::run);
    }

    void stop() throws InterruptedException {
        Thread t;
        synchronized (this) {
            t = thread;
            stopRequested = true;
        }
        supervisor.lock.lock();
        try {
            supervisor.changed.signalAll();
        } finally {
            supervisor.lock.unlock();
        }
        terminate();
        if (t != null) {
            t.join();
        }
    }

    /** SIGTERM to the process group, then SIGKILL once the stop timeout has passed. */
    private void terminate() throws InterruptedException {
        Launcher.Launched c = child;
        if (c == null || c.exit().isDone()) {
            return;
        }
        c.signal(Child.SIGTERM);
        try {
            c.exit().get(spec.stopTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            log.appendLine("[supervisor] no exit " + spec.stopTimeout() + " after SIGTERM, sending SIGKILL");
            c.signal(Child.SIGKILL);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    private void run() {
        Optional<String> skip = spec.skipReason().get();
        if (skip.isPresent()) {
            set(ServiceState.SKIPPED, skip.get(), 0);
            return;
        }
        Duration backoff = null;
        try {
            while (!stopRequested && awaitDependencies()) {
                set(ServiceState.PREPARING, "preparing", 0);
                Instant started = Instant.now();
                ProcessSpec process = null;
                String outcome = null;
                boolean success = false;
                try {
                    process = spec.preparation().prepare(spec.process(), preparing);
                } catch (InterruptedException e) {
                    throw e;
                } catch (Exception e) {
                    outcome = "preparing failed: " + e.getMessage();
                }
                if (process == null) {
                    outcome = outcome == null ? "preparing gave no process to start" : outcome;
                    log.appendLine("[supervisor] " + outcome);
                } else if (stopRequested) {
                    set(ServiceState.FINISHED, "stopped", 0);
                    return;
                } else {
                    try {
                        ExitStatus exit = runOnce(process);
                        outcome = exit.toString();
                        success = exit.success();
                    } catch (InterruptedException e) {
                        throw e;
                    } catch (RuntimeException e) {
                        throw e;
                    } catch (Exception e) {
                        outcome = "starting failed: " + e.getMessage();
                        log.appendLine("[supervisor] " + outcome);
                    }
                }
                if (stopRequested) {
                    set(ServiceState.FINISHED, "stopped (" + outcome + ")", 0);
                    return;
                }
                boolean again = spec.restart().restarts(success);
                ServiceState ended = success ? ServiceState.FINISHED : ServiceState.FAILED;
                if (!again) {
                    set(ended, outcome, 0);
                    return;
                }
                if (Duration.between(started, Instant.now()).compareTo(spec.restart().healthyAfter()) >= 0) {
                    backoff = null;
                }
                backoff = spec.restart().next(backoff);
                set(ended, outcome + "; restarting in " + backoff.toMillis() + " ms", 0);
                log.appendLine("[supervisor] " + outcome + "; restarting in " + backoff.toMillis() + " ms");
                if (!sleep(backoff)) {
                    set(ServiceState.FINISHED, "stopped", 0);
                    return;
                }
                bumpRestarts();
            }
            if (stopRequested) {
                set(ServiceState.FINISHED, "stopped", 0);
            }
        } catch (InterruptedException e) {
            set(ServiceState.FAILED, "interrupted", 0);
        } catch (RuntimeException e) {
            set(ServiceState.FAILED, "cannot run: " + e.getMessage(), 0);
            log.appendLine("[supervisor] cannot run " + spec.process().path() + ": " + e.getMessage());
        }
    }

    /** Spawns the process in the service's control group and runs it to its end. */
    private ExitStatus runOnce(ProcessSpec process) throws Exception {
        Optional<Cgroups.Group> group = supervisor.cgroups.map(c -> c.create(supervisor.cgroupRoot + "/" + spec.id()));
        try {
            Launcher.Launched c = spec.launcher().launch(process, log);
            child = c;
            if (c.joinsGroup()) {
                group.ifPresent(g -> join(g, c));
            }
            set(ServiceState.RUNNING, "running", c.pid());
            return watch(c);
        } finally {
            child = null;
            group.ifPresent(ServiceRunner::removeQuietly);
        }
    }

    /** Pumps the output of a running process and checks its health until it exits. */
    private ExitStatus watch(Launcher.Launched c) throws InterruptedException {
        Thread pump = Thread.ofPlatform().daemon().name("log " + spec.id()).stackSize(PUMP_STACK)
                .start(() -> pump(c.output()));
        Thread health = spec.health() == null ? null
                : Thread.ofVirtual().name("health " + spec.id()).start(() -> checkHealth(c));
        try {
            return c.exit().get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("waiting for " + spec.id() + " to exit", e.getCause());
        } finally {
            if (health != null) {
                health.interrupt();
                health.join();
            }
            pump.join(Duration.ofSeconds(1));
        }
    }

    /** Puts the process in the service's group; a service runs on without one rather than not at all. */
    private void join(Cgroups.Group group, Launcher.Launched c) {
        try {
            group.add(c.pid());
        } catch (RuntimeException e) {
            if (!c.exit().isDone() && ProcessHandle.of(c.pid()).isPresent()) {
                log.appendLine("[supervisor] running without a control group: " + e.getMessage());
            }
        }
    }

    private static void removeQuietly(Cgroups.Group group) {
        try {
            group.remove();
        } catch (RuntimeException stillBusy) {
            // a process the service left behind still holds it; the next start reuses the group
        }
    }

    private void pump(InputStream output) {
        if (output == null) {
            return;
        }
        byte[] buffer = new byte[8192];
        try (output) {
            int n;
            while ((n = output.read(buffer)) > 0) {
                log.append(buffer, n);
            }
        } catch (IOException e) {
            log.appendLine("[supervisor] output of " + spec.id() + " broke off: " + e.getMessage());
        }
    }

    private void checkHealth(Launcher.Launched c) {
        Boolean last = null;
        while (!c.exit().isDone() && !Thread.currentThread().isInterrupted()) {
            boolean healthy;
            String message;
            try {
                spec.health().probe().check();
                healthy = true;
                message = "healthy";
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                healthy = false;
                message = "unhealthy: " + e.getMessage();
            }
            if (!Boolean.valueOf(healthy).equals(last)) {
                last = healthy;
                setHealth(healthy, message);
            }
            try {
                Thread.sleep(spec.health().period());
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Waits until every dependency is up; false when stopped meanwhile. */
    private boolean awaitDependencies() throws InterruptedException {
        supervisor.lock.lock();
        try {
            while (!stopRequested) {
                List<String> missing = supervisor.missingDependencies(spec);
                if (missing.isEmpty()) {
                    return true;
                }
                String message = "waiting for " + String.join(", ", missing);
                if (status.state() != ServiceState.WAITING || !message.equals(status.message())) {
                    supervisor.publish(this, new ServiceStatus(spec.id(), ServiceState.WAITING, null, message, 0,
                            status.restarts(), Instant.now()));
                }
                supervisor.changed.await();
            }
            return false;
        } finally {
            supervisor.lock.unlock();
        }
    }

    /** Sleeps for the backoff unless stopped first; false when stopped. */
    private boolean sleep(Duration backoff) throws InterruptedException {
        long deadline = System.nanoTime() + backoff.toNanos();
        supervisor.lock.lock();
        try {
            long left;
            while (!stopRequested && (left = deadline - System.nanoTime()) > 0) {
                supervisor.changed.awaitNanos(left);
            }
            return !stopRequested;
        } finally {
            supervisor.lock.unlock();
        }
    }

    private void set(ServiceState state, String message, long pid) {
        supervisor.lock.lock();
        try {
            Boolean healthy = state == ServiceState.RUNNING ? status.healthy() : null;
            supervisor.publish(this, new ServiceStatus(spec.id(), state,
                    state == ServiceState.RUNNING && status.state() != ServiceState.RUNNING ? null : healthy,
                    message, pid, status.restarts(), Instant.now()));
        } finally {
            supervisor.lock.unlock();
        }
    }

    private void setHealth(boolean healthy, String message) {
        supervisor.lock.lock();
        try {
            if (status.state() == ServiceState.RUNNING) {
                supervisor.publish(this, new ServiceStatus(spec.id(), status.state(), healthy, message, status.pid(),
                        status.restarts(), status.since()));
            }
        } finally {
            supervisor.lock.unlock();
        }
    }

    private void bumpRestarts() {
        supervisor.lock.lock();
        try {
            status = new ServiceStatus(spec.id(), status.state(), status.healthy(), status.message(), status.pid(),
                    status.restarts() + 1, status.since());
        } finally {
            supervisor.lock.unlock();
        }
    }
}
