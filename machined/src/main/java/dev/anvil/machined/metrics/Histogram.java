package dev.anvil.machined.metrics;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

/**
 * A Prometheus histogram of durations with fixed bucket bounds in seconds. Observing is lock-free (one adder per
 * bucket, not cumulative; the sums are made when written), so recording on the API's or the controllers' threads
 * costs a few nanoseconds. A scrape is consistent per bucket, not across buckets.
 */
public final class Histogram {
    /** Bounds for calls and reconciles: half a millisecond to ten seconds. */
    public static final double[] DURATIONS = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1,
            2.5, 5, 10};

    private final double[] bounds;
    private final String[] les;
    private final LongAdder[] counts;
    private final DoubleAdder sum = new DoubleAdder();

    public Histogram(double[] bounds) {
        this.bounds = bounds.clone();
        this.les = new String[bounds.length + 1];
        Arrays.setAll(les, i -> i < bounds.length ? BigDecimal.valueOf(bounds[i]).toPlainString() : "+Inf");
        this.counts = new LongAdder[bounds.length + 1];
        Arrays.setAll(counts, i -> new LongAdder());
    }

    public void observeNanos(long nanos) {
        double seconds = nanos / 1e9;
        int bucket = 0;
        while (bucket < bounds.length && seconds > bounds[bucket]) {
            bucket++;
        }
        counts[bucket].increment();
        sum.add(seconds);
    }

    /** Writes {@code name_bucket} (cumulative, with {@code le}), {@code name_sum} and {@code name_count}. */
    public void write(TextFormat out, String name, String... labels) {
        String[] withLe = Arrays.copyOf(labels, labels.length + 2);
        withLe[labels.length] = "le";
        long cumulative = 0;
        for (int i = 0; i <= bounds.length; i++) {
            cumulative += counts[i].sum();
            withLe[labels.length + 1] = les[i];
            out.sample(name + "_bucket", cumulative, withLe);
        }
        out.sample(name + "_sum", sum.sum(), labels);
        out.sample(name + "_count", cumulative, labels);
    }
}
