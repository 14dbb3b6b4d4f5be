package dev.anvil.cosi.runtime.conformance;

import dev.anvil.cosi.resource.Pointer;
import dev.anvil.cosi.resource.Resource;
import dev.anvil.cosi.runtime.AccessDeniedException;
import dev.anvil.cosi.runtime.Input;
import dev.anvil.cosi.runtime.Output;
import dev.anvil.cosi.state.ConflictException;
import dev.anvil.cosi.state.UpdateOptions;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import static dev.anvil.cosi.runtime.conformance.TestResources.INT;
import static dev.anvil.cosi.runtime.conformance.TestResources.IntSpec;
import static dev.anvil.cosi.runtime.conformance.TestResources.STR;
import static dev.anvil.cosi.runtime.conformance.TestResources.intPointer;
import static dev.anvil.cosi.runtime.conformance.TestResources.ints;
import static dev.anvil.cosi.runtime.conformance.TestResources.newInt;
import static dev.anvil.cosi.runtime.conformance.TestResources.newSentence;
import static dev.anvil.cosi.runtime.conformance.TestResources.newStr;
import static dev.anvil.cosi.runtime.conformance.TestResources.strPointer;
import static dev.anvil.cosi.runtime.conformance.TestResources.strs;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the runtime enforces from inside a reconcile (cosi.md 3.2): writes only to declared output types, reads only
 * of inputs and outputs, finalizer changes only on strong inputs, and every write owned by the controller. Runs over
 * any State backend, like {@link RuntimeSuite}.
 */
public abstract class RuntimeContractSuite extends RuntimeSuiteSupport {

    private ProbeController probe(List<Input> inputs, List<Output> outputs, ProbeController.Body body) {
        ProbeController probe = new ProbeController("Probe", inputs, outputs, body);
        runtime.register(probe);
        startRuntime();
        return probe;
    }

    @Test
    void write_toUndeclaredOutputType_isDeniedBeforeTheStateIsTouched() throws InterruptedException {
        ProbeController probe = probe(List.of(), List.of(Output.exclusive(STR)),
                ctx -> ctx.create(newSentence("access", "s", "nope")));
        assertThat(probe.nextOutcome().failure()).isInstanceOf(AccessDeniedException.class)
                .hasMessageContaining("test.Sentence(access/s)").hasMessageContaining("not a declared output");
        assertThat(state.list(TestResources.sentences("access"))).isEmpty();
    }

    @Test
    void write_toDeclaredOutputType_isAllowedInAnyNamespace_andOwnedByTheController() throws InterruptedException {
        ProbeController probe = probe(List.of(), List.of(Output.exclusive(STR)), ctx -> {
            ctx.create(newStr("access", "a", "x"));
            ctx.create(newStr("target", "b", "y"));
        });
        assertThat(probe.nextOutcome().failure()).isNull();
        assertThat(state.get(strPointer("access", "a")).metadata().owner()).isEqualTo("Probe");
        assertThat(state.get(strPointer("target", "b")).metadata().owner()).isEqualTo("Probe");
    }

    @Test
    void update_ofAResourceOwnedBySomeoneElse_isAnOwnerConflict() throws InterruptedException {
        state.create(newStr("access", "theirs", "v"), "someone-else");
        ProbeController probe = probe(List.of(), List.of(Output.shared(STR)), ctx -> ctx.modify(
                newStr("access", "theirs", ""), r -> r.withSpec(new TestResources.StrSpec("mine"))));
        assertThat(probe.nextOutcome().failure()).isInstanceOfSatisfying(ConflictException.class,
                e -> assertThat(e.reason()).isEqualTo(ConflictException.Reason.OWNER));
    }

    @Test
    void read_ofNeitherInputNorOutput_isDenied() throws InterruptedException {
        state.create(newInt("access", "one", 1));
        ProbeController probe = probe(List.of(), List.of(Output.exclusive(STR)),
                ctx -> ctx.get(intPointer("access", "one")));
        assertThat(probe.nextOutcome().failure()).isInstanceOf(AccessDeniedException.class);
    }

    @Test
    void read_throughAnIdSpecificInput_allowsGetButNotList() throws InterruptedException {
        state.create(newInt("access", "one", 1));
        state.create(newInt("access", "two", 2));
        ProbeController probe = probe(List.of(Input.weak("access", INT).withId("one")), List.of(), ctx -> {
            assertThat(ctx.get(intPointer("access", "one"))).isNotNull();
            ctx.list(ints("access"));
        });
        assertThat(probe.nextOutcome().failure()).isInstanceOf(AccessDeniedException.class)
                .hasMessageContaining("may not list");
    }

    @Test
    void finalizers_onAWeakInput_areDenied_onAStrongInput_allowed() throws InterruptedException {
        state.create(newInt("access", "weak", 1));
        state.create(newStr("access", "strong", "s"));
        ProbeController probe = probe(List.of(Input.weak("access", INT), Input.strong("access", STR)), List.of(),
                ctx -> {
                    ctx.addFinalizer(strPointer("access", "strong"), "Probe");
                    ctx.addFinalizer(intPointer("access", "weak"), "Probe");
                });
        assertThat(probe.nextOutcome().failure()).isInstanceOf(AccessDeniedException.class)
                .hasMessageContaining("strong, q-primary or q-mapped");
        assertThat(state.get(strPointer("access", "strong")).metadata().finalizers()).containsExactly("Probe");
        assertThat(state.get(intPointer("access", "weak")).metadata().finalizers()).isEmpty();
    }

    @Test
    void destroyReadyInput_wakesOnlyForResourcesTearingDownWithoutFinalizers() throws InterruptedException {
        state.create(newStr("access", "s", "v"));
        ProbeController probe = probe(List.of(Input.destroyReady("access", STR)), List.of(), ctx -> { });
        probe.nextOutcome();
        Pointer s = strPointer("access", "s");
        state.addFinalizer(s, "held");
        state.teardown(s);
        state.update(state.get(s, TestResources.StrSpec.class).withSpec(new TestResources.StrSpec("changed")),
                UpdateOptions.DEFAULT.anyPhase());
        Thread.sleep(300);
        assertThat(probe.reconciles()).as("no wakeup while a finalizer holds it").isEqualTo(1);

        state.removeFinalizer(s, "held");
        probe.nextOutcome();
        assertThat(probe.reconciles()).isEqualTo(2);
    }

    @Test
    void burstOfChanges_coalescesIntoFewReconciles_andTheLastOneSeesTheFinalState() throws InterruptedException {
        state.create(newInt("source", "n", 0));
        ProbeController probe = probe(List.of(Input.weak("source", INT)), List.of(Output.exclusive(STR)), ctx -> {
            Thread.sleep(50);
            Resource<IntSpec> n = ctx.get(intPointer("source", "n"), IntSpec.class);
            ctx.modify(newStr("target", "copy", ""),
                    r -> r.withSpec(new TestResources.StrSpec(Integer.toString(n.spec().value()))));
        });
        // fewer changes than the state's history holds: a faster writer would overrun the runtime's watch
        for (int i = 1; i <= 50; i++) {
            state.update(state.get(intPointer("source", "n"), IntSpec.class).withSpec(new IntSpec(i)));
        }
        awaitContents(strs("target"), "copy", "50");
        assertThat(probe.reconciles()).as("50 changes, coalesced").isLessThan(10);
    }

    @Test
    void registration_afterStart_startsTheControllerAtOnce() throws InterruptedException {
        startRuntime();
        ProbeController late = new ProbeController("Late", List.of(), List.of(), ctx -> { });
        runtime.register(late);
        assertThat(late.nextOutcome().failure()).isNull();
    }

    @Test
    void shutdown_interruptsAReconcileInProgress_andLeavesNoThreadBehind() throws InterruptedException {
        ProbeController sleeper = probe(List.of(), List.of(), ctx -> Thread.sleep(60_000));
        runtime.register(new QIntToStrController("q-int", "q-str"));
        runtime.register(new StrToSentenceController("strings", "sentences"));
        state.create(newInt("q-int", "one", 1));
        awaitContents(strs("q-str"), "one", "1");
        awaitUpTo().until(() -> sleeper.reconciles() == 1);

        runtime.close();
        assertNoRuntimeThreadAlive();
        assertThat(sleeper.nextOutcome().failure()).isInstanceOf(InterruptedException.class);
        assertThat(stats("Probe").crashes()).as("an interrupted reconcile is not a crash").isZero();
    }

    @Test
    void finalizers_onAQueueMappedDestroyReadyInput_areDenied() throws InterruptedException {
        state.create(newInt("access", "one", 1));
        state.create(newStr("access", "one", "s"));
        QProbeController probe = new QProbeController(
                List.of(Input.qPrimary("access", INT), Input.qMappedDestroyReady("access", STR)), List.of(),
                (ctx, primary) -> ctx.addFinalizer(strPointer("access", primary.id()), "QProbe"),
                changed -> List.of(intPointer("access", changed.pointer().id())));
        runtime.register(probe);
        startRuntime();
        assertThat(probe.nextOutcome().failure()).isInstanceOf(AccessDeniedException.class);
    }

    @Test
    void mapInput_toAPointerOutsideThePrimaryInputs_failsTheMapJob() throws InterruptedException {
        QProbeController probe = new QProbeController(
                List.of(Input.qPrimary("access", INT), Input.qMapped("access", STR)), List.of(),
                (ctx, primary) -> { },
                changed -> List.of(strPointer("access", changed.pointer().id())));
        runtime.register(probe);
        startRuntime();
        state.create(newStr("access", "s", "v"));
        awaitUpTo().until(() -> stats("QProbe").crashes() >= 1);
        assertThat(stats("QProbe").mappedIn()).isGreaterThanOrEqualTo(1);
        assertThat(stats("QProbe").mappedOut()).isZero();
        assertThat(probe.noOutcome()).as("nothing reconciled").isTrue();
    }

    @Test
    void started_handsOverAWayToQueueReconcilesFromAnyThread_andStoppedIsCalledAtClose() throws Exception {
        ProbeController probe = new ProbeController("Probe", List.of(), List.of(), ctx -> { });
        runtime.register(probe);
        assertThat(probe.queueReconcile()).as("not before start").isNull();
        startRuntime();
        probe.nextOutcome();
        Thread.ofVirtual().start(probe.queueReconcile()).join();
        probe.nextOutcome();
        assertThat(probe.reconciles()).isEqualTo(2);
        assertThat(probe.stoppedCalled()).isFalse();

        runtime.close();
        assertThat(probe.stoppedCalled()).isTrue();
    }

    @Test
    void requeueAfter_inAFullController_reconcilesAgainLater_withoutAnyChange() throws InterruptedException {
        AtomicBoolean asked = new AtomicBoolean();
        ProbeController probe = probe(List.of(), List.of(Output.exclusive(STR)), ctx -> {
            ctx.create(newStr("target", "r" + System.nanoTime(), "v"));
            if (asked.compareAndSet(false, true)) {
                ctx.requeueAfter(Duration.ofMillis(100));
            }
        });
        assertThat(probe.nextOutcome().failure()).isNull();
        assertThat(probe.nextOutcome().failure()).isNull();
        Thread.sleep(300);
        assertThat(probe.reconciles()).as("asked once").isEqualTo(2);
        assertThat(state.list(strs("target"))).as("the first reconcile's write stayed").hasSize(2);
    }

    @Test
    void requeueAfter_inAQueueController_keepsTheWrites_andQueuesTheItemAgain() throws InterruptedException {
        state.create(newInt("access", "one", 1));
        AtomicBoolean asked = new AtomicBoolean();
        QProbeController probe = new QProbeController(List.of(Input.qPrimary("access", INT)),
                List.of(Output.exclusive(STR)), (ctx, primary) -> {
                    ctx.modify(newStr("target", primary.id(), ""),
                            r -> r.withSpec(new TestResources.StrSpec(r.spec().value() + "+")));
                    if (asked.compareAndSet(false, true)) {
                        ctx.requeueAfter(Duration.ofMillis(100));
                    }
                }, changed -> List.of());
        runtime.register(probe);
        startRuntime();
        assertThat(probe.nextOutcome().failure()).isNull();
        assertThat(probe.nextOutcome().failure()).isNull();
        awaitContents(strs("target"), "one", "++");
        assertThat(stats("QProbe").requeues()).isEqualTo(1);
        assertThat(stats("QProbe").crashes()).isZero();
    }

    @Test
    void changeRateLimit_spacesAControllersChanges_afterTheBurst() throws InterruptedException {
        useRuntime(runtimeOptions().withChangeRateLimit(20, 2));
        ProbeController probe = probe(List.of(), List.of(Output.exclusive(STR)), ctx -> {
            for (int i = 1; i <= 6; i++) {
                ctx.create(newStr("target", "r" + i, "v"));
            }
        });
        assertThat(probe.nextOutcome().failure()).isNull();
        // two go at once, the other four wait 50 ms each: the state stamps the last at least 200 ms after the first
        Instant first = state.get(strPointer("target", "r1")).metadata().created();
        Instant last = state.get(strPointer("target", "r6")).metadata().created();
        assertThat(Duration.between(first, last)).isGreaterThanOrEqualTo(Duration.ofMillis(190));
    }

    @Test
    void queueReconcile_fromInsideAReconcile_runsOneMoreWithoutAnyChange() throws InterruptedException {
        AtomicBoolean queued = new AtomicBoolean();
        ProbeController probe = probe(List.of(), List.of(), ctx -> {
            if (queued.compareAndSet(false, true)) {
                ctx.queueReconcile();
            }
        });
        probe.nextOutcome();
        probe.nextOutcome();
        assertThat(probe.reconciles()).isEqualTo(2);
    }
}
