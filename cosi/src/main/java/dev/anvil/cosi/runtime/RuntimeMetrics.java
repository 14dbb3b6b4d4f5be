package dev.anvil.cosi.runtime;

import dev.anvil.cosi.resource.Kind;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * The metrics of every controller registered in one runtime, for a metrics endpoint to read. Reading never blocks
 * the controllers; a snapshot is consistent per counter, not across counters.
 */
public final class RuntimeMetrics {
    private final ConcurrentHashMap<String, ControllerCounters> controllers = new ConcurrentHashMap<>();
    private volatile Supplier<Map<Kind, Integer>> cachedResources = Map::of;
    private final List<ReconcileListener> listeners = new CopyOnWriteArrayList<>();

    ControllerCounters register(String name, boolean queued) {
        ControllerCounters counters = new ControllerCounters(name, queued, this::reconciled);
        controllers.put(name, counters);
        return counters;
    }

    /** Every controller's metrics, sorted by name. */
    public List<ControllerStats> snapshot() {
        return controllers.values().stream().map(ControllerCounters::snapshot)
                .sorted(Comparator.comparing(ControllerStats::name)).toList();
    }

    void addListener(ReconcileListener listener) {
        listeners.add(listener);
    }

    private void reconciled(String controller, Throwable failure, long nanos) {
        for (ReconcileListener listener : listeners) {
            listener.reconciled(controller, failure, nanos);
        }
    }

    void cachedResources(Supplier<Map<Kind, Integer>> counts) {
        cachedResources = counts;
    }

    /** How many resources the read cache holds, per cached kind. */
    public Map<Kind, Integer> cachedResources() {
        return cachedResources.get();
    }

    public Optional<ControllerStats> controller(String name) {
        return Optional.ofNullable(controllers.get(name)).map(ControllerCounters::snapshot);
    }
}
