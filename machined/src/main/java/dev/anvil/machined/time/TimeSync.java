package dev.anvil.machined.time;

import dev.anvil.machined.log.Log;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The polling half of the time sync: a virtual thread that asks the servers in turn (the first that answers
 * counts) right away, then every poll interval, sooner after a failure (2 s, doubling up to the interval) or when
 * the servers change. Each answer goes to the clock (which may set the system clock) and is kept as the last
 * sample; every outcome is reported to a listener (the controller queues a reconcile). {@link #close} ends the
 * thread and waits for it.
 *
 * <p>Thread safety: {@link #servers}, {@link #last} and {@link #lastError} may be called from any thread.
 */
public final class TimeSync implements AutoCloseable {
    /** Beyond this the clock is stepped; within it the node counts as in sync (ntpd's step threshold). */
    public static final Duration STEP_THRESHOLD = Duration.ofMillis(128);
    static final Duration TIMEOUT = Duration.ofSeconds(2);
    static final Duration FIRST_RETRY = Duration.ofSeconds(2);

    /** What the sync may do to the system clock. */
    public interface ClockControl {
        /** Whether the clock is the node's to set (not in container mode). */
        boolean settable();

        void stepBy(Duration offset);
    }

    /** The last answer and whether the clock was set by it. */
    public record Outcome(Sntp.Sample sample, boolean stepped) {
    }

    private final Sntp sntp;
    private final ClockControl clock;
    private final Duration pollInterval;
    private final Runnable listener;
    private final Consumer<Duration> onStep;
    private final LinkedBlockingQueue<Boolean> wake = new LinkedBlockingQueue<>();
    private final Thread thread;
    private volatile List<String> servers;
    private volatile Outcome last;
    private volatile String lastError = "";
    private volatile boolean closed;

    /** @param onStep told of each step of the clock, with its size (the epoch counts large ones) */
    public TimeSync(Sntp sntp, ClockControl clock, Duration pollInterval, List<String> servers, Runnable listener,
            Consumer<Duration> onStep) {
        this.sntp = sntp;
        this.clock = clock;
        this.pollInterval = pollInterval;
        this.servers = List.copyOf(servers);
        this.listener = listener;
        this.onStep = onStep;
        this.thread = Thread.ofVirtual().name("time-sync").start(this::run);
    }

    public List<String> servers() {
        return servers;
    }

    /** Changes the servers; the next query goes out now. */
    public void servers(List<String> next) {
        if (!next.equals(servers)) {
            servers = List.copyOf(next);
            last = null;
            wake.offer(true);
        }
    }

    /** The last answer, or null before the first (or since the servers changed). */
    public Outcome last() {
        return last;
    }

    /** Why the last round failed, empty when it did not. */
    public String lastError() {
        return lastError;
    }

    private void run() {
        Duration retry = FIRST_RETRY;
        while (!closed) {
            Duration wait;
            if (round()) {
                retry = FIRST_RETRY;
                wait = pollInterval;
            } else {
                wait = retry.compareTo(pollInterval) < 0 ? retry : pollInterval;
                retry = retry.multipliedBy(2);
            }
            listener.run();
            try {
                wake.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Asks each server until one answers; true when one did. */
    private boolean round() {
        StringBuilder errors = new StringBuilder();
        for (String server : servers) {
            try {
                Sntp.Sample sample = sntp.query(server, TIMEOUT);
                boolean step = clock.settable() && sample.offset().abs().compareTo(STEP_THRESHOLD) > 0;
                if (step) {
                    Log.info("setting the clock", "server", server, "offset", sample.offset().toString());
                    clock.stepBy(sample.offset());
                    onStep.accept(sample.offset());
                }
                last = new Outcome(sample, step);
                lastError = "";
                return true;
            } catch (IOException | RuntimeException e) {
                errors.append(errors.isEmpty() ? "" : "; ").append(e.getMessage());
            }
        }
        lastError = errors.isEmpty() ? "no time servers" : errors.toString();
        Log.warn("time sync failed", "error", lastError);
        return false;
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        try {
            thread.join(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
