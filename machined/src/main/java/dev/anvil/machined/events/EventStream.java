package dev.anvil.machined.events;

import java.time.Duration;
import java.time.Instant;

/**
 * The node's recent events (Talos's Events API serves them). IDs are zero-padded sequence numbers, so they sort in
 * publishing order as text too.
 */
public final class EventStream {
    private final BoundedHistory<MachineEvent> history;

    public EventStream(int capacity) {
        this.history = new BoundedHistory<>(capacity, e -> 1);
    }

    public MachineEvent publish(MachineEvent.Payload payload, String actorId) {
        return history.append(n -> new MachineEvent("%016d".formatted(n), Instant.now(), actorId, payload));
    }

    /** Where a reader of only new events starts. */
    public long end() {
        return history.end();
    }

    /** Where a reader of the last {@code n} events starts. */
    public long tail(int n) {
        return history.tail(n);
    }

    /** Where a reader of the events after the one with that ID starts (the oldest kept, if it is gone). */
    public long after(String id) {
        try {
            return Math.max(Long.parseLong(id) + 1, history.oldest());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not an event ID: \"" + id + "\"");
        }
    }

    public BoundedHistory.Chunk<MachineEvent> read(long from, Duration timeout) throws InterruptedException {
        return history.read(from, timeout);
    }
}
