package dev.anvil.cosi.resource.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GoTimeTest {

    /** Expected texts from Go's own time.Duration.String tests. */
    @ParameterizedTest
    @CsvSource({
            "0, 0s", "1, 1ns", "1100, 1.1\u00b5s", "2200000, 2.2ms", "3300000000, 3.3s", "245000000000, 4m5s",
            "245001000000, 4m5.001s", "18367001000000, 5h6m7.001s", "480000000001, 8m0.000000001s",
            "-90000000000, -1m30s", "3600000000000, 1h0m0s", "-500000000, -500ms"})
    void formatDuration_matchesGo(long nanos, String text) {
        assertThat(GoTime.formatDuration(Duration.ofNanos(nanos))).isEqualTo(text);
    }

    @ParameterizedTest
    @CsvSource({
            "0, 0", "-0, 0", "1.5h, 5400000000000", "2h45m, 9900000000000", "1us, 1000", "1\u00b5s, 1000",
            "1\u03bcs, 1000", "+300ms, 300000000", "-1.5s, -1500000000", ".5s, 500000000",
            "1m0.000000001s, 60000000001"})
    void parseDuration_acceptsWhatGoAccepts(String text, long nanos) {
        assertThat(GoTime.parseDuration(text)).isEqualTo(Duration.ofNanos(nanos));
    }

    @ParameterizedTest
    @CsvSource({"''", "1", "1x", "s", "-", "1.2.3s", "1 s"})
    void parseDuration_rejectsWhatGoRejects(String text) {
        assertThatThrownBy(() -> GoTime.parseDuration(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("not a Go duration");
    }

    @Test
    void duration_roundTrips() {
        qt().forAll(longs().between(-10_000_000_000L, 10_000_000_000L), integers().between(0, 999_999_999))
                .checkAssert((s, n) -> {
                    Duration d = Duration.ofSeconds(s, n);
                    assertThat(GoTime.parseDuration(GoTime.formatDuration(d))).isEqualTo(d);
                });
    }

    @Test
    void timestamp_printsRfc3339NanoAndRoundTrips() {
        assertThat(GoTime.formatTimestamp(Instant.parse("2021-06-23T19:22:29.120Z")))
                .isEqualTo("2021-06-23T19:22:29.12Z");
        qt().forAll(longs().between(-62_135_596_800L, 253_402_300_799L), integers().between(0, 999_999_999))
                .checkAssert((s, n) -> {
                    Instant t = Instant.ofEpochSecond(s, n);
                    assertThat(GoTime.parseTimestamp(GoTime.formatTimestamp(t))).isEqualTo(t);
                });
    }
}
