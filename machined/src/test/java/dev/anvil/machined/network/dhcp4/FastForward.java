package dev.anvil.machined.network.dhcp4;

import java.net.Inet4Address;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Optional;

/**
 * Time for a client under test that runs fast: a wait that hears nothing for a short real {@code grace} (ample for
 * a server on the same machine to answer) ends by moving the clock to the wait's end. So a lease's timers come in
 * seconds, while every message still goes to the real server and back.
 */
final class FastForward extends Clock implements Dhcp4Client.Transport {
    private final Dhcp4Client.Transport real;
    private final Duration grace;
    private volatile Duration offset = Duration.ZERO;

    FastForward(Dhcp4Client.Transport real, Duration grace) {
        this.real = real;
        this.grace = grace;
    }

    @Override
    public void send(byte[] packet, Inet4Address destination) {
        real.send(packet, destination);
    }

    @Override
    public Optional<byte[]> receive(Duration timeout) {
        Instant deadline = instant().plus(timeout);
        Optional<byte[]> received = real.receive(timeout.compareTo(grace) < 0 ? timeout : grace);
        if (received.isEmpty() && instant().isBefore(deadline)) {
            offset = offset.plus(Duration.between(instant(), deadline));
        }
        return received;
    }

    @Override
    public void wakeup() {
        real.wakeup();
    }

    @Override
    public Instant instant() {
        return Instant.now().plus(offset);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException();
    }
}
