package dev.anvil.cosi.runtime.conformance;

import dev.anvil.cosi.resource.Kind;
import dev.anvil.cosi.resource.LabelQuery;
import dev.anvil.cosi.resource.LabelTerm;
import dev.anvil.cosi.resource.Pointer;
import dev.anvil.cosi.resource.Resource;
import dev.anvil.cosi.runtime.ControllerStats;
import dev.anvil.cosi.runtime.Input;
import dev.anvil.cosi.runtime.RuntimeOptions;
import dev.anvil.cosi.state.NotFoundException;
import dev.anvil.cosi.state.State;
import dev.anvil.cosi.state.WatchCondition;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static dev.anvil.cosi.runtime.conformance.TestResources.IntSpec;
import static dev.anvil.cosi.runtime.conformance.TestResources.StrSpec;
import static dev.anvil.cosi.runtime.conformance.TestResources.intPointer;
import static dev.anvil.cosi.runtime.conformance.TestResources.ints;
import static dev.anvil.cosi.runtime.conformance.TestResources.newInt;
import static dev.anvil.cosi.runtime.conformance.TestResources.newStr;
import static dev.anvil.cosi.runtime.conformance.TestResources.sentences;
import static dev.anvil.cosi.runtime.conformance.TestResources.strPointer;
import static dev.anvil.cosi.runtime.conformance.TestResources.strs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The controller runtime conformance suite (cosi.md 6.3, checks 82-96, and 6.4 checks 97 and 98), for any State
 * backend: extend it and provide {@link #newState()}; override {@link #runtimeOptions()} to run it with the Go
 * harness's other option sets too: rate-limited changes (InMemoryRateLimitedRuntimeTest) and cached reads
 * (InMemoryCachedRuntimeTest). Where the other checks of 6.4 live: #100 in DependencyDatabaseTest, #101 and #102
 * in KeyedDelayQueueTest, #103 in KindCacheTest (and here as a controller sees it), #104 in {@link TransformSuite},
 * {@link QTransformSuite} and CleanupSuite; the access and lifecycle rules of cosi.md 3.2-3.4 in
 * {@link RuntimeContractSuite}.
 *
 * <p>The gRPC run of every check is machined's RemoteRuntimeTest (the state across the wire, also rate-limited), which
 * also holds 6.4 check 99: that server restarted under a running runtime. The part of check 98 that runs the State
 * suite over uncached kinds is CachedStateConformanceTest.
 */
public abstract class RuntimeSuite extends RuntimeSuiteSupport {

    /**
     * A fresh state whose per-kind event history holds {@code capacity} events with {@code gap}, for the overrun
     * check; a backend without such a history skips it by leaving this as it is.
     */
    protected State newStateWithHistory(int capacity, int gap) {
        Assumptions.abort("this backend has no configurable event history");
        return null;
    }

    @Test
    void noControllers_runStartsAndStopsCleanly() throws Exception {
        FutureTask<Void> run = new FutureTask<>(() -> {
            runtime.run();
            return null;
        });
        Thread.ofPlatform().start(run);
        Thread.sleep(100);
        assertThat(run.isDone()).as("run() blocks while the runtime runs").isFalse();
        runtime.close();
        run.get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Test
    void intToStr_createsAndUpdatesStrs() {
        runtime.register(new IntToStrController("default", "default"));
        state.create(newInt("default", "one", 1));
        startRuntime();
        state.create(newInt("default", "two", 2));
        awaitContents(strs("default"), "one", "1", "two", "2");

        state.create(newInt("default", "three", 3));
        awaitContents(strs("default"), "one", "1", "three", "3", "two", "2");

        Resource<IntSpec> three = state.get(intPointer("default", "three"), IntSpec.class);
        state.update(three.withSpec(new IntSpec(33)));
        awaitContents(strs("default"), "one", "1", "three", "33", "two", "2");
    }

    @Test
    void intToStr_teardownReleasesFinalizer() throws Exception {
        runtime.register(new IntToStrController("default", "default"));
        startRuntime();
        for (String id : new String[] {"one", "two", "three"}) {
            state.create(newInt("default", id, id.length()));
        }
        awaitContents(strs("default"), "one", "3", "three", "5", "two", "3");
        Pointer three = intPointer("default", "three");

        assertThat(state.teardown(three)).as("ready while the controller's finalizer is on").isFalse();
        state.watchFor(three, PATIENCE, WatchCondition.finalizersEmpty());
        awaitContents(strs("default"), "one", "3", "two", "3");
        state.destroy(three);
    }

    @Test
    void intToStrToSentence_cascadesValuesAndTeardown() throws Exception {
        runtime.register(new IntToStrController("ints", "strings"));
        runtime.register(new StrToSentenceController("strings", "sentences"));
        state.create(newInt("ints", "one", 1));
        state.create(newInt("ints", "two", 2));
        startRuntime();
        awaitContents(sentences("sentences"), "one", "1 sentence", "two", "2 sentence");
        assertThat(state.list(sentences("sentences")))
                .allSatisfy(s -> assertThat(s.metadata().labels()).containsKey("combined"));

        state.create(newInt("ints", "three", 3));
        awaitContents(sentences("sentences"), "one", "1 sentence", "three", "3 sentence", "two", "2 sentence");

        Pointer one = intPointer("ints", "one");
        state.update(state.get(one, IntSpec.class).withSpec(new IntSpec(11)));
        awaitContents(sentences("sentences"), "one", "11 sentence", "three", "3 sentence", "two", "2 sentence");

        // the sentence controller releases the Str, which wakes IntToStr through its DestroyReady input
        assertThat(state.teardown(one)).isFalse();
        state.watchFor(one, PATIENCE, WatchCondition.finalizersEmpty());
        awaitContents(sentences("sentences"), "three", "3 sentence", "two", "2 sentence");
        awaitContents(strs("strings"), "three", "3", "two", "2");
    }

    @Test
    void sum_startsAtZeroAndFollowsWeakInputs() {
        runtime.register(new SumController("SumController", "source", "target", "sum"));
        startRuntime();
        awaitContents(ints("target"), "sum", "0");

        state.create(newInt("source", "one", 1));
        state.create(newInt("source", "two", 2));
        awaitContents(ints("target"), "sum", "3");

        state.destroy(intPointer("source", "one"));
        awaitContents(ints("target"), "sum", "2");
    }

    @Test
    void sum_onlyCountsInputsMatchingItsLabelQuery() {
        LabelQuery query = LabelQuery.of(LabelTerm.exists("summable"), LabelTerm.equal("app", "app1"));
        runtime.register(new SumController("SumController", "source", "target", "sum", query));
        startRuntime();
        state.create(labelled(newInt("source", "one", 1), "summable", ""));
        state.create(labelled(labelled(newInt("source", "two", 2), "summable", ""), "app", "app1"));
        awaitContents(ints("target"), "sum", "2");

        state.create(labelled(labelled(newInt("source", "three", 3), "summable", "yep"), "app", "app1"));
        awaitContents(ints("target"), "sum", "5");

        state.destroy(intPointer("source", "two"));
        awaitContents(ints("target"), "sum", "3");
    }

    @Test
    void cascadingSums_registeredAfterStart_shareTheirOutputType() {
        startRuntime();
        runtime.register(new SumController("Sum1", "source1", "source", "sum1"));
        runtime.register(new SumController("Sum2", "source2", "source", "sum2"));
        runtime.register(new SumController("Sum", "source", "target", "sum"));

        state.create(newInt("source1", "one", 1));
        state.create(newInt("source1", "two", 2));
        state.create(newInt("source2", "three", 3));
        state.create(newInt("source2", "four", 4));
        awaitContents(ints("target"), "sum", "10");
    }

    @Test
    void failingController_isRestartedWithBackoffAndReconcilesAgain() {
        runtime.register(new FailingController("target", false));
        startRuntime();
        assertRestartedAfterBackoff();
    }

    @Test
    void panickingController_isRestartedWithBackoffAndReconcilesAgain() {
        runtime.register(new FailingController("target", true));
        startRuntime();
        assertRestartedAfterBackoff();
    }

    @Test
    void intDoubler_cleanupOutputsRemovesOutputsOfDestroyedInputs() {
        runtime.register(new IntDoublerController("source", "target"));
        state.create(newInt("source", "one", 1));
        state.create(newInt("source", "two", 2));
        startRuntime();
        awaitContents(ints("target"), "one", "2", "two", "4");

        state.create(newInt("source", "three", 3));
        awaitContents(ints("target"), "one", "2", "three", "6", "two", "4");

        state.destroy(intPointer("source", "three"));
        awaitContents(ints("target"), "one", "2", "two", "4");
    }

    @Test
    void modifyWithResult_returnsTheStoredResource() {
        runtime.register(new ModifyWithResultController("source", "target"));
        state.create(newStr("source", "id", "val-1"));
        startRuntime();
        awaitContents(strs("target"), "id-out", "val-1-modified", "id-out-modify-result", "val-1-valid");

        state.update(state.get(strPointer("source", "id"), StrSpec.class).withSpec(new StrSpec("val-2")));
        awaitContents(strs("target"), "id-out", "val-2-modified", "id-out-modify-result", "val-2-valid");
    }

    @Test
    void metrics_countWakeupsReadsWritesAndCrashes() {
        String name = "MetricsController-" + System.nanoTime();
        assertThat(runtime.metrics().controller(name)).isEmpty();
        runtime.register(new MetricsController(name, "metrics"));
        assertThat(stats(name).wakeups()).as("the initial reconcile is queued at registration").isEqualTo(1);

        state.create(newInt("metrics", "one", 1));
        startRuntime();
        // reads: the list (unless served by the cache) and the get inside modify
        int listReads = readsAreCached() ? 0 : 1;
        awaitUpTo().untilAsserted(() -> {
            assertThat(state.list(strs("metrics"))).hasSize(1);
            ControllerStats s = stats(name);
            assertThat(s.reads()).isEqualTo(1 + listReads);
            assertThat(s.writes()).as("the create inside modify and a failed destroy").isEqualTo(2);
        });

        state.update(state.get(intPointer("metrics", "one"), IntSpec.class).withSpec(new IntSpec(42)));
        // checked before the restart after the crash's backoff (at least 250 ms) reconciles again
        awaitUpTo().untilAsserted(() -> {
            ControllerStats s = stats(name);
            assertThat(s.wakeups()).isEqualTo(2);
            assertThat(s.reads()).isEqualTo(1 + 2 * listReads);
            assertThat(s.crashes()).isEqualTo(1);
            assertThat(s.busy()).isPositive();
        });
    }

    @Test
    void qIntToStr_reconcilesPrimariesMapsTeardownsAndRunsHooks() throws Exception {
        QIntToStrController controller = new QIntToStrController("q-int", "q-str");
        runtime.register(controller);
        state.create(newInt("q-int", "id1", 1));
        state.create(newInt("q-int", "id2", 2));
        startRuntime();
        awaitContents(strs("q-str"), "id1", "1", "id2", "2");

        state.create(newInt("q-int", "id3", 3));
        state.update(state.get(intPointer("q-int", "id2"), IntSpec.class).withSpec(new IntSpec(22)));
        awaitContents(strs("q-str"), "id1", "1", "id2", "22", "id3", "3");

        Pointer id1 = intPointer("q-int", "id1");
        assertThat(state.teardown(id1)).isFalse();
        state.watchFor(id1, PATIENCE, WatchCondition.finalizersEmpty());
        state.destroy(id1);
        awaitContents(strs("q-str"), "id2", "22", "id3", "3");

        // a foreign finalizer on the Str holds the Str, so the controller holds the Int
        Pointer id2 = intPointer("q-int", "id2");
        state.addFinalizer(strPointer("q-str", "id2"), "foreign");
        assertThat(state.teardown(id2)).isFalse();
        assertThatThrownBy(() -> state.watchFor(id2, Duration.ofSeconds(1), WatchCondition.finalizersEmpty()))
                .isInstanceOf(TimeoutException.class);
        // once released, the Str is destroy-ready, mapped back to the Int, destroyed, and the Int released
        state.removeFinalizer(strPointer("q-str", "id2"), "foreign");
        state.watchFor(id2, PATIENCE, WatchCondition.finalizersEmpty());
        state.destroy(id2);
        awaitContents(strs("q-str"), "id3", "3");

        // the hook failed once, was restarted, and now writes a heartbeat (outputs go to any namespace)
        awaitUpTo().ignoreException(NotFoundException.class).untilAsserted(() -> {
            Resource<?> beat = state.get(strPointer("hooks", "lastInvokation"));
            Instant at = Instant.parse(TestResources.valueOf(beat));
            assertThat(at).isAfter(Instant.now().minus(QIntToStrController.HEARTBEAT.multipliedBy(2)));
        });
        assertThat(stats("QIntToStrController").crashes()).as("the hook's first run").isGreaterThanOrEqualTo(1);

        runtime.close();
        assertThat(controller.shutdownCalled()).isTrue();
    }

    @Test
    void qFailing_failuresBackOff_skipsWaitForAChange_andAFreshChangeOverridesTheBackoff() {
        runtime.register(new QFailingController("source", "target"));
        state.create(newStr("source", "id1", "fail"));
        state.create(newStr("source", "id2", "panic"));
        startRuntime();
        state.create(newStr("source", "id3", "requeue_no_error"));
        state.create(newStr("source", "id4", "requeue_with_error"));
        state.create(newStr("source", "id5", "ok"));
        state.create(newStr("source", "id6", "skip"));
        awaitContents(strs("target"), "id5", "ok");
        awaitUpTo().untilAsserted(() -> {
            ControllerStats s = stats("QFailingController");
            assertThat(s.requeues()).as("requeues without error").isGreaterThanOrEqualTo(1);
            assertThat(s.crashes()).as("fail, panic and requeue with error").isGreaterThanOrEqualTo(3);
            // the skipped item may be queued twice at start (its create event and the runtime's first listing)
            assertThat(s.skips()).as("skip").isBetween(1L, 2L);
        });
        long skips = stats("QFailingController").skips();

        for (String id : new String[] {"id2", "id3", "id4"}) {
            state.update(state.get(strPointer("source", id), StrSpec.class).withSpec(new StrSpec("no fail")));
        }
        awaitContents(strs("target"), "id2", "no fail", "id3", "no fail", "id4", "no fail", "id5", "ok");
        assertThat(contents(strs("target"))).doesNotContainKeys("id1", "id6");
        assertThat(stats("QFailingController").skips()).as("a skip waits for the next change").isEqualTo(skips);
    }

    @Test
    void qIntToStrSleeping_teardownCancelsTheReconcileInFlight() throws Exception {
        runtime.register(new QIntToStrSleepingController("q-int", "q-str"));
        startRuntime();
        for (int i = 1; i <= 3; i++) {
            state.create(newInt("q-int", "id" + i, i));
        }
        awaitContents(strs("q-str"), "id1", "1", "id2", "2", "id3", "3");

        Pointer sleeper = intPointer("q-int", "id10s");
        state.create(newInt("q-int", "id10s", 10_000));
        // the finalizer goes on just before the sleep: from then on the only worker is busy
        awaitUpTo().until(() -> !state.get(sleeper).metadata().finalizers().isEmpty());
        state.create(newInt("q-int", "id4", 4));
        state.create(newInt("q-int", "id5", 5));
        Thread.sleep(1000);
        assertThat(contents(strs("q-str"))).doesNotContainKeys("id4", "id5");
        assertThat(stats("QIntToStrSleepingController").queueLength()).as("the sleeper held, id4 and id5 queued")
                .isGreaterThanOrEqualTo(3);

        assertThat(state.teardown(sleeper)).isFalse();
        state.watchFor(sleeper, PATIENCE, WatchCondition.finalizersEmpty());
        state.destroy(sleeper);
        await().atMost(Duration.ofSeconds(3)).untilAsserted(
                () -> assertThat(contents(strs("q-str"))).containsEntry("id4", "4").containsEntry("id5", "5"));
    }

    @Test
    void watchOverrun_isFatalForTheRuntime() {
        useState(newStateWithHistory(10, 5));
        runtime.register(new IntToStrController("default", "default"));
        startRuntime();
        for (int i = 0; i < 10_000; i++) {
            state.create(newInt("default", "int-" + i, i));
        }
        assertThat(awaitRunFailure()).hasMessageContaining(
                "controller runtime watch error: buffer overrun: namespace \"default\"");
    }

    @Test
    void cachedState_servesReadsOfCachedKindsFromTheRuntimesWatch_eventually() {
        Kind cached = ints("cached");
        useRuntime(RuntimeOptions.DEFAULT.withCachedKinds(Set.of(cached)));
        startRuntime();
        State reads = runtime.cachedState();
        assertThatThrownBy(() -> reads.get(intPointer("cached", "one"))).isInstanceOf(NotFoundException.class);
        assertThat(reads.list(cached)).isEmpty();

        state.create(newInt("cached", "one", 1));
        awaitUpTo().ignoreException(NotFoundException.class).untilAsserted(() -> {
            assertThat(reads.get(intPointer("cached", "one"))).isNotNull();
            assertThat(reads.list(cached)).hasSize(1);
        });
        assertThat(runtime.metrics().cachedResources()).containsEntry(cached, 1);

        state.destroy(intPointer("cached", "one"));
        awaitUpTo().untilAsserted(() -> assertThatThrownBy(() -> reads.get(intPointer("cached", "one")))
                .isInstanceOf(NotFoundException.class));
    }

    @Test
    void teardownSignal_ofACachedKind_comesFromTheCache_notFromAWatchOfTheState() throws Exception {
        useRuntime(runtimeOptions().withCachedKinds(Set.of(ints("cached"))));
        Pointer one = intPointer("cached", "one");
        state.create(newInt("cached", "one", 1));
        CountDownLatch waiting = new CountDownLatch(1);
        ProbeController probe = new ProbeController("Probe", List.of(Input.weak("cached", TestResources.INT)),
                List.of(), ctx -> {
                    CompletableFuture<Void> signal = ctx.teardownSignal(one);
                    waiting.countDown();
                    signal.get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
                });
        runtime.register(probe);
        startRuntime();
        assertThat(waiting.await(PATIENCE.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
        assertThat(stats("Probe").reads()).as("no watch opened on the state").isZero();

        state.teardown(one);
        assertThat(probe.nextOutcome().failure()).as("the signal completed").isNull();
    }

    /** Int "0" is written, then, only after a backoff of at least 250 ms (500 ms - 50 %), Int "1". */
    private void assertRestartedAfterBackoff() {
        await().atMost(Duration.ofSeconds(5)).until(() -> contents(ints("target")).containsKey("0"));
        await().atMost(Duration.ofSeconds(5)).until(() -> contents(ints("target")).containsKey("1"));
        // measured between the stored creation times, which the state stamps, not by when this thread noticed
        Instant first = state.get(intPointer("target", "0")).metadata().created();
        Instant second = state.get(intPointer("target", "1")).metadata().created();
        assertThat(Duration.between(first, second)).isGreaterThanOrEqualTo(Duration.ofMillis(245));
        assertThat(stats("FailingController").crashes()).isGreaterThanOrEqualTo(1);
    }

    private static Resource<IntSpec> labelled(Resource<IntSpec> r, String key, String value) {
        return r.withMetadata(r.metadata().withLabel(key, value));
    }
}
