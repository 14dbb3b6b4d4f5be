package dev.anvil.cosi.state.inmem;

import dev.anvil.cosi.resource.Kind;
import dev.anvil.cosi.resource.Metadata;
import dev.anvil.cosi.resource.Pointer;
import dev.anvil.cosi.resource.Resource;
import dev.anvil.cosi.resource.Version;
import dev.anvil.cosi.state.Bookmark;
import dev.anvil.cosi.state.ConflictException;
import dev.anvil.cosi.state.ConflictException.Reason;
import dev.anvil.cosi.state.Event;
import dev.anvil.cosi.state.EventType;
import dev.anvil.cosi.state.InvalidBookmarkException;
import dev.anvil.cosi.state.ListOptions;
import dev.anvil.cosi.state.NotFoundException;
import dev.anvil.cosi.state.State;
import dev.anvil.cosi.state.UpdateOptions;
import dev.anvil.cosi.state.Watch;
import dev.anvil.cosi.state.WatchKindOptions;
import dev.anvil.cosi.state.WatchOptions;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The resources of one kind and the history of their events.
 *
 * <p>Design: one lock guards the resources, the history ring and the write position. A write checks, stores and
 * appends its event to the ring under the lock, then wakes waiting readers. Stored resources are immutable, so the
 * ring and every reader share them. Each watch keeps its own read position into the ring: it copies what is new
 * under the lock and filters outside it. Writers never wait for readers; a reader whose position has been
 * overwritten (more than a capacity behind) gets an overrun error. The ring doubles while on its first lap, so a
 * slot index {@code position % capacity} stays valid as it grows.
 *
 * <p>A watch's start point (bootstrap snapshot, tail, bookmark) is fixed under the same lock as the write position,
 * so nothing is lost or repeated between a snapshot and the live events.
 */
final class KindStore {
    /** One write as history keeps it; the watch stamps the bookmark when it hands the event out. */
    record Entry(EventType type, Resource<?> resource, Resource<?> old) {
    }

    private final Kind kind;
    private final int maxCapacity;
    private final int gap;
    private final long cookie = ThreadLocalRandom.current().nextLong();

    final ReentrantLock lock = new ReentrantLock();
    final Condition written = lock.newCondition();
    private final TreeMap<String, Resource<?>> resources = new TreeMap<>();
    private Entry[] ring;
    /** Written under the lock; volatile so that a reader may look for news without taking it. */
    private volatile long writePos;

    KindStore(Kind kind, HistoryOptions options) {
        this.kind = kind;
        this.maxCapacity = options.maxCapacity();
        this.gap = options.gap();
        this.ring = new Entry[options.initialCapacity()];
    }

    Kind kind() {
        return kind;
    }

    Resource<?> get(Pointer pointer) {
        lock.lock();
        try {
            Resource<?> r = resources.get(pointer.id());
            if (r == null) {
                throw new NotFoundException(pointer);
            }
            return r;
        } finally {
            lock.unlock();
        }
    }

    /** How many resources the kind holds now. */
    int size() {
        lock.lock();
        try {
            return resources.size();
        } finally {
            lock.unlock();
        }
    }

    List<Resource<?>> list(ListOptions options) {
        lock.lock();
        try {
            List<Resource<?>> result = new ArrayList<>();
            for (Resource<?> r : resources.values()) {
                if (options.matches(r.metadata())) {
                    result.add(r);
                }
            }
            return result;
        } finally {
            lock.unlock();
        }
    }

    Resource<?> create(Resource<?> resource, String owner) {
        Metadata m = resource.metadata();
        Pointer pointer = m.pointer();
        if (m.id().isEmpty()) {
            throw new IllegalArgumentException("a resource of " + kind + " needs a non-empty ID");
        }
        if (!m.owner().isEmpty() && !m.owner().equals(owner)) {
            throw new ConflictException(pointer, Reason.OWNER,
                    "owner is already set to \"" + m.owner() + "\", not \"" + owner + "\"");
        }
        Instant now = Instant.now();
        Resource<?> stored = resource.withMetadata(m.withVersion(Version.of(1)).withOwner(owner).withTimes(now, now));
        lock.lock();
        try {
            if (resources.putIfAbsent(m.id(), stored) != null) {
                throw new ConflictException(pointer, Reason.ALREADY_EXISTS, "already exists");
            }
            append(new Entry(EventType.CREATED, stored, null));
        } finally {
            lock.unlock();
        }
        return stored;
    }

    Resource<?> update(Resource<?> resource, UpdateOptions options) {
        Metadata m = resource.metadata();
        Pointer pointer = m.pointer();
        Instant now = Instant.now();
        lock.lock();
        try {
            Resource<?> current = resources.get(m.id());
            if (current == null) {
                throw new NotFoundException(pointer);
            }
            Metadata cm = current.metadata();
            if (!options.owner().equals(cm.owner())) {
                throw ownerConflict(pointer, options.owner(), cm.owner());
            }
            if (!m.version().equals(cm.version())) {
                throw new ConflictException(pointer, Reason.VERSION_MISMATCH,
                        "version " + m.version() + " is not the stored version " + cm.version());
            }
            if (!options.accepts(cm.phase())) {
                throw State.phaseConflict(pointer, options.expectedPhase(), cm.phase());
            }
            Resource<?> stored = resource.withMetadata(
                    m.withVersion(cm.version().next()).withOwner(cm.owner()).withTimes(cm.created(), now));
            resources.put(m.id(), stored);
            append(new Entry(EventType.UPDATED, stored, current));
            return stored;
        } finally {
            lock.unlock();
        }
    }

    void destroy(Pointer pointer, String owner) {
        lock.lock();
        try {
            Resource<?> current = resources.get(pointer.id());
            if (current == null) {
                throw new NotFoundException(pointer);
            }
            Metadata cm = current.metadata();
            if (!owner.equals(cm.owner())) {
                throw ownerConflict(pointer, owner, cm.owner());
            }
            if (!cm.finalizers().isEmpty()) {
                throw new ConflictException(pointer, Reason.PENDING_FINALIZERS,
                        "finalizers are pending: " + cm.finalizers());
            }
            resources.remove(pointer.id());
            append(new Entry(EventType.DESTROYED, current, null));
        } finally {
            lock.unlock();
        }
    }

    private static ConflictException ownerConflict(Pointer pointer, String writer, String owner) {
        return new ConflictException(pointer, Reason.OWNER,
                "owned by \"" + owner + "\", not by \"" + writer + "\"");
    }

    /** Called with the lock held. */
    private void append(Entry entry) {
        if (writePos == ring.length && ring.length < maxCapacity) {
            Entry[] grown = new Entry[Math.min(ring.length * 2, maxCapacity)];
            System.arraycopy(ring, 0, grown, 0, ring.length);
            ring = grown;
        }
        ring[(int) (writePos % ring.length)] = entry;
        writePos++;
        written.signalAll();
    }

    // ---- reading history; every method below is called with the lock held ----

    long writePos() {
        return writePos;
    }

    int capacity() {
        return ring.length;
    }

    /** The oldest position a tail or bookmark start may use. */
    long oldestReadable() {
        return Math.max(writePos - ring.length + gap, 0);
    }

    Entry entry(long position) {
        return ring[(int) (position % ring.length)];
    }

    Resource<?> current(String id) {
        return resources.get(id);
    }

    Iterable<Resource<?>> all() {
        return resources.values();
    }

    int maxTail() {
        return ring.length - gap;
    }

    Bookmark bookmark(long position) {
        return Bookmark.of(ByteBuffer.allocate(16).putLong(cookie).putLong(position).array());
    }

    /** The position a bookmark points at; it must be one of ours and still in the readable history. */
    long position(Bookmark bookmark, long lowest, String id) {
        Pointer where = kind.pointer(id);
        byte[] bytes = bookmark.toBytes();
        if (bytes.length != 16) {
            throw new InvalidBookmarkException(where, "expected 16 bytes, got " + bytes.length);
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        if (buffer.getLong() != cookie) {
            throw new InvalidBookmarkException(where, "it was issued by another state");
        }
        long position = buffer.getLong();
        if (position < lowest || position < writePos - ring.length + gap || position >= writePos) {
            throw new InvalidBookmarkException(where, "position " + position + " is outside the history ["
                    + Math.max(lowest, writePos - ring.length + gap) + ", " + writePos + ")");
        }
        return position;
    }

    Watch watch(String id, WatchOptions options) {
        lock.lock();
        try {
            List<Event> initial = new ArrayList<>();
            long start = writePos;
            if (options.startFromBookmark() != null) {
                start = position(options.startFromBookmark(), 0, id) + 1;
            } else if (options.tailEvents() > 0) {
                long lowest = oldestReadable();
                int found = 0;
                while (start > lowest && found < options.tailEvents()) {
                    start--;
                    if (entry(start).resource().id().equals(id)) {
                        found++;
                    }
                }
            } else {
                Resource<?> r = resources.get(id);
                initial.add(r != null
                        ? new Event.Created(r, null)
                        : new Event.Destroyed(Resource.tombstone(kind.pointer(id)), null));
            }
            return new HistoryWatch(this, id, ListOptions.ALL, start, initial);
        } finally {
            lock.unlock();
        }
    }

    Watch watchKind(WatchKindOptions options) {
        lock.lock();
        try {
            List<Event> initial = new ArrayList<>();
            long start = writePos;
            if (options.startFromBookmark() != null) {
                start = position(options.startFromBookmark(), -1, "") + 1;
            } else if (options.tailEvents() > 0) {
                start = Math.max(writePos - Math.min(options.tailEvents(), maxTail()), 0);
            }
            if (options.bootstrapContents()) {
                for (Resource<?> r : resources.values()) {
                    if (options.filter().matches(r.metadata())) {
                        initial.add(new Event.Created(r, null));
                    }
                }
                initial.add(new Event.Bootstrapped(kind, bookmark(writePos - 1)));
            } else if (options.bootstrapBookmark()) {
                initial.add(new Event.Noop(kind, bookmark(start - 1)));
            }
            return new HistoryWatch(this, null, options.filter(), start, initial);
        } finally {
            lock.unlock();
        }
    }
}
