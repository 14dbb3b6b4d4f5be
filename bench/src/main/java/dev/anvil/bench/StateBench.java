package dev.anvil.bench;

import dev.anvil.cosi.resource.Pointer;
import dev.anvil.cosi.resource.Resource;
import dev.anvil.cosi.state.State;
import dev.anvil.cosi.state.inmem.InMemoryState;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Create and Update throughput of the in-memory state, on one and two threads writing the same kind (so they share
 * its lock and history).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgs = {"-Xmx4g"})
public class StateBench {

    /** One state for all threads, fresh every iteration so creates never run out of IDs. */
    @org.openjdk.jmh.annotations.State(Scope.Benchmark)
    public static class Shared {
        State state;
        final AtomicInteger threads = new AtomicInteger();

        @Setup(Level.Iteration)
        public void open() {
            state = new InMemoryState();
        }
    }

    /** Each thread writes its own resources. */
    @org.openjdk.jmh.annotations.State(Scope.Thread)
    public static class Writer {
        String prefix;
        long next;
        Resource<Stamp> current;

        @Setup(Level.Iteration)
        public void open(Shared shared) {
            prefix = "writer-" + shared.threads.incrementAndGet() + "-";
            next = 0;
            current = shared.state.create(Stamp.resource(new Pointer("bench", Stamp.TYPE, prefix + "updated"), 0), "")
                    .as(Stamp.class);
        }
    }

    @Benchmark
    public Resource<?> create_oneThread(Shared shared, Writer writer) {
        return create(shared, writer);
    }

    @Benchmark
    @Threads(2)
    public Resource<?> create_twoThreads(Shared shared, Writer writer) {
        return create(shared, writer);
    }

    @Benchmark
    public Resource<?> update_oneThread(Shared shared, Writer writer) {
        return update(shared, writer);
    }

    @Benchmark
    @Threads(2)
    public Resource<?> update_twoThreads(Shared shared, Writer writer) {
        return update(shared, writer);
    }

    private static Resource<?> create(Shared shared, Writer writer) {
        long n = writer.next++;
        return shared.state.create(Stamp.resource(new Pointer("bench", Stamp.TYPE, writer.prefix + n), n), "");
    }

    private static Resource<?> update(Shared shared, Writer writer) {
        writer.current = shared.state.update(writer.current.withSpec(new Stamp(writer.next++))).as(Stamp.class);
        return writer.current;
    }
}
