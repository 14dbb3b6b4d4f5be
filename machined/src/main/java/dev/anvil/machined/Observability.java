package dev.anvil.machined;

import dev.anvil.cosi.runtime.Controller;
import dev.anvil.cosi.runtime.ControllerRuntime;
import dev.anvil.cosi.state.inmem.InMemoryState;
import dev.anvil.machined.controllers.runtime.LogDestinationController;
import dev.anvil.machined.controllers.runtime.MetricsController;
import dev.anvil.machined.log.Log;
import dev.anvil.machined.log.LogEntry;
import dev.anvil.machined.log.LogShipping;
import dev.anvil.machined.metrics.ApiCallMetrics;
import dev.anvil.machined.metrics.ControllerMetrics;
import dev.anvil.machined.metrics.MetricsEndpoint;
import dev.anvil.machined.metrics.NodeMetrics;
import dev.anvil.machined.services.Supervisor;

import java.util.List;

/**
 * What an operator watches a node by, wired once: the metrics (counted from the start, served only while the
 * config has a MetricsConfig document) and log shipping (machined's lines and the services', to the config's
 * {@code machine.logging.destinations}). Both follow the config through their controllers.
 */
record Observability(ApiCallMetrics apiCalls, MetricsEndpoint endpoint, LogShipping shipping,
        List<Controller> controllers) implements AutoCloseable {

    static Observability wire(InMemoryState state, ControllerRuntime runtime, Supervisor supervisor) {
        ApiCallMetrics apiCalls = new ApiCallMetrics();
        ControllerMetrics reconciles = new ControllerMetrics();
        runtime.onReconcile(reconciles);
        LogShipping shipping = new LogShipping();
        Log.shipTo(shipping);
        supervisor.onLogLine((service, line) -> {
            if (shipping.active()) {
                shipping.ship(LogEntry.service(service, line));
            }
        });
        NodeMetrics metrics = new NodeMetrics(apiCalls, reconciles, supervisor, state::counts, shipping);
        MetricsEndpoint endpoint = new MetricsEndpoint(metrics::render);
        return new Observability(apiCalls, endpoint, shipping, List.of(new MetricsController(endpoint),
                new LogDestinationController(shipping)));
    }

    @Override
    public void close() {
        endpoint.close();
        shipping.close();
    }
}
