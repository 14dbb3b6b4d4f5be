package dev.anvil.machined.time;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The arithmetic of RFC 5905's on-wire protocol and the checks a reply must pass. */
class SntpTest {
    private static final Instant T1 = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void ntpTimestamps_roundTrip_toAboutANanosecond() {
        Instant t = Instant.parse("2026-11-23T16:42:15.053491759Z");
        assertThat(Duration.between(t, Sntp.fromNtp(Sntp.toNtp(t))).abs()).isLessThanOrEqualTo(Duration.ofNanos(1));
        assertThat(Sntp.fromNtp(Sntp.toNtp(Instant.parse("2040-01-01T00:00:00Z"))))
                .as("after the 2036 wrap").isEqualTo(Instant.parse("2040-01-01T00:00:00Z"));
    }

    @Test
    void offsetAndDelay_followRfc5905() throws IOException {
        // server 1 s ahead; 10 ms each way; 2 ms in the server
        Instant t2 = T1.plusMillis(1010);
        Instant t3 = t2.plusMillis(2);
        Instant t4 = T1.plusMillis(22);
        Sntp.Sample sample = Sntp.sample("s", reply(4, 2, 0, t2, t3), T1, t4);
        // NTP's fraction is 2^-32 s: a nanosecond or so is lost each way
        assertThat(sample.offset().minus(Duration.ofSeconds(1)).abs()).isLessThanOrEqualTo(Duration.ofNanos(2));
        assertThat(sample.delay().minus(Duration.ofMillis(20)).abs()).isLessThanOrEqualTo(Duration.ofNanos(2));
        assertThat(sample.stratum()).isEqualTo(2);
    }

    @Test
    void untrustedReplies_areRefused() {
        Instant t2 = T1.plusMillis(1);
        assertThatThrownBy(() -> Sntp.sample("s", reply(4, 0, 0, t2, t2), T1, t2)).hasMessageContaining("kiss");
        assertThatThrownBy(() -> Sntp.sample("s", reply(4, 16, 0, t2, t2), T1, t2))
                .hasMessageContaining("not synchronised");
        assertThatThrownBy(() -> Sntp.sample("s", reply(4, 3, 3, t2, t2), T1, t2))
                .hasMessageContaining("not synchronised");
        assertThatThrownBy(() -> Sntp.sample("s", reply(3, 3, 0, t2, t2), T1, t2)).hasMessageContaining("mode 3");
    }

    private static byte[] reply(int mode, int stratum, int leap, Instant receive, Instant transmit) {
        ByteBuffer packet = ByteBuffer.allocate(48);
        packet.put(0, (byte) ((leap << 6) | (4 << 3) | mode));
        packet.put(1, (byte) stratum);
        packet.putLong(24, Sntp.toNtp(T1));
        packet.putLong(32, Sntp.toNtp(receive));
        packet.putLong(40, Sntp.toNtp(transmit));
        return packet.array();
    }
}
