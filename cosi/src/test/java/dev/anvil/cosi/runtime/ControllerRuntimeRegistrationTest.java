package dev.anvil.cosi.runtime;

import dev.anvil.cosi.resource.Pointer;
import dev.anvil.cosi.state.inmem.InMemoryState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;
import static org.awaitility.Awaitility.await;

/** Registration rules: unique names, no mixing of controller families, output rules, start once. */
class ControllerRuntimeRegistrationTest {
    private final ControllerRuntime runtime = new ControllerRuntime(new InMemoryState());

    private record Plain(String name, List<Input> inputs, List<Output> outputs) implements Controller {
        @Override
        public void reconcile(ReconcileContext ctx) {
            // registration only
        }
    }

    private record Queued(String name, List<Input> inputs) implements QController {
        @Override
        public QSettings settings() {
            return QSettings.of(inputs, List.of());
        }

        @Override
        public void reconcile(QContext ctx, Pointer primary) {
            // registration only
        }

        @Override
        public List<Pointer> mapInput(QContext ctx, ReducedMetadata changed) {
            return List.of();
        }
    }

    @AfterEach
    void close() {
        runtime.close();
    }

    @Test
    void duplicateName_isRefused() {
        runtime.register(new Plain("A", List.of(), List.of()));
        assertThatThrownBy(() -> runtime.register(new Plain("A", List.of(), List.of())))
                .hasMessage("controller \"A\" is already registered");
    }

    @Test
    void controllerWithQueueInputs_isRefused() {
        assertThatThrownBy(() -> runtime.register(new Plain("A", List.of(Input.qPrimary("ns", "T")), List.of())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a queue controller");
    }

    @Test
    void queueControllerWithPlainInputs_isRefused() {
        assertThatThrownBy(() -> runtime.register(new Queued("Q", List.of(Input.weak("ns", "T")))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cannot declare");
    }

    @Test
    void exclusiveOutputOfAnotherController_isRefusedWithAClearError() {
        runtime.register(new Plain("ControllerBook", List.of(), List.of(Output.exclusive("Book"))));
        assertThatThrownBy(() -> runtime.register(new Plain("Other", List.of(), List.of(Output.shared("Book")))))
                .hasMessage("resource \"Book\" is already managed in exclusive mode by \"ControllerBook\"");
    }

    @Test
    void start_twice_isRefused() {
        runtime.start();
        assertThatThrownBy(runtime::start).hasMessage("runtime has already been started");
    }

    @Test
    void registration_queuesTheInitialReconcileBeforeStart() {
        runtime.register(new Plain("A", List.of(), List.of()));
        assertThat(runtime.metrics().controller("A").orElseThrow().wakeups()).isEqualTo(1);
    }

    @Test
    void queueReconcile_fromOutside_wakesAPlainControllerOnly() {
        runtime.register(new Plain("A", List.of(), List.of()));
        runtime.register(new Queued("Q", List.of()));
        runtime.start();
        await().until(() -> runtime.metrics().controller("A").orElseThrow().wakeups() == 1
                && !runtime.metrics().controller("A").orElseThrow().busy().isZero());
        runtime.queueReconcile("A");
        await().until(() -> runtime.metrics().controller("A").orElseThrow().wakeups() == 2);
        assertThatThrownBy(() -> runtime.queueReconcile("Q")).hasMessageContaining("no full-reconcile controller");
        assertThatThrownBy(() -> runtime.queueReconcile("B")).hasMessageContaining("\"B\"");
    }

    @Test
    void dependencyGraph_showsRegisteredControllers() {
        runtime.register(new Plain("A", List.of(Input.strong("ns", "In")), List.of(Output.exclusive("Out"))));
        runtime.register(new Queued("Q", List.of(Input.qPrimary("ns", "Out"))));
        assertThat(runtime.dependencyGraph().toText()).isEqualTo("""
                A -> Out [OUTPUT_EXCLUSIVE]
                In(ns) -> A [INPUT_STRONG]
                Out(ns) -> Q [INPUT_Q_PRIMARY]
                """);
    }

    @Test
    void metricsSnapshot_listsControllersByName_withQueueDepthForQueueControllers() {
        runtime.register(new Queued("Q", List.of()));
        runtime.register(new Plain("A", List.of(), List.of()));
        assertThat(runtime.metrics().snapshot()).extracting(ControllerStats::name, ControllerStats::queued)
                .containsExactly(tuple("A", false),
                        tuple("Q", true));
    }

    @Test
    void refusedRegistration_leavesNoTrace() {
        assertThatThrownBy(() -> runtime.register(new Plain("A",
                List.of(Input.weak("ns", "In"), Input.strong("ns", "In")), List.of(Output.exclusive("Out")))))
                .hasMessageContaining("duplicate input");
        runtime.register(new Plain("A", List.of(), List.of(Output.exclusive("Out"))));
        assertThat(runtime.dependencyGraph().edges()).hasSize(1);
    }
}
