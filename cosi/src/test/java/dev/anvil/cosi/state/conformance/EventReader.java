package dev.anvil.cosi.state.conformance;

import dev.anvil.cosi.state.Event;
import dev.anvil.cosi.state.Watch;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/** Reads a watch one event at a time in tests, with a bound on every wait. */
public final class EventReader implements AutoCloseable {
    public static final Duration WAIT = Duration.ofSeconds(5);

    private final Watch watch;
    private final Deque<Event> buffered = new ArrayDeque<>();
    private final List<List<Event>> batches = new ArrayList<>();

    public EventReader(Watch watch) {
        this.watch = watch;
    }

    /** The next event; fails the test if none comes within {@link #WAIT}. */
    public Event next() {
        Event event = poll(WAIT);
        if (event == null) {
            fail("no event within " + WAIT);
        }
        return event;
    }

    public List<Event> next(int count) {
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            events.add(next());
        }
        return events;
    }

    /** The next event, or null if none comes within the timeout. */
    public Event poll(Duration timeout) {
        if (buffered.isEmpty()) {
            try {
                List<Event> batch = watch.next(timeout);
                if (!batch.isEmpty()) {
                    batches.add(batch);
                }
                buffered.addAll(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for an event", e);
            }
        }
        return buffered.poll();
    }

    public void assertNoEvent(Duration during) {
        Event event = poll(during);
        assertThat(event).as("no further event expected").isNull();
    }

    /** The batches read so far, as the watch returned them. */
    public List<List<Event>> batches() {
        return batches;
    }

    @Override
    public void close() {
        watch.close();
    }
}
