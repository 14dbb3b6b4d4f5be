package dev.anvil.cosi.runtime;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The metrics of every controller registered in one runtime, for a metrics endpoint to read. Reading never blocks
 * the controllers; a snapshot is consistent per counter, not across counters.
 */
public final class RuntimeMetrics {
    private final ConcurrentHashMap<String, ControllerCounters> controllers = new ConcurrentHashMap<>();

    ControllerCounters register(String name, boolean queued) {
        ControllerCounters counters = new ControllerCounters(name, queued);
        controllers.put(name, counters);
        return counters;
    }

    /** Every controller's metrics, sorted by name. */
    public List<ControllerStats> snapshot() {
        return controllers.values().stream().map(ControllerCounters::snapshot)
                .sorted(Comparator.comparing(ControllerStats::name)).toList();
    }

    public Optional<ControllerStats> controller(String name) {
        return Optional.ofNullable(controllers.get(name)).map(ControllerCounters::snapshot);
    }
}
