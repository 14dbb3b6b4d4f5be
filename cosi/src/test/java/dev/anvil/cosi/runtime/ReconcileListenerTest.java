package dev.anvil.cosi.runtime;

import dev.anvil.cosi.state.inmem.InMemoryState;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Listeners hear of every reconcile's end: a failure with what was thrown, then the retry's success. */
class ReconcileListenerTest {
    private record Report(String controller, String failure) {
    }

    @Test
    void failuresAndSuccesses_areReported_inOrder() {
        AtomicInteger runs = new AtomicInteger();
        Controller flaky = controller("Flaky", () -> {
            if (runs.incrementAndGet() == 1) {
                throw new IllegalStateException("first run fails");
            }
        });
        List<Report> reports = new CopyOnWriteArrayList<>();
        try (ControllerRuntime runtime = new ControllerRuntime(new InMemoryState())) {
            runtime.onReconcile((controller, failure) -> reports.add(new Report(controller,
                    failure == null ? null : failure.getMessage())));
            runtime.register(flaky);
            runtime.start();
            await().atMost(Duration.ofSeconds(10)).until(() -> reports.size() >= 2);
            assertThat(reports.subList(0, 2)).containsExactly(new Report("Flaky", "first run fails"),
                    new Report("Flaky", null));
            assertThat(runtime.metrics().controller("Flaky").orElseThrow().crashes()).isOne();
        }
    }

    @Test
    void durations_areReported_withEachReconcile() {
        Controller slow = controller("Slow", () -> Thread.sleep(30));
        List<Long> durations = new CopyOnWriteArrayList<>();
        try (ControllerRuntime runtime = new ControllerRuntime(new InMemoryState())) {
            runtime.onReconcile(new ReconcileListener() {
                @Override
                public void reconciled(String controller, Throwable failure) {
                    throw new AssertionError("the runtime calls the form with the duration");
                }

                @Override
                public void reconciled(String controller, Throwable failure, long nanos) {
                    durations.add(nanos);
                }
            });
            runtime.register(slow);
            runtime.start();
            await().atMost(Duration.ofSeconds(10)).until(() -> !durations.isEmpty());
            assertThat(durations.getFirst()).isGreaterThanOrEqualTo(Duration.ofMillis(30).toNanos());
        }
    }

    private interface Body {
        void run() throws Exception;
    }

    /** A controller with no inputs or outputs that runs {@code body} on each reconcile. */
    private static Controller controller(String name, Body body) {
        return new Controller() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public List<Input> inputs() {
                return List.of();
            }

            @Override
            public List<Output> outputs() {
                return List.of();
            }

            @Override
            public void reconcile(ReconcileContext ctx) throws Exception {
                body.run();
            }
        };
    }
}
