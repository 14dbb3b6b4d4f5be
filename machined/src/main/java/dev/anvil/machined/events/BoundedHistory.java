package dev.anvil.machined.events;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongFunction;
import java.util.function.ToLongFunction;

/**
 * The most recent items of a stream (log lines, events), bounded by their total weight: the oldest go first, but
 * the newest item always stays. Items are numbered from 0 in order. Writers never wait for readers; a reader that
 * falls behind learns how many items it missed rather than skipping them silently. Thread-safe.
 */
public final class BoundedHistory<T> {
    private final long capacity;
    private final ToLongFunction<T> weight;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition appended = lock.newCondition();
    private final ArrayDeque<T> items = new ArrayDeque<>();
    private long next;
    private long total;

    public BoundedHistory(long capacity, ToLongFunction<T> weight) {
        if (capacity < 1) {
            throw new IllegalArgumentException("a history needs a capacity of at least 1");
        }
        this.capacity = capacity;
        this.weight = weight;
    }

    /** Adds an item; {@code make} gets the item's number (for items that carry it as their ID). */
    public T append(LongFunction<T> make) {
        lock.lock();
        try {
            T item = make.apply(next++);
            items.addLast(item);
            total += weight.applyAsLong(item);
            while (total > capacity && items.size() > 1) {
                total -= weight.applyAsLong(items.removeFirst());
            }
            appended.signalAll();
            return item;
        } finally {
            lock.unlock();
        }
    }

    /** The number the next item will get: a reader of only new items starts here. */
    public long end() {
        lock.lock();
        try {
            return next;
        } finally {
            lock.unlock();
        }
    }

    /** The number of the oldest item kept. */
    public long oldest() {
        lock.lock();
        try {
            return next - items.size();
        } finally {
            lock.unlock();
        }
    }

    /** Where a reader of the last {@code n} items starts (all of them when n is negative). */
    public long tail(int n) {
        lock.lock();
        try {
            return next - (n < 0 ? items.size() : Math.min(n, items.size()));
        } finally {
            lock.unlock();
        }
    }

    /** What a reader got: items from its position on, how many it missed, and where to read next. */
    public record Chunk<T>(List<T> items, long missed, long next) {
    }

    /** Waits up to {@code timeout} for items numbered {@code from} or later. */
    public Chunk<T> read(long from, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        lock.lock();
        try {
            while (from >= next) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return new Chunk<>(List.of(), 0, from);
                }
                appended.awaitNanos(left);
            }
            long number = next - items.size();
            List<T> out = new ArrayList<>();
            for (T item : items) {
                if (number++ >= from) {
                    out.add(item);
                }
            }
            return new Chunk<>(out, Math.max(next - items.size() - from, 0), next);
        } finally {
            lock.unlock();
        }
    }
}
