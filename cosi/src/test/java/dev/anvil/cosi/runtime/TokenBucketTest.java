package dev.anvil.cosi.runtime;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The change rate limit's token bucket, on a clock the test moves. */
class TokenBucketTest {
    private final AtomicLong now = new AtomicLong(1_000_000_000L);

    private TokenBucket bucket(double perSecond, int burst) {
        return new TokenBucket(new ChangeRateLimit(perSecond, burst), now::get);
    }

    @Test
    void aFullBucket_passesTheBurst_thenSpacesChangesAtTheRate() {
        TokenBucket bucket = bucket(10, 2);
        assertThat(bucket.reserve()).isZero();
        assertThat(bucket.reserve()).isZero();
        assertThat(bucket.reserve()).isEqualTo(Duration.ofMillis(100));
        assertThat(bucket.reserve()).as("reservations queue up").isEqualTo(Duration.ofMillis(200));
    }

    @Test
    void time_refillsTheBucket_butNeverBeyondTheBurst() {
        TokenBucket bucket = bucket(10, 2);
        bucket.reserve();
        bucket.reserve();
        now.addAndGet(Duration.ofSeconds(60).toNanos());
        assertThat(bucket.reserve()).isZero();
        assertThat(bucket.reserve()).isZero();
        assertThat(bucket.reserve()).isEqualTo(Duration.ofMillis(100));
    }

    @Test
    void aPartlyRefilledBucket_waitsOnlyForTheMissingPart() {
        TokenBucket bucket = bucket(10, 1);
        bucket.reserve();
        now.addAndGet(Duration.ofMillis(40).toNanos());
        assertThat(bucket.reserve()).isEqualTo(Duration.ofMillis(60));
    }

    @Test
    void unlimited_neverWaits() {
        TokenBucket bucket = new TokenBucket(ChangeRateLimit.UNLIMITED, now::get);
        for (int i = 0; i < 1000; i++) {
            assertThat(bucket.reserve()).isZero();
        }
    }

    @Test
    void aLimitedRate_needsAPositiveRateAndABurst() {
        assertThatThrownBy(() -> new ChangeRateLimit(10, 0)).hasMessageContaining("burst");
        assertThatThrownBy(() -> new ChangeRateLimit(0, 5)).hasMessageContaining("positive");
        assertThatThrownBy(() -> new ChangeRateLimit(Double.NaN, 5)).hasMessageContaining("positive");
    }
}
