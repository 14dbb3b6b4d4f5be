package dev.anvil.machined.metrics;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class TextFormatTest {

    @Test
    void samples_escapeLabelValues_andWriteIntegersPlainly() {
        String text = new TextFormat().family("x_total", "counter", "Things.")
                .sample("x_total", 3, "path", "a\\b \"c\"\nd")
                .sample("x_total", 0.25)
                .sample("x_total", Double.POSITIVE_INFINITY).toString();
        assertThat(text).isEqualTo("""
                # HELP x_total Things.
                # TYPE x_total counter
                x_total{path="a\\\\b \\"c\\"\\nd"} 3
                x_total 0.25
                x_total +Inf
                """);
    }

    @Test
    void histogram_bucketsAreCumulative_withSumAndCount() {
        Histogram h = new Histogram(new double[]{0.001, 0.1});
        h.observeNanos(Duration.ofMillis(1).toNanos());
        h.observeNanos(Duration.ofMillis(50).toNanos());
        h.observeNanos(Duration.ofSeconds(2).toNanos());
        TextFormat out = new TextFormat();
        h.write(out, "d_seconds", "m", "x");
        assertThat(out.toString()).isEqualTo("""
                d_seconds_bucket{m="x",le="0.001"} 1
                d_seconds_bucket{m="x",le="0.1"} 2
                d_seconds_bucket{m="x",le="+Inf"} 3
                d_seconds_sum{m="x"} 2.051
                d_seconds_count{m="x"} 3
                """);
    }
}
