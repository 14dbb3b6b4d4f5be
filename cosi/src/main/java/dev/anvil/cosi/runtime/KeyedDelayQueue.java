package dev.anvil.cosi.runtime;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The work queue of a {@link QController}: keyed items, each released at a time.
 *
 * <p>Guarantees:
 * <ul>
 * <li>A key is queued at most once: putting a queued key replaces its value and moves its release time earlier,
 *     never later.</li>
 * <li>Items come out by release time; equal times come out in the order they were first put (FIFO).</li>
 * <li>A key taken by a worker is on hold until {@link #release} or {@link #requeue}: it is never handed to a second
 *     worker meanwhile. Puts during the hold are parked (the last value wins) and queued for now on release, so a
 *     change during a reconcile is reconciled right after it, and a requeue never overrides that fresher put.</li>
 * <li>{@link #size()} counts queued and held keys.</li>
 * </ul>
 * Values may be null. Thread-safe; {@link #take()} blocks and is interruptible.
 */
final class KeyedDelayQueue<K, V> {
    /** An item handed to a worker. */
    record Item<K, V>(K key, V value) {
    }

    private static final class Entry<K, V> {
        final K key;
        final long sequence;
        V value;
        long releaseAt;

        Entry(K key, V value, long releaseAt, long sequence) {
            this.key = key;
            this.value = value;
            this.releaseAt = releaseAt;
            this.sequence = sequence;
        }
    }

    private record Parked<V>(V value) {
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final Map<K, Entry<K, V>> queued = new HashMap<>();
    private final TreeSet<Entry<K, V>> order = new TreeSet<>((a, b) -> a.releaseAt != b.releaseAt
            ? Long.compare(a.releaseAt, b.releaseAt) : Long.compare(a.sequence, b.sequence));
    private final Set<K> held = new HashSet<>();
    private final Map<K, Parked<V>> parked = new HashMap<>();
    private long sequence;

    /** Queues the key for now. */
    void put(K key, V value) {
        put(key, value, Duration.ZERO);
    }

    /** Queues the key after {@code delay}, or earlier if it is already queued for earlier. */
    void put(K key, V value, Duration delay) {
        lock.lock();
        try {
            if (held.contains(key)) {
                parked.put(key, new Parked<>(value));
            } else {
                enqueue(key, value, System.nanoTime() + delay.toNanos());
            }
        } finally {
            lock.unlock();
        }
    }

    /** Blocks until an item's release time has come, puts its key on hold and returns it. */
    Item<K, V> take() throws InterruptedException {
        lock.lockInterruptibly();
        try {
            while (true) {
                if (order.isEmpty()) {
                    changed.await();
                    continue;
                }
                Entry<K, V> head = order.first();
                long wait = head.releaseAt - System.nanoTime();
                if (wait > 0) {
                    changed.awaitNanos(wait);
                    continue;
                }
                order.pollFirst();
                queued.remove(head.key);
                held.add(head.key);
                return new Item<>(head.key, head.value);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Ends the hold of a taken key; a put parked meanwhile is queued now. */
    void release(K key) {
        requeue(key, null, null);
    }

    /**
     * Ends the hold and queues the key again after {@code delay} with {@code value}, unless a put was parked
     * meanwhile: then the parked value is queued for now instead.
     */
    void requeue(K key, V value, Duration delay) {
        lock.lock();
        try {
            if (!held.remove(key)) {
                throw new IllegalStateException("key " + key + " is not on hold");
            }
            Parked<V> fresh = parked.remove(key);
            if (fresh != null) {
                enqueue(key, fresh.value(), System.nanoTime());
            } else if (delay != null) {
                enqueue(key, value, System.nanoTime() + delay.toNanos());
            }
        } finally {
            lock.unlock();
        }
    }

    int size() {
        lock.lock();
        try {
            return queued.size() + held.size();
        } finally {
            lock.unlock();
        }
    }

    private void enqueue(K key, V value, long releaseAt) {
        Entry<K, V> entry = queued.get(key);
        if (entry == null) {
            entry = new Entry<>(key, value, releaseAt, sequence++);
            queued.put(key, entry);
            order.add(entry);
        } else {
            entry.value = value;
            if (releaseAt < entry.releaseAt) {
                order.remove(entry);
                entry.releaseAt = releaseAt;
                order.add(entry);
            }
        }
        changed.signalAll();
    }
}
