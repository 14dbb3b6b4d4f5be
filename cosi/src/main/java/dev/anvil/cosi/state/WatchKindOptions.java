package dev.anvil.cosi.state;

import dev.anvil.cosi.resource.IdQuery;
import dev.anvil.cosi.resource.LabelQuery;

import java.util.ArrayList;
import java.util.List;

/**
 * Where a kind watch starts and what it sees. With no start option it reports only what happens after it was
 * opened. {@code bootstrapContents} first reports every matching resource as Created, then Bootstrapped;
 * {@code bootstrapBookmark} first reports a Noop carrying the start bookmark; {@code tailEvents} replays recent
 * history; {@code startFromBookmark} resumes after a bookmarked event. Bootstrap contents, tail and bookmark
 * exclude each other. Label and ID queries filter the events (see {@link ListOptions}).
 */
public record WatchKindOptions(
        boolean bootstrapContents,
        boolean bootstrapBookmark,
        int tailEvents,
        Bookmark startFromBookmark,
        ListOptions filter) {

    public static final WatchKindOptions DEFAULT = new WatchKindOptions(false, false, 0, null, ListOptions.ALL);

    public WatchKindOptions {
        if (tailEvents < 0) {
            throw new IllegalArgumentException("tail events must not be negative: " + tailEvents);
        }
        List<String> starts = new ArrayList<>();
        if (bootstrapContents) {
            starts.add("bootstrap contents");
        }
        if (tailEvents > 0) {
            starts.add("tail events");
        }
        if (startFromBookmark != null) {
            starts.add("a bookmark");
        }
        if (starts.size() > 1) {
            throw new IllegalArgumentException("a kind watch starts from one of bootstrap contents, tail events or a"
                    + " bookmark, not " + String.join(" and ", starts));
        }
    }

    public static WatchKindOptions bootstrap() {
        return DEFAULT.withBootstrapContents(true);
    }

    public WatchKindOptions withBootstrapContents(boolean b) {
        return new WatchKindOptions(b, bootstrapBookmark, tailEvents, startFromBookmark, filter);
    }

    public WatchKindOptions withBootstrapBookmark(boolean b) {
        return new WatchKindOptions(bootstrapContents, b, tailEvents, startFromBookmark, filter);
    }

    public WatchKindOptions withTailEvents(int n) {
        return new WatchKindOptions(bootstrapContents, bootstrapBookmark, n, startFromBookmark, filter);
    }

    public WatchKindOptions fromBookmark(Bookmark b) {
        return new WatchKindOptions(bootstrapContents, bootstrapBookmark, tailEvents, b, filter);
    }

    public WatchKindOptions orLabels(LabelQuery query) {
        return new WatchKindOptions(bootstrapContents, bootstrapBookmark, tailEvents, startFromBookmark,
                filter.orLabels(query));
    }

    public WatchKindOptions withIdQuery(IdQuery query) {
        return new WatchKindOptions(bootstrapContents, bootstrapBookmark, tailEvents, startFromBookmark,
                filter.withIdQuery(query));
    }
}
