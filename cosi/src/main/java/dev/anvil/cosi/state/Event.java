package dev.anvil.cosi.state;

import dev.anvil.cosi.resource.Kind;
import dev.anvil.cosi.resource.Metadata;
import dev.anvil.cosi.resource.Resource;

import java.util.Objects;

/**
 * One thing a watch reports. Created, Updated and Destroyed carry the resource (Updated also the previous one, or
 * null when a label-filtered watch only saw it enter or leave its filter); Bootstrapped ends the initial contents
 * of a kind watch and Noop marks its start point; both carry a tombstone of the kind. Errored ends a watch
 * (a reader that fell out of the history, or a broken remote stream).
 * Every event but Errored (and the initial state of a single-resource watch) carries a bookmark.
 */
public sealed interface Event {
    EventType type();

    /** The resource the event is about: a tombstone for markers, null for Errored. */
    Resource<?> resource();

    /** Where a watch may resume after this event, or null. */
    Bookmark bookmark();

    record Created(Resource<?> resource, Bookmark bookmark) implements Event {
        public EventType type() {
            return EventType.CREATED;
        }
    }

    record Updated(Resource<?> resource, Resource<?> old, Bookmark bookmark) implements Event {
        public EventType type() {
            return EventType.UPDATED;
        }
    }

    record Destroyed(Resource<?> resource, Bookmark bookmark) implements Event {
        public EventType type() {
            return EventType.DESTROYED;
        }
    }

    record Bootstrapped(Resource<?> resource, Bookmark bookmark) implements Event {
        public Bootstrapped(Kind kind, Bookmark bookmark) {
            this(marker(kind), bookmark);
        }

        public EventType type() {
            return EventType.BOOTSTRAPPED;
        }
    }

    record Noop(Resource<?> resource, Bookmark bookmark) implements Event {
        public Noop(Kind kind, Bookmark bookmark) {
            this(marker(kind), bookmark);
        }

        public EventType type() {
            return EventType.NOOP;
        }
    }

    record Errored(RuntimeException cause) implements Event {
        public Errored {
            Objects.requireNonNull(cause, "cause");
        }

        public EventType type() {
            return EventType.ERRORED;
        }

        public Resource<?> resource() {
            return null;
        }

        public Bookmark bookmark() {
            return null;
        }
    }

    private static Resource<?> marker(Kind kind) {
        return Resource.tombstone(Metadata.of(kind.namespace(), kind.type(), ""));
    }
}
