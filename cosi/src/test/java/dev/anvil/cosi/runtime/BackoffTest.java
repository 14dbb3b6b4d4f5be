package dev.anvil.cosi.runtime;

import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** Restart backoff: 500 ms, x1.5, capped at 60 s, +-50 % jitter, reset on health. */
class BackoffTest {
    @RepeatedTest(20)
    void intervals_growByHalfWithinTheJitterBand_upToTheCap() {
        Backoff backoff = new Backoff();
        double base = 500;
        for (int i = 0; i < 20; i++) {
            long millis = backoff.next().toMillis();
            assertThat(millis).as("attempt %d", i).isBetween((long) (base * 0.5) - 1, (long) (base * 1.5) + 1);
            base = Math.min(base * 1.5, 60_000);
        }
        assertThat(base).isEqualTo(60_000);
    }

    @Test
    void reset_startsOverAtHalfASecond() {
        Backoff backoff = new Backoff();
        for (int i = 0; i < 10; i++) {
            backoff.next();
        }
        backoff.reset();
        assertThat(backoff.next()).isBetween(Duration.ofMillis(249), Duration.ofMillis(751));
    }
}
