package dev.anvil.cosi.runtime.conformance;

import dev.anvil.cosi.resource.Kind;
import dev.anvil.cosi.resource.Resource;
import dev.anvil.cosi.runtime.ControllerRuntime;
import dev.anvil.cosi.runtime.ControllerStats;
import dev.anvil.cosi.runtime.RuntimeOptions;
import dev.anvil.cosi.state.State;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The fixture of the runtime suites: a fresh state and runtime per test, the runtime's threads recorded, and after
 * each test three checks: {@code run()} ended without error, no thread of the runtime is alive, and the state
 * still accepts writes in every namespace the suites use (a stopped runtime must not leave it locked). Every test
 * is bounded: polls wait at most {@link #PATIENCE}, and a test that hangs anyway fails after two minutes.
 */
@Timeout(120)
public abstract class RuntimeSuiteSupport {
    /** Polling assertions wait up to 10 s, checking every 10 ms, as the Go suite does. */
    protected static final Duration PATIENCE = Duration.ofSeconds(10);

    /** Every namespace the suites write to. */
    protected static final List<String> NAMESPACES = List.of("default", "ints", "strings", "sentences", "source",
            "source1", "source2", "target", "metrics", "q-int", "q-str", "hooks", "access", "other", "cached");

    protected State state;
    protected ControllerRuntime runtime;
    private final List<Thread> threads = new ArrayList<>();
    private final AtomicReference<Throwable> runFailure = new AtomicReference<>();
    private Thread runner;

    /** A fresh, empty state for one test. */
    protected abstract State newState();

    /** The runtime's options (the suite replaces the thread factory); a subclass may cache kinds, say. */
    protected RuntimeOptions runtimeOptions() {
        return RuntimeOptions.DEFAULT;
    }

    /** True when {@link #runtimeOptions()} caches the kinds the test controllers read. */
    protected boolean readsAreCached() {
        return false;
    }

    @BeforeEach
    final void createRuntime() {
        useState(newState());
    }

    /** Replaces the state (and so the runtime, which has not started yet) for a test that needs another state. */
    protected final void useState(State replacement) {
        state = replacement;
        useRuntime(runtimeOptions());
    }

    /** Replaces the runtime (not started yet) by one with other options, over the same state. */
    protected final void useRuntime(RuntimeOptions options) {
        if (runtime != null) {
            runtime.close();
        }
        runtime = new ControllerRuntime(state, options.withThreadFactory(recordingFactory()));
    }

    @AfterEach
    final void stopRuntimeAndCheckNothingIsLeft() throws InterruptedException {
        runtime.close();
        assertRunReturnedWithoutError();
        assertNoRuntimeThreadAlive();
        for (String namespace : NAMESPACES) {
            state.create(TestResources.newInt(namespace, "after-stop-" + System.nanoTime(), 0));
        }
    }

    /** After close(): run() (if started) has returned, and without an error. */
    protected final void assertRunReturnedWithoutError() throws InterruptedException {
        if (runner != null) {
            runner.join(PATIENCE);
            assertThat(runner.isAlive()).as("run() returned after close()").isFalse();
        }
        assertThat(runFailure.get()).as("run() failure").isNull();
    }

    /**
     * Starts the runtime, so its watches are open when this returns (a change made afterwards is seen), and waits
     * for it on a thread of its own, as a node's main would.
     */
    protected final void startRuntime() {
        runtime.start();
        runner = Thread.ofPlatform().name("runtime-suite run").start(() -> {
            try {
                runtime.awaitTermination();
            } catch (Throwable t) {
                runFailure.set(t);
            }
        });
    }

    /** While the runtime started by {@link #startRuntime()} runs: it has not ended, with or without an error. */
    protected final void assertRuntimeStillRunning() {
        assertThat(runFailure.get()).as("run() failure").isNull();
        assertThat(runner).as("the runtime was started").isNotNull();
        assertThat(runner.isAlive()).as("run() still running").isTrue();
    }

    /** The failure run() ended with (and clears it, so the after-test check passes), waiting up to the patience. */
    protected final Throwable awaitRunFailure() {
        awaitUpTo().until(() -> runFailure.get() != null);
        return runFailure.getAndSet(null);
    }

    protected final void assertNoRuntimeThreadAlive() {
        List<Thread> alive;
        synchronized (threads) {
            alive = threads.stream().filter(Thread::isAlive).toList();
        }
        assertThat(alive).as("runtime threads still alive").isEmpty();
    }

    protected static ConditionFactory awaitUpTo() {
        return await().atMost(PATIENCE).pollInterval(Duration.ofMillis(10));
    }

    /** Waits until the kind holds exactly these IDs (in ID order) with these values. */
    protected final void awaitContents(Kind kind, String... idValuePairs) {
        Map<String, String> expected = new LinkedHashMap<>();
        for (int i = 0; i < idValuePairs.length; i += 2) {
            expected.put(idValuePairs[i], idValuePairs[i + 1]);
        }
        awaitUpTo().untilAsserted(() -> assertThat(contents(kind)).containsExactlyEntriesOf(expected));
    }

    protected final Map<String, String> contents(Kind kind) {
        Map<String, String> actual = new LinkedHashMap<>();
        for (Resource<?> resource : state.list(kind)) {
            actual.put(resource.id(), TestResources.valueOf(resource));
        }
        return actual;
    }

    protected final ControllerStats stats(String controller) {
        return runtime.metrics().controller(controller).orElseThrow();
    }

    private ThreadFactory recordingFactory() {
        ThreadFactory virtual = Thread.ofVirtual().factory();
        return task -> {
            Thread thread = virtual.newThread(task);
            synchronized (threads) {
                threads.add(thread);
            }
            return thread;
        };
    }
}
