package dev.anvil.machined.metrics;

import dev.anvil.cosi.resource.Resource;
import dev.anvil.cosi.state.inmem.InMemoryState;
import dev.anvil.machined.log.LogShipping;
import dev.anvil.machined.services.RestartPolicy;
import dev.anvil.machined.services.ServiceSpec;
import dev.anvil.machined.services.ServiceState;
import dev.anvil.machined.services.Supervisor;
import dev.anvil.machinery.resources.network.HostnameStatus;
import dev.anvil.sys.Cgroups;
import dev.anvil.sys.ProcessSpec;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** One scrape of a node's parts: a real service that restarts, a resource in the state, reconciles, the JVM. */
class NodeMetricsTest {

    @Test
    void render_coversServicesResourcesControllersAndTheJvm() {
        InMemoryState state = new InMemoryState();
        state.create(Resource.of(HostnameStatus.KIND.pointer("hostname"), new HostnameStatus("web-1", "")), "test");
        ControllerMetrics reconciles = new ControllerMetrics();
        reconciles.reconciled("network.HostnameSpecController", null, Duration.ofMillis(2).toNanos());
        reconciles.reconciled("network.HostnameSpecController", new IllegalStateException("x"), 1000);
        try (Supervisor supervisor = new Supervisor(Cgroups.detect(), "anvil-test-" + ProcessHandle.current().pid()
                + "-metrics"); LogShipping shipping = new LogShipping()) {
            supervisor.register(ServiceSpec.of("flaky", ProcessSpec.of("/bin/sh", "-c", "exit 1"))
                    .withRestart(new RestartPolicy(RestartPolicy.Mode.ALWAYS, Duration.ofMillis(50),
                            Duration.ofMillis(100), Duration.ofMinutes(1))));
            supervisor.start("flaky");
            await().atMost(10, TimeUnit.SECONDS).until(() -> supervisor.status("flaky").restarts() >= 2);
            supervisor.stopAll();
            NodeMetrics metrics = new NodeMetrics(new ApiCallMetrics(), reconciles, supervisor, state::counts,
                    shipping);
            String text = metrics.render();
            assertThat(value(text, "machined_service_restarts_total{service=\"flaky\"}")).isGreaterThanOrEqualTo(2);
            String current = supervisor.status("flaky").state().name();
            assertThat(value(text, "machined_service_state{service=\"flaky\",state=\"" + current + "\"}")).isOne();
            assertThat(text.lines().filter(l -> l.startsWith("machined_service_state{service=\"flaky\"")))
                    .hasSize(ServiceState.values().length);
            assertThat(value(text, "machined_resources{namespace=\"" + HostnameStatus.KIND.namespace() + "\",type=\""
                    + HostnameStatus.KIND.type() + "\"}")).isOne();
            assertThat(value(text, "machined_controller_reconciles_total{controller=\"network.HostnameSpecController\"}"))
                    .isEqualTo(2);
            assertThat(value(text, "machined_controller_reconcile_errors_total"
                    + "{controller=\"network.HostnameSpecController\"}")).isOne();
            assertThat(value(text, "machined_controller_reconcile_duration_seconds_bucket"
                    + "{controller=\"network.HostnameSpecController\",le=\"0.001\"}")).isOne();
            assertThat(value(text, "jvm_memory_used_bytes{area=\"heap\"}")).isPositive();
            assertThat(value(text, "process_resident_memory_bytes")).isPositive();
            assertThat(text).contains("# TYPE jvm_gc_collections_total counter\n",
                    "# TYPE machined_log_lines_dropped_total counter\n");
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    private static double value(String exposition, String sample) {
        return exposition.lines().filter(l -> l.startsWith(sample + " ")).findFirst()
                .map(l -> Double.parseDouble(l.substring(sample.length() + 1)))
                .orElseThrow(() -> new AssertionError("no sample " + sample + " in\n" + exposition));
    }
}
