package dev.anvil.machined.services;

import dev.anvil.sys.Cgroups;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Runs the node's services: each starts once the services it depends on are up, is restarted with backoff when
 * its policy says so, has its output kept in a {@link LogRing}, and lives in its own control group where the host
 * offers them. Every change of a service's state or health goes to the listeners, in order for each service.
 *
 * <p>One lock guards every status; a service waiting for its dependencies waits on that lock's condition, which
 * every change signals. Listeners are called with the lock held, so they must be quick and must not call back.
 */
public final class Supervisor implements AutoCloseable {
    static final int LOG_CAPACITY = 1 << 20;

    final ReentrantLock lock = new ReentrantLock();
    final Condition changed = lock.newCondition();
    private final Map<String, ServiceRunner> runners = new LinkedHashMap<>();
    private final List<Consumer<ServiceStatus>> listeners = new CopyOnWriteArrayList<>();
    private volatile BiConsumer<String, String> lineListener = (id, line) -> { };
    final Optional<Cgroups> cgroups;
    final String cgroupRoot;

    /** A supervisor that puts services in control groups under {@code anvil/} when the host has them. */
    public Supervisor() {
        this(Cgroups.detect(), "anvil");
    }

    /** Services go in control groups {@code root/ID} (none when {@code cgroups} is empty). */
    public Supervisor(Optional<Cgroups> cgroups, String root) {
        this.cgroups = cgroups;
        this.cgroupRoot = root;
    }

    public void onChange(Consumer<ServiceStatus> listener) {
        listeners.add(listener);
    }

    /**
     * Hands every line a service writes (and every note the supervisor adds to its log) to {@code listener}, with
     * the service's ID, on the thread that pumps its output; the listener must be quick. Replaces any earlier one.
     */
    public void onLogLine(BiConsumer<String, String> listener) {
        lineListener = listener;
    }

    /** Adds a service (not started yet). */
    public void register(ServiceSpec spec) {
        lock.lock();
        try {
            if (runners.containsKey(spec.id())) {
                throw new IllegalArgumentException("service " + spec.id() + " is already registered");
            }
            runners.put(spec.id(), new ServiceRunner(this, spec, new LogRing(LOG_CAPACITY,
                    line -> lineListener.accept(spec.id(), line))));
        } finally {
            lock.unlock();
        }
    }

    /**
     * Gives a registered service a new definition: stops it (returning once it has ended), then keeps its log under
     * the new spec, stopped until {@link #start}ed.
     */
    public void replace(ServiceSpec spec) throws InterruptedException {
        ServiceRunner old = runner(spec.id());
        old.stop();
        lock.lock();
        try {
            runners.put(spec.id(), new ServiceRunner(this, spec, old.log));
        } finally {
            lock.unlock();
        }
    }

    /** Starts a service (it first waits for its dependencies); starting a running service does nothing. */
    public void start(String id) {
        runner(id).start();
    }

    /** Stops a service: SIGTERM to its process group, SIGKILL after its stop timeout. Returns once it has ended. */
    public void stop(String id) throws InterruptedException {
        runner(id).stop();
    }

    public void restart(String id) throws InterruptedException {
        ServiceRunner r = runner(id);
        r.stop();
        r.start();
    }

    public ServiceStatus status(String id) {
        lock.lock();
        try {
            return runner(id).status;
        } finally {
            lock.unlock();
        }
    }

    public List<ServiceStatus> list() {
        lock.lock();
        try {
            return runners.values().stream().map(r -> r.status).toList();
        } finally {
            lock.unlock();
        }
    }

    public LogRing logs(String id) {
        return runner(id).log;
    }

    /**
     * Stops every service, dependents before what they depend on, waits for all of them, and removes the control
     * group root when nothing is left in it.
     */
    @Override
    public void close() {
        try {
            stopAll();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops every service, dependents first, and returns once all have ended; they can be started again. */
    public void stopAll() throws InterruptedException {
        List<ServiceRunner> order;
        lock.lock();
        try {
            order = new ArrayList<>(runners.values());
        } finally {
            lock.unlock();
        }
        while (!order.isEmpty()) {
            ServiceRunner next = order.stream()
                    .filter(r -> order.stream().noneMatch(o -> o.spec.dependsOn().contains(r.spec.id())))
                    .findFirst().orElse(order.getFirst());
            next.stop();
            order.remove(next);
        }
        cgroups.ifPresent(c -> {
            try {
                c.create(cgroupRoot).remove();
            } catch (RuntimeException stillInUse) {
                // a service left a process behind in its group; it stays visible there for the operator
            }
        });
    }

    private ServiceRunner runner(String id) {
        lock.lock();
        try {
            ServiceRunner r = runners.get(id);
            if (r == null) {
                throw new IllegalArgumentException("no service " + id + " (known: " + runners.keySet() + ")");
            }
            return r;
        } finally {
            lock.unlock();
        }
    }

    /** Called with the lock held: records a status and tells everyone. */
    void publish(ServiceRunner runner, ServiceStatus status) {
        runner.status = status;
        changed.signalAll();
        for (Consumer<ServiceStatus> listener : listeners) {
            listener.accept(status);
        }
    }

    /**
     * Called with the lock held: the dependencies of {@code spec} that are not up, by ID, with why.
     */
    List<String> missingDependencies(ServiceSpec spec) {
        List<String> missing = new ArrayList<>();
        for (String dep : spec.dependsOn()) {
            ServiceRunner r = runners.get(dep);
            if (r == null) {
                missing.add(dep + " (not registered)");
            } else if (!r.status.up(r.spec.health() != null)) {
                missing.add(dep + " (" + r.status.state().name().toLowerCase() + ")");
            }
        }
        return missing;
    }

    static ServiceStatus initial(String id) {
        return new ServiceStatus(id, ServiceState.WAITING, null, "registered", 0, 0, Instant.now());
    }
}
