package dev.anvil.bench;

import dev.anvil.cosi.resource.Kind;
import dev.anvil.cosi.resource.Pointer;
import dev.anvil.cosi.resource.Resource;
import dev.anvil.cosi.state.Event;
import dev.anvil.cosi.state.State;
import dev.anvil.cosi.state.Watch;
import dev.anvil.cosi.state.WatchKindOptions;
import dev.anvil.cosi.state.inmem.HistoryOptions;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Update-to-watch-event latency: one update, then wait until a watcher on another (platform) thread has the event.
 * Sampled, so JMH prints the percentiles (p50, p99...). The watcher blocks in the watch between events, as a
 * controller or an API stream does, so this includes waking it.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@org.openjdk.jmh.annotations.State(Scope.Benchmark)
public class WatchBench {
    private static final Kind KIND = new Kind("bench", Stamp.TYPE);

    private State state;
    private Watch watch;
    private Thread watcher;
    private Resource<Stamp> current;
    private long sent;
    private volatile long received;

    @Setup(Level.Trial)
    public void open() {
        state = new InMemoryState(new HistoryOptions(1024, 1 << 16, 5));
        current = state.create(Stamp.resource(new Pointer("bench", Stamp.TYPE, "watched"), 0), "").as(Stamp.class);
        watch = state.watchKind(KIND, WatchKindOptions.DEFAULT);
        watcher = Thread.ofPlatform().name("watcher").start(() -> {
            try {
                while (!watch.isClosed()) {
                    List<Event> batch = watch.next();
                    received += batch.size();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    @TearDown(Level.Trial)
    public void close() throws InterruptedException {
        watch.close();
        watcher.join();
    }

    @Benchmark
    public long updateToEvent() {
        long target = ++sent;
        current = state.update(current.withSpec(new Stamp(target))).as(Stamp.class);
        while (received < target) {
            Thread.onSpinWait();
        }
        return received;
    }
}
