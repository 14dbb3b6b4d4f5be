package dev.anvil.cosi.state.conformance;

import dev.anvil.cosi.resource.Pointer;
import dev.anvil.cosi.resource.Resource;
import dev.anvil.cosi.state.Bookmark;
import dev.anvil.cosi.state.Event;
import dev.anvil.cosi.state.EventType;
import dev.anvil.cosi.state.InvalidBookmarkException;
import dev.anvil.cosi.state.WatchKindOptions;
import dev.anvil.cosi.state.WatchOptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static dev.anvil.cosi.state.conformance.WatchSuite.assertEvent;
import static dev.anvil.cosi.state.conformance.WatchSuite.assertSameEvents;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Resuming watches from bookmarks (specs/cosi.md 6.1 #37-41 and 6.2 #73). */
public abstract class BookmarkSuite extends StateFixture {

    @Test
    void watch_single_resumesAfterEachBookmark() {
        Pointer p = path("var/run");
        List<Event> events;
        try (EventReader w = new EventReader(state.watch(p, WatchOptions.DEFAULT))) {
            lifecycle("var/run");
            events = w.next(6);
        }
        assertThat(events.getFirst().bookmark()).as("the initial state has no bookmark").isNull();
        assertThat(events.subList(1, 6)).allSatisfy(e -> assertThat(e.bookmark()).isNotNull());
        create("var/run");
        for (int i = 1; i < events.size(); i++) {
            try (EventReader resumed = new EventReader(state.watch(p, WatchOptions.fromBookmark(events.get(i).bookmark())))) {
                assertSameEvents(resumed.next(events.size() - 1 - i), events.subList(i + 1, events.size()));
                assertEvent(resumed.next(), EventType.CREATED, "var/run");
            }
        }
    }

    @ParameterizedTest(name = "bootstrapContents={0}")
    @ValueSource(booleans = {false, true})
    void watchKind_resumesAfterEachBookmark_includingTheStartMarker(boolean bootstrapContents) {
        Pointer p = path("r");
        Resource<?> r = create("r");
        create("other");
        WatchKindOptions options = WatchKindOptions.DEFAULT.withBootstrapContents(bootstrapContents)
                .withBootstrapBookmark(!bootstrapContents);
        List<Event> recorded = new ArrayList<>();
        try (EventReader w = new EventReader(state.watchKind(paths(), options))) {
            if (bootstrapContents) {
                assertEvent(w.next(), EventType.CREATED, "other");
                assertEvent(w.next(), EventType.CREATED, "r");
                assertThat(w.next().type()).isEqualTo(EventType.BOOTSTRAPPED);
            } else {
                assertThat(w.next().type()).isEqualTo(EventType.NOOP);
            }
            recorded.add(w.batches().getFirst().getLast());
            r = state.update(r);
            state.update(r);
            state.teardown(p);
            state.destroy(p);
            recorded.addAll(w.next(4));
        }
        assertThat(recorded).extracting(Event::type).containsExactly(recorded.getFirst().type(),
                EventType.UPDATED, EventType.UPDATED, EventType.UPDATED, EventType.DESTROYED);
        assertThat(recorded).allSatisfy(e -> assertThat(e.bookmark()).isNotNull());

        create("r");
        for (int i = 0; i < recorded.size(); i++) {
            WatchKindOptions resume = WatchKindOptions.DEFAULT.fromBookmark(recorded.get(i).bookmark());
            try (EventReader resumed = new EventReader(state.watchKind(paths(), resume))) {
                assertSameEvents(resumed.next(recorded.size() - 1 - i), recorded.subList(i + 1, recorded.size()));
                assertEvent(resumed.next(), EventType.CREATED, "r");
                resumed.assertNoEvent(Duration.ofMillis(50));
            }
        }
    }

    @Test
    void watchKind_fromStartMarkerOfAnEmptyKind_seesTheFirstEvent() {
        Bookmark start;
        try (EventReader w = new EventReader(state.watchKind(paths(), WatchKindOptions.bootstrap()))) {
            start = w.next().bookmark();
        }
        create("first");
        try (EventReader resumed = new EventReader(state.watchKind(paths(), WatchKindOptions.DEFAULT.fromBookmark(start)))) {
            assertEvent(resumed.next(), EventType.CREATED, "first");
        }
    }

    @Test
    void tamperedBookmark_isRejected() {
        create("x");
        byte[] bytes;
        try (EventReader w = new EventReader(state.watchKind(paths(), WatchKindOptions.bootstrap()))) {
            w.next();
            bytes = w.next().bookmark().toBytes();
        }
        bytes[0] ^= 1;
        Bookmark tampered = Bookmark.of(bytes);
        assertThatThrownBy(() -> state.watchKind(paths(), WatchKindOptions.DEFAULT.fromBookmark(tampered)))
                .isInstanceOf(InvalidBookmarkException.class);
        assertThatThrownBy(() -> state.watch(path("x"), WatchOptions.fromBookmark(Bookmark.of(new byte[] {1, 2}))))
                .isInstanceOf(InvalidBookmarkException.class);
    }
}
