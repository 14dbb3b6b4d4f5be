package dev.anvil.machined.services;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;

/** Tells whether a running service works, checked every {@code period}; a check that throws counts as unhealthy. */
public record HealthCheck(Probe probe, Duration period) {
    @FunctionalInterface
    public interface Probe {
        /** Returns normally when healthy; the exception's message says what is wrong. */
        void check() throws Exception;
    }

    /** Healthy when something accepts TCP connections at the address. */
    public static HealthCheck tcp(String host, int port, Duration period) {
        return new HealthCheck(() -> {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(host, port), (int) Math.min(period.toMillis(), 1000));
            } catch (IOException e) {
                throw new IOException("nothing accepts connections on " + host + ":" + port, e);
            }
        }, period);
    }
}
