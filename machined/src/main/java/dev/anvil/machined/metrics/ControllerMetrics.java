package dev.anvil.machined.metrics;

import dev.anvil.cosi.runtime.ReconcileListener;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The controllers' reconciles, failed ones and how long each took, as the controller runtime reports them
 * ({@code ControllerRuntime.onReconcile}): for a queue controller a reconcile is one job (or map, or hook run).
 * Called on the controllers' own threads; recording is lock-free.
 */
public final class ControllerMetrics implements ReconcileListener {
    private record Counters(LongAdder reconciles, LongAdder errors, Histogram durations) {
        Counters() {
            this(new LongAdder(), new LongAdder(), new Histogram(Histogram.DURATIONS));
        }
    }

    private final Map<String, Counters> controllers = new ConcurrentHashMap<>();

    @Override
    public void reconciled(String controller, Throwable failure) {
        reconciled(controller, failure, 0);
    }

    @Override
    public void reconciled(String controller, Throwable failure, long nanos) {
        Counters counters = controllers.computeIfAbsent(controller, c -> new Counters());
        counters.reconciles().increment();
        if (failure != null) {
            counters.errors().increment();
        }
        counters.durations().observeNanos(nanos);
    }

    public void write(TextFormat out) {
        var sorted = controllers.entrySet().stream().sorted(Map.Entry.comparingByKey()).toList();
        out.family("machined_controller_reconciles_total", "counter", "Reconciles run, by controller.");
        sorted.forEach(e -> out.sample("machined_controller_reconciles_total", e.getValue().reconciles().sum(),
                "controller", e.getKey()));
        out.family("machined_controller_reconcile_errors_total", "counter", "Reconciles that failed, by controller.");
        sorted.forEach(e -> out.sample("machined_controller_reconcile_errors_total", e.getValue().errors().sum(),
                "controller", e.getKey()));
        out.family("machined_controller_reconcile_duration_seconds", "histogram",
                "How long reconciles took, by controller.");
        sorted.forEach(e -> e.getValue().durations().write(out, "machined_controller_reconcile_duration_seconds",
                "controller", e.getKey()));
    }
}
