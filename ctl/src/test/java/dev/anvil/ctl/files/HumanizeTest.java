package dev.anvil.ctl.files;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** The words talosctl -H prints, for the same numbers. */
class HumanizeTest {
    private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");

    @Test
    void bytes() {
        assertThat(Humanize.bytes(0)).isEqualTo("0 B");
        assertThat(Humanize.bytes(9)).isEqualTo("9 B");
        assertThat(Humanize.bytes(10)).isEqualTo("10 B");
        assertThat(Humanize.bytes(999)).isEqualTo("999 B");
        assertThat(Humanize.bytes(1000)).isEqualTo("1.0 kB");
        assertThat(Humanize.bytes(1234)).isEqualTo("1.2 kB");
        assertThat(Humanize.bytes(12_345)).isEqualTo("12 kB");
        assertThat(Humanize.bytes(82_854_982)).isEqualTo("83 MB");
        assertThat(Humanize.bytes(5_000_000_000L)).isEqualTo("5.0 GB");
        assertThat(Humanize.bytes(999_950)).isEqualTo("1000 kB");
        assertThat(Humanize.bytes(12_600_000_000L)).isEqualTo("13 GB");
    }

    @Test
    void time() {
        assertThat(ago(Duration.ZERO)).isEqualTo("now");
        assertThat(ago(Duration.ofSeconds(1))).isEqualTo("1 second ago");
        assertThat(ago(Duration.ofSeconds(42))).isEqualTo("42 seconds ago");
        assertThat(ago(Duration.ofMinutes(1))).isEqualTo("1 minute ago");
        assertThat(ago(Duration.ofMinutes(59))).isEqualTo("59 minutes ago");
        assertThat(ago(Duration.ofHours(5))).isEqualTo("5 hours ago");
        assertThat(ago(Duration.ofDays(1))).isEqualTo("1 day ago");
        assertThat(ago(Duration.ofDays(6))).isEqualTo("6 days ago");
        assertThat(ago(Duration.ofDays(20))).isEqualTo("2 weeks ago");
        assertThat(ago(Duration.ofDays(100))).isEqualTo("3 months ago");
        assertThat(ago(Duration.ofDays(400))).isEqualTo("1 year ago");
        assertThat(ago(Duration.ofDays(600))).isEqualTo("2 years ago");
        assertThat(ago(Duration.ofDays(3650))).isEqualTo("10 years ago");
        assertThat(ago(Duration.ofDays(40 * 365))).isEqualTo("a long while ago");
        assertThat(Humanize.time(NOW.plus(Duration.ofHours(3)), NOW)).isEqualTo("3 hours from now");
    }

    private static String ago(Duration duration) {
        return Humanize.time(NOW.minus(duration), NOW);
    }
}
