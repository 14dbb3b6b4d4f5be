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

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Update-to-watch-event latency: a writer stamps each update with the time it was made, a watcher on another
 * thread notes when the event reaches it. Paced: the writer waits for each event before the next write, so this is
 * the latency of one change on a quiet state. Flooded: the writer never waits, so events queue behind each other.
 * Prints percentiles. Arguments: [samples] (default 200000).
 */
public final class WatchLatency {
    private static final Kind KIND = new Kind("bench", Stamp.TYPE);

    public static void main(String[] args) throws Exception {
        int samples = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        print("paced", measure(samples, true));
        print("flooded", measure(samples, false));
    }

    private static long[] measure(int samples, boolean paced) throws Exception {
        State state = new InMemoryState(new HistoryOptions(1024, 1 << 20, 5));
        int warmup = samples / 5;
        int total = warmup + samples;
        long[] latencies = new long[total];
        AtomicLong received = new AtomicLong();
        Resource<Stamp> r = state.create(Stamp.resource(new Pointer("bench", Stamp.TYPE, "latency"), 0), "")
                .as(Stamp.class);
        try (Watch watch = state.watchKind(KIND, WatchKindOptions.DEFAULT)) {
            Thread reader = Thread.ofPlatform().name("watcher").start(() -> {
                int n = 0;
                try {
                    while (n < total) {
                        List<Event> batch = watch.next();
                        long now = System.nanoTime();
                        for (Event e : batch) {
                            latencies[n++] = now - ((Stamp) e.resource().spec()).value();
                        }
                        received.set(n);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            for (int i = 0; i < total; i++) {
                r = state.update(r.withSpec(new Stamp(System.nanoTime()))).as(Stamp.class);
                if (paced) {
                    while (received.get() <= i) {
                        Thread.onSpinWait();
                    }
                }
            }
            reader.join();
        }
        return Arrays.copyOfRange(latencies, warmup, total);
    }

    private static void print(String name, long[] latencies) {
        Arrays.sort(latencies);
        System.out.printf("update-to-watch-event latency (%s, %d samples): p50 %.1f us, p90 %.1f us, p99 %.1f us,"
                        + " p99.9 %.1f us, max %.1f us%n", name, latencies.length, pct(latencies, 50),
                pct(latencies, 90), pct(latencies, 99), pct(latencies, 99.9), latencies[latencies.length - 1] / 1e3);
    }

    private static double pct(long[] sorted, double p) {
        return sorted[(int) Math.min(sorted.length - 1, Math.floor(sorted.length * p / 100))] / 1e3;
    }
}
