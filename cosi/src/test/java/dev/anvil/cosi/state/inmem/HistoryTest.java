package dev.anvil.cosi.state.inmem;

import dev.anvil.cosi.resource.Kind;
import dev.anvil.cosi.resource.Pointer;
import dev.anvil.cosi.resource.Resource;
import dev.anvil.cosi.state.BufferOverrunException;
import dev.anvil.cosi.state.Event;
import dev.anvil.cosi.state.EventType;
import dev.anvil.cosi.state.InvalidBookmarkException;
import dev.anvil.cosi.state.Watch;
import dev.anvil.cosi.state.WatchKindOptions;
import dev.anvil.cosi.state.WatchOptions;
import dev.anvil.cosi.state.conformance.EventReader;
import dev.anvil.cosi.state.conformance.PathSpec;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** How the in-memory history behaves at its limits (specs/cosi.md 6.2 #71, #72). */
class HistoryTest {
    private final Kind paths = new Kind("default", PathSpec.TYPE);

    @Test
    void slowReaders_ofKindAndId_getOneOverrunError_thenTheWatchEnds() throws Exception {
        InMemoryState state = new InMemoryState(HistoryOptions.fixed(10, 5));
        try (Watch kindWatch = state.watchKind(paths, WatchKindOptions.DEFAULT);
             Watch idWatch = state.watch(paths.pointer("0"), WatchOptions.DEFAULT)) {
            List<Resource<?>> created = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                created.add(state.create(PathSpec.path("default", Integer.toString(i)), ""));
            }
            for (int i = 0; i < 20; i++) {
                Resource<?> r = created.get(i % 10);
                created.set(i % 10, state.update(r));
            }
            assertThat(readUntilEnd(kindWatch)).last()
                    .satisfies(e -> assertThat(e).isInstanceOfSatisfying(Event.Errored.class, err -> {
                        assertThat(err.cause()).isInstanceOf(BufferOverrunException.class);
                        assertThat(err.cause().getMessage())
                                .contains("buffer overrun: namespace \"default\" type \"os/path\"");
                    }));
            List<Event> idEvents = readUntilEnd(idWatch);
            assertThat(idEvents.getFirst().type()).isEqualTo(EventType.DESTROYED);
            assertThat(idEvents.getLast().type()).isEqualTo(EventType.ERRORED);
            assertThat(kindWatch.isClosed()).isTrue();
            assertThat(kindWatch.next(Duration.ofMillis(10))).isEmpty();
        }
    }

    @Test
    void growingHistory_keepsEveryEventForAnIdleReader() throws Exception {
        InMemoryState state = new InMemoryState(new HistoryOptions(4, 4095, 5));
        try (EventReader w = new EventReader(state.watchKind(paths, WatchKindOptions.DEFAULT))) {
            for (int i = 0; i < 4095; i++) {
                state.create(PathSpec.path("default", Integer.toString(i)), "");
            }
            List<Event> events = w.next(4095);
            assertThat(events).allSatisfy(e -> assertThat(e.type()).isEqualTo(EventType.CREATED));
            assertThat(events.getLast().resource().id()).isEqualTo("4094");
        }
    }

    @Test
    void bookmark_olderThanTheHistory_isRejected() throws Exception {
        InMemoryState state = new InMemoryState(HistoryOptions.fixed(10, 2));
        Pointer first = paths.pointer("first");
        Event firstEvent;
        try (EventReader w = new EventReader(state.watchKind(paths, WatchKindOptions.DEFAULT))) {
            state.create(PathSpec.path("default", "first"), "");
            firstEvent = w.next();
        }
        for (int i = 0; i < 20; i++) {
            state.create(PathSpec.path("default", "n" + i), "");
        }
        assertThatThrownBy(() -> state.watchKind(paths, WatchKindOptions.DEFAULT.fromBookmark(firstEvent.bookmark())))
                .isInstanceOf(InvalidBookmarkException.class).hasMessageContaining("outside the history");
        assertThat(state.get(first).id()).isEqualTo("first");
    }

    @Test
    void tail_isCappedByCapacityLessGap() throws Exception {
        InMemoryState state = new InMemoryState(HistoryOptions.fixed(10, 3));
        for (int i = 0; i < 30; i++) {
            state.create(PathSpec.path("default", "n" + i), "");
        }
        try (Watch w = state.watchKind(paths, WatchKindOptions.DEFAULT.withTailEvents(100))) {
            List<Event> replayed = w.next(Duration.ofSeconds(1));
            assertThat(replayed).hasSize(7);
            assertThat(replayed.getFirst().resource().id()).isEqualTo("n23");
        }
    }

    private static List<Event> readUntilEnd(Watch watch) throws InterruptedException {
        List<Event> all = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!watch.isClosed() && System.nanoTime() < deadline) {
            all.addAll(watch.next(Duration.ofMillis(100)));
        }
        return all;
    }
}
