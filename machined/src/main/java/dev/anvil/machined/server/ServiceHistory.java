package dev.anvil.machined.server;

import dev.anvil.machined.services.ServiceState;
import dev.anvil.machined.services.ServiceStatus;
import dev.anvil.machined.services.Supervisor;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The recent life of each service as ServiceList reports it, kept the way Talos's service runner keeps it: the
 * last {@value #KEPT} state changes (each with its message and time), and the last change of health. The supervisor
 * reports both through one listener; a status that keeps the RUNNING state and changes only {@code healthy} is a
 * health change, anything else a state change.
 *
 * <p>Create it with {@link #watch(Supervisor)} right after the supervisor, so that it sees every service from its
 * registration on. Thread-safe.
 */
public final class ServiceHistory implements Consumer<ServiceStatus> {
    /** Talos's MaxEventsToKeep. */
    static final int KEPT = 64;

    /** One state change. */
    public record Event(ServiceState state, String message, Instant time) {
    }

    /** The last change of health: its message and when; {@code changed} is null while health never changed. */
    public record Health(String lastMessage, Instant changed) {
        static final Health NEVER = new Health("", null);
    }

    private final Map<String, ArrayDeque<Event>> events = new HashMap<>();
    private final Map<String, Health> health = new HashMap<>();
    private final Map<String, ServiceStatus> last = new HashMap<>();

    private ServiceHistory() {
    }

    /**
     * Listens to the supervisor, then records the current status of every service it had not heard of yet: a
     * service that changed meanwhile was recorded by the listener, in order, and is not recorded twice.
     */
    public static ServiceHistory watch(Supervisor supervisor) {
        ServiceHistory history = new ServiceHistory();
        supervisor.onChange(history);
        for (ServiceStatus status : supervisor.list()) {
            history.seed(status);
        }
        return history;
    }

    @Override
    public synchronized void accept(ServiceStatus status) {
        ServiceStatus previous = last.put(status.id(), status);
        boolean healthOnly = previous != null && previous.state() == ServiceState.RUNNING
                && status.state() == ServiceState.RUNNING && status.healthy() != null
                && !Objects.equals(previous.healthy(), status.healthy());
        if (healthOnly) {
            // the status keeps the time its state began; the health changed now (listeners run as it changes)
            health.put(status.id(), new Health(status.message(), Instant.now()));
            return;
        }
        ArrayDeque<Event> kept = events.computeIfAbsent(status.id(), id -> new ArrayDeque<>());
        kept.addLast(new Event(status.state(), status.message(), status.since()));
        if (kept.size() > KEPT) {
            kept.removeFirst();
        }
    }

    /**
     * The state changes of a service, oldest first. The supervisor does not announce a registration, so a service
     * that has not changed since has its current (initial) status as its one event.
     */
    public synchronized List<Event> events(ServiceStatus current) {
        ArrayDeque<Event> kept = events.get(current.id());
        return kept == null ? List.of(new Event(current.state(), current.message(), current.since()))
                : List.copyOf(kept);
    }

    public synchronized Health health(String id) {
        return health.getOrDefault(id, Health.NEVER);
    }

    private synchronized void seed(ServiceStatus status) {
        if (!last.containsKey(status.id())) {
            accept(status);
        }
    }
}
