package dev.anvil.cosi.state;

import java.time.Duration;
import java.util.List;

/**
 * An open subscription. Its start point is fixed when it is opened; the reader then pulls events in order at its
 * own pace. Writers never wait for readers: a reader that falls further behind than the state's history gets one
 * {@link Event.Errored} and the watch ends.
 *
 * <p>Guarantee: for each resource, events arrive in the order the writes happened, none lost and none repeated,
 * until the watch ends. One thread reads a watch at a time; {@link #close()} may be called from any thread and wakes
 * a blocked reader.
 */
public interface Watch extends AutoCloseable {
    /**
     * Blocks until events are available and returns all of them, oldest first (a bootstrap's contents and its
     * Bootstrapped marker come as one batch). Returns an empty list once the watch is closed or has ended.
     */
    List<Event> next() throws InterruptedException;

    /** As {@link #next()}, but returns an empty list if nothing arrived within the timeout. */
    List<Event> next(Duration timeout) throws InterruptedException;

    /** True once closed by the reader or ended by an error. */
    boolean isClosed();

    @Override
    void close();
}
