package dev.anvil.machined.config;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Which failures a watch takes for the config's doing: one that persists through the controller's retry, not one
 * the retry clears. Reports come as the controller runtime sends them, on another thread.
 */
class ControllerHealthTest {
    private static final Duration QUIET = Duration.ofMillis(50);
    private static final Duration LIMIT = Duration.ofSeconds(5);

    private final ControllerHealth health = new ControllerHealth();

    private void later(long millis, Runnable report) {
        Thread.ofVirtual().start(() -> {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                return;
            }
            report.run();
        });
    }

    @Test
    void aFailureTheRetryClears_isNoFailure() throws Exception {
        List<String> told = new CopyOnWriteArrayList<>();
        try (ControllerHealth.Watch watch = health.watch(told::add)) {
            health.reconciled("network.RouteSpecController", new IllegalStateException("Network is unreachable"));
            later(200, () -> health.reconciled("network.RouteSpecController", null));

            assertThat(watch.settle(QUIET, LIMIT)).isEmpty();
            assertThat(told).isEmpty();
            assertThat(watch.failedController()).isNull();
        }
    }

    @Test
    void aFailureThatPersistsThroughTheRetry_isTheConfigs() throws Exception {
        List<String> told = new CopyOnWriteArrayList<>();
        try (ControllerHealth.Watch watch = health.watch(told::add)) {
            health.reconciled("runtime.KernelParamSpecController", new IllegalStateException("no parameter x"));
            later(200, () -> health.reconciled("runtime.KernelParamSpecController",
                    new IllegalStateException("no parameter x")));

            assertThat(watch.settle(QUIET, LIMIT)).contains("runtime.KernelParamSpecController: no parameter x");
            // told on the failing controller's thread, just after the watch saw it
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(told)
                    .containsExactly("runtime.KernelParamSpecController: no parameter x"));
            assertThat(watch.failedController()).isEqualTo("runtime.KernelParamSpecController");
        }
    }

    @Test
    void aFailureNotRetriedByTheLimit_persisted() throws Exception {
        try (ControllerHealth.Watch watch = health.watch(null)) {
            health.reconciled("a", new IllegalStateException("broken"));

            long start = System.nanoTime();
            assertThat(watch.settle(QUIET, Duration.ofMillis(300))).contains("a: broken");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
        }
    }

    @Test
    void theSameFailureAsBeforeTheWatch_isNotTheNewConfigs() throws Exception {
        health.reconciled("a", new IllegalStateException("old"));
        try (ControllerHealth.Watch watch = health.watch(null)) {
            health.reconciled("a", new IllegalStateException("old"));
            health.reconciled("a", new IllegalStateException("old"));

            assertThat(watch.settle(QUIET, LIMIT)).isEmpty();
        }
    }
}
