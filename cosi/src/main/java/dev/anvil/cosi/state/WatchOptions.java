package dev.anvil.cosi.state;

/**
 * Where a single-resource watch starts. By default its first event is the resource's current state (Created, or
 * Destroyed with a tombstone when absent); with {@code tailEvents} it first replays up to that many past events of
 * the resource instead, and from a bookmark it resumes just after the bookmarked event. Tail and bookmark exclude
 * each other.
 */
public record WatchOptions(int tailEvents, Bookmark startFromBookmark) {
    public static final WatchOptions DEFAULT = new WatchOptions(0, null);

    public WatchOptions {
        if (tailEvents < 0) {
            throw new IllegalArgumentException("tail events must not be negative: " + tailEvents);
        }
        if (tailEvents > 0 && startFromBookmark != null) {
            throw new IllegalArgumentException("a watch starts either from tail events or from a bookmark, not both");
        }
    }

    public static WatchOptions tail(int events) {
        return new WatchOptions(events, null);
    }

    public static WatchOptions fromBookmark(Bookmark bookmark) {
        return new WatchOptions(0, bookmark);
    }
}
