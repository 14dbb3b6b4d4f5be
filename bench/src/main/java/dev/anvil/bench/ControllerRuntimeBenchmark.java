package dev.anvil.bench;

import dev.anvil.cosi.resource.Kind;
import dev.anvil.cosi.resource.Pointer;
import dev.anvil.cosi.resource.Resource;
import dev.anvil.cosi.resource.Spec;
import dev.anvil.cosi.runtime.Controller;
import dev.anvil.cosi.runtime.ControllerRuntime;
import dev.anvil.cosi.runtime.Input;
import dev.anvil.cosi.runtime.Output;
import dev.anvil.cosi.runtime.ReconcileContext;
import dev.anvil.cosi.runtime.transform.TransformController;
import dev.anvil.cosi.runtime.transform.TransformSettings;
import dev.anvil.cosi.state.Event;
import dev.anvil.cosi.state.Watch;
import dev.anvil.cosi.state.WatchKindOptions;
import dev.anvil.cosi.state.inmem.HistoryOptions;
import dev.anvil.cosi.state.inmem.InMemoryState;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * End-to-end figures of the controller runtime over the in-memory state, from the first write to convergence:
 * <ul>
 * <li>{@code chainOfThree}: 1,000 resources created at the head of a chain of three transform controllers
 *     (A -> B -> C -> D); time until all 1,000 D resources exist.</li>
 * <li>{@code fanOutToHundred}: one input watched by 100 controllers, each writing its own copy; time from one update
 *     of the input until all 100 copies carry the new value.</li>
 * </ul>
 * The history is large enough that the runtime's watches never overrun under these bursts.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class ControllerRuntimeBenchmark {
    private static final HistoryOptions ROOMY = new HistoryOptions(1024, 65_536, 5);
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    public record Num(long value) implements Spec {
    }

    private static Resource<Num> num(String namespace, String type, String id, long value) {
        return Resource.of(new Pointer(namespace, type, id), new Num(value));
    }

    /** Reads the watch until {@code count} events match, or fails after the patience. */
    static void awaitEvents(Watch watch, Predicate<Event> wanted, int count) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        int seen = 0;
        while (seen < count) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("only " + seen + " of " + count + " events within " + PATIENCE);
            }
            for (Event event : watch.next(Duration.ofMillis(100))) {
                if (event instanceof Event.Errored e) {
                    throw e.cause();
                }
                if (wanted.test(event)) {
                    seen++;
                }
            }
        }
    }

    @State(Scope.Thread)
    public static class Chain {
        static final int RESOURCES = 1_000;
        static final List<String> TYPES = List.of("bench.A", "bench.B", "bench.C", "bench.D");

        InMemoryState state;
        ControllerRuntime runtime;
        Watch last;

        @Setup(Level.Invocation)
        public void start() {
            state = new InMemoryState(ROOMY);
            runtime = new ControllerRuntime(state);
            for (int i = 0; i + 1 < TYPES.size(); i++) {
                String from = TYPES.get(i);
                String to = TYPES.get(i + 1);
                runtime.register(new TransformController<>(TransformSettings.of("Stage" + (i + 1),
                        new Kind("bench", from), Num.class, new Kind("bench", to),
                        in -> Optional.of(num("bench", to, in.id(), 0)),
                        (reader, in, out) -> out.withSpec(new Num(in.spec().value() + 1)))));
            }
            last = state.watchKind(new Kind("bench", TYPES.getLast()), WatchKindOptions.DEFAULT);
            runtime.start();
        }

        @TearDown(Level.Invocation)
        public void stop() {
            last.close();
            runtime.close();
        }
    }

    @Benchmark
    public void chainOfThree(Chain chain) throws InterruptedException {
        for (int i = 0; i < Chain.RESOURCES; i++) {
            chain.state.create(num("bench", Chain.TYPES.getFirst(), "r" + i, i));
        }
        awaitEvents(chain.last, e -> e instanceof Event.Created, Chain.RESOURCES);
    }

    /** Copies the source's value into its own resource of the shared output type. */
    record Copier(String name) implements Controller {
        @Override
        public List<Input> inputs() {
            return List.of(Input.weak("bench", FanOut.SOURCE));
        }

        @Override
        public List<Output> outputs() {
            return List.of(Output.shared(FanOut.COPY));
        }

        @Override
        public void reconcile(ReconcileContext ctx) {
            long value = ctx.get(new Pointer("bench", FanOut.SOURCE, "x"), Num.class).spec().value();
            ctx.modify(num("bench", FanOut.COPY, name, 0), r -> r.withSpec(new Num(value)));
        }
    }

    @State(Scope.Thread)
    public static class FanOut {
        static final String SOURCE = "bench.Source";
        static final String COPY = "bench.Copy";
        static final int CONTROLLERS = 100;

        InMemoryState state;
        ControllerRuntime runtime;
        Watch copies;
        long value;

        @Setup(Level.Trial)
        public void start() throws InterruptedException {
            state = new InMemoryState(ROOMY);
            runtime = new ControllerRuntime(state);
            state.create(num("bench", SOURCE, "x", 0));
            for (int i = 0; i < CONTROLLERS; i++) {
                runtime.register(new Copier("copier-" + i));
            }
            copies = state.watchKind(new Kind("bench", COPY), WatchKindOptions.DEFAULT);
            runtime.start();
            awaitEvents(copies, e -> e instanceof Event.Created, CONTROLLERS);
        }

        @TearDown(Level.Trial)
        public void stop() {
            copies.close();
            runtime.close();
        }
    }

    @Benchmark
    public void fanOutToHundred(FanOut fan) throws InterruptedException {
        long next = ++fan.value;
        Resource<Num> source = fan.state.get(new Pointer("bench", FanOut.SOURCE, "x"), Num.class);
        fan.state.update(source.withSpec(new Num(next)));
        awaitEvents(fan.copies, e -> e instanceof Event.Updated u && ((Num) u.resource().spec()).value() == next,
                FanOut.CONTROLLERS);
    }
}
