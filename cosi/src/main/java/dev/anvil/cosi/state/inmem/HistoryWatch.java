package dev.anvil.cosi.state.inmem;

import dev.anvil.cosi.resource.LabelQuery;
import dev.anvil.cosi.resource.Resource;
import dev.anvil.cosi.state.BufferOverrunException;
import dev.anvil.cosi.state.Event;
import dev.anvil.cosi.state.ListOptions;
import dev.anvil.cosi.state.Watch;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A reader of one kind's history: all its resources, or one ID. Events are copied out under the kind's lock and
 * filtered outside it. For a label-filtered watch an update that moves a resource into the filter reads as Created
 * and one that moves it out reads as Destroyed, both without the old resource.
 */
final class HistoryWatch implements Watch {
    private static final int SPINS = 2_000;

    private final KindStore store;
    private final String id;
    private final ListOptions filter;
    private long position;
    private List<Event> initial;
    private volatile boolean closed;

    HistoryWatch(KindStore store, String id, ListOptions filter, long start, List<Event> initial) {
        this.store = store;
        this.id = id;
        this.filter = filter;
        this.position = start;
        this.initial = initial.isEmpty() ? null : initial;
    }

    @Override
    public List<Event> next() throws InterruptedException {
        return read(-1);
    }

    @Override
    public List<Event> next(Duration timeout) throws InterruptedException {
        return read(Math.max(timeout.toNanos(), 0));
    }

    /** Reads new events; a negative timeout waits for ever. */
    private List<Event> read(long timeoutNanos) throws InterruptedException {
        if (initial != null) {
            List<Event> first = initial;
            initial = null;
            return first;
        }
        long deadline = System.nanoTime() + timeoutNanos;
        while (!closed) {
            awaitBriefly();
            KindStore.Entry[] entries;
            long from;
            store.lock.lock();
            try {
                while (position == store.writePos() && !closed) {
                    if (timeoutNanos < 0) {
                        store.written.await();
                    } else {
                        long left = deadline - System.nanoTime();
                        if (left <= 0) {
                            return List.of();
                        }
                        store.written.awaitNanos(left);
                    }
                }
                if (closed) {
                    break;
                }
                long behind = store.writePos() - position;
                if (behind > store.capacity()) {
                    closed = true;
                    return List.of(new Event.Errored(
                            new BufferOverrunException(store.kind(), store.writePos(), position, store.capacity())));
                }
                from = position;
                entries = new KindStore.Entry[(int) behind];
                for (int i = 0; i < entries.length; i++) {
                    entries[i] = store.entry(from + i);
                }
                position = store.writePos();
            } finally {
                store.lock.unlock();
            }
            List<Event> events = new ArrayList<>(entries.length);
            for (int i = 0; i < entries.length; i++) {
                Event event = visible(entries[i], from + i);
                if (event != null) {
                    events.add(event);
                }
            }
            if (!events.isEmpty()) {
                return events;
            }
        }
        return List.of();
    }

    /**
     * Spins a few microseconds for the next write before parking on the lock's condition: waking a parked thread
     * costs tens of microseconds, while writes often come in quick succession.
     */
    private void awaitBriefly() {
        for (int i = 0; i < SPINS && position == store.writePos() && !closed; i++) {
            Thread.onSpinWait();
        }
    }

    private Event visible(KindStore.Entry entry, long at) {
        Resource<?> r = entry.resource();
        if (id != null) {
            if (!r.id().equals(id)) {
                return null;
            }
            return event(entry, at);
        }
        if (filter.idQuery() != null && !filter.idQuery().matches(r.id())) {
            return null;
        }
        boolean now = LabelQuery.anyMatches(filter.labelQueries(), r.metadata().labels());
        return switch (entry.type()) {
            case UPDATED -> {
                boolean before = LabelQuery.anyMatches(filter.labelQueries(), entry.old().metadata().labels());
                if (before && now) {
                    yield event(entry, at);
                } else if (now) {
                    yield new Event.Created(r, store.bookmark(at));
                } else if (before) {
                    yield new Event.Destroyed(r, store.bookmark(at));
                }
                yield null;
            }
            default -> now ? event(entry, at) : null;
        };
    }

    private Event event(KindStore.Entry entry, long at) {
        return switch (entry.type()) {
            case CREATED -> new Event.Created(entry.resource(), store.bookmark(at));
            case UPDATED -> new Event.Updated(entry.resource(), entry.old(), store.bookmark(at));
            case DESTROYED -> new Event.Destroyed(entry.resource(), store.bookmark(at));
            default -> throw new IllegalStateException("history holds only writes, not " + entry.type());
        };
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    @Override
    public void close() {
        closed = true;
        store.lock.lock();
        try {
            store.written.signalAll();
        } finally {
            store.lock.unlock();
        }
    }
}
