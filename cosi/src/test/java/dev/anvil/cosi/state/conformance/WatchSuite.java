package dev.anvil.cosi.state.conformance;

import dev.anvil.cosi.resource.IdQuery;
import dev.anvil.cosi.resource.LabelQuery;
import dev.anvil.cosi.resource.LabelTerm;
import dev.anvil.cosi.resource.Phase;
import dev.anvil.cosi.resource.Pointer;
import dev.anvil.cosi.resource.Resource;
import dev.anvil.cosi.state.Event;
import dev.anvil.cosi.state.EventType;
import dev.anvil.cosi.state.UpdateOptions;
import dev.anvil.cosi.state.WatchKindOptions;
import dev.anvil.cosi.state.WatchOptions;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Watches of one resource and of a kind (specs/cosi.md 6.1): what a new watch sees first, label and ID filters,
 * and the order of events. Resuming is in {@link BookmarkSuite}. Every State backend extends this class.
 */
public abstract class WatchSuite extends StateFixture {
    private static final Duration QUIET = Duration.ofMillis(100);

    @Test
    void watchKind_plain_seesOnlyNewEvents_inOrder() {
        create("p1");
        try (EventReader w = new EventReader(state.watchKind(paths(), WatchKindOptions.DEFAULT))) {
            create("p2");
            assertEvent(w.next(), EventType.CREATED, "p2");

            state.teardown(path("p1"));
            state.destroy(path("p1"));
            Event teardown = w.next();
            assertEvent(teardown, EventType.UPDATED, "p1");
            assertThat(((Event.Updated) teardown).old().metadata().phase()).isEqualTo(Phase.RUNNING);
            assertEvent(w.next(), EventType.DESTROYED, "p1");

            Resource<?> p2 = state.get(path("p2"));
            Resource<?> p2v2 = state.update(p2);
            Event.Updated updated = (Event.Updated) w.next();
            assertThat(updated.resource().metadata().version()).isEqualTo(p2v2.metadata().version());
            assertThat(updated.old().metadata().version()).isEqualTo(p2.metadata().version());
            w.assertNoEvent(QUIET);
        }
    }

    @Test
    void watchKind_bootstrap_listsContentsThenBootstrapped_thenLive() {
        create("b");
        create("a");
        try (EventReader plain = new EventReader(state.watchKind(paths(), WatchKindOptions.DEFAULT));
             EventReader boot = new EventReader(state.watchKind(paths(), WatchKindOptions.bootstrap()))) {
            List<Resource<?>> listed = state.list(paths());
            for (Resource<?> r : listed) {
                Event e = boot.next();
                assertThat(e.type()).isEqualTo(EventType.CREATED);
                assertThat(e.resource()).isEqualTo(r);
            }
            Event marker = boot.next();
            assertThat(marker.type()).isEqualTo(EventType.BOOTSTRAPPED);
            assertThat(marker.resource().metadata().kind()).isEqualTo(paths());
            assertThat(boot.batches().getFirst()).as("contents and marker come as one batch").hasSize(3);

            Resource<?> a2 = state.update(state.get(path("a")));
            for (EventReader w : List.of(plain, boot)) {
                Event e = w.next();
                assertEvent(e, EventType.UPDATED, "a");
                assertThat(e.resource().metadata().version()).isEqualTo(a2.metadata().version());
            }
        }
    }

    @Test
    void watchKind_tail_replaysHistory() {
        List<Event> seen;
        try (EventReader w = new EventReader(state.watchKind(paths(), WatchKindOptions.DEFAULT))) {
            Resource<?> r = create("r");
            r = state.update(r);
            state.update(r);
            state.teardown(path("r"));
            state.destroy(path("r"));
            seen = w.next(5);
        }
        try (EventReader tail = new EventReader(state.watchKind(paths(), WatchKindOptions.DEFAULT.withTailEvents(1000)))) {
            assertSameEvents(tail.next(5), seen);
        }
    }

    @Test
    void watchKind_labelFilters_rewriteMembershipChanges() {
        Pointer p1 = path("p1");
        Pointer p3 = path("p3");
        state.create(withLabels(PathSpec.path(ns, "p1"), "label", "label1", "common", "app"), "");
        WatchKindOptions boot = WatchKindOptions.bootstrap();
        try (EventReader w1 = new EventReader(state.watchKind(paths(),
                     boot.orLabels(LabelQuery.of(LabelTerm.equal("label", "label1")))));
             EventReader w2 = new EventReader(state.watchKind(paths(),
                     boot.orLabels(LabelQuery.of(LabelTerm.exists("common")))));
             EventReader w3 = new EventReader(state.watchKind(paths(),
                     boot.orLabels(LabelQuery.of(LabelTerm.equal("label", "label2")))
                             .orLabels(LabelQuery.of(LabelTerm.equal("label", "label3")))))) {
            state.create(withLabels(PathSpec.path(ns, "p2"), "label", "label2", "common", "app"), "");
            state.create(withLabels(PathSpec.path(ns, "p3"), "label", "label3"), "");

            assertEvent(w1.next(), EventType.CREATED, "p1");
            assertEvent(w2.next(), EventType.CREATED, "p1");
            for (EventReader w : List.of(w1, w2, w3)) {
                assertThat(w.next().type()).isEqualTo(EventType.BOOTSTRAPPED);
            }
            assertEvent(w2.next(), EventType.CREATED, "p2");
            assertEvent(w3.next(), EventType.CREATED, "p2");
            assertEvent(w3.next(), EventType.CREATED, "p3");

            relabel(p3, "common", "foo");
            Event joined = w2.next();
            assertEvent(joined, EventType.CREATED, "p3");
            assertThat(((Event.Created) joined).resource().metadata().labels()).containsEntry("common", "foo");
            assertEvent(w3.next(), EventType.UPDATED, "p3");

            relabel(p1, "app", "");
            for (EventReader w : List.of(w1, w2)) {
                Event.Updated e = (Event.Updated) w.next();
                assertThat(e.resource().metadata().labels()).containsKey("app");
                assertThat(e.old().metadata().labels()).doesNotContainKey("app");
            }

            state.updateWithConflicts(p1, r -> r.withMetadata(r.metadata().withoutLabel("common")),
                    UpdateOptions.DEFAULT);
            assertEvent(w2.next(), EventType.DESTROYED, "p1");
            Event.Updated stillIn = (Event.Updated) w1.next();
            assertThat(stillIn.resource().metadata().labels()).doesNotContainKey("common");
            assertThat(stillIn.old().metadata().labels()).containsKey("common");
            w3.assertNoEvent(QUIET);
        }
    }

    @Test
    void watchKind_idQuery_filtersBootstrapAndLiveEvents() {
        for (int i = 0; i < 10; i++) {
            create("idquery/path" + i);
        }
        try (EventReader w = new EventReader(state.watchKind(paths(),
                WatchKindOptions.bootstrap().withIdQuery(IdQuery.of("^idquery/.+[2-4]$"))))) {
            for (int i = 2; i <= 4; i++) {
                assertEvent(w.next(), EventType.CREATED, "idquery/path" + i);
            }
            assertThat(w.next().type()).isEqualTo(EventType.BOOTSTRAPPED);
            for (int i = 0; i < 10; i++) {
                state.destroy(path("idquery/path" + i));
            }
            for (int i = 2; i <= 4; i++) {
                assertEvent(w.next(), EventType.DESTROYED, "idquery/path" + i);
            }
            w.assertNoEvent(QUIET);
        }
    }

    @Test
    void watch_single_startsWithCurrentState_thenEveryChange() {
        Pointer p = path("var/run");
        try (EventReader w = new EventReader(state.watch(p, WatchOptions.DEFAULT))) {
            Event initial = w.next();
            assertThat(initial.type()).isEqualTo(EventType.DESTROYED);
            assertThat(initial.resource().id()).isEqualTo("var/run");

            create("var/run");
            create("unrelated");
            assertEvent(w.next(), EventType.CREATED, "var/run");
            assertThat(state.teardown(p)).isTrue();
            Event.Updated torn = (Event.Updated) w.next();
            assertThat(torn.resource().metadata().phase()).isEqualTo(Phase.TEARING_DOWN);
            assertThat(torn.old().metadata().phase()).isEqualTo(Phase.RUNNING);
            state.addFinalizer(p, "A");
            assertEvent(w.next(), EventType.UPDATED, "var/run");
            state.removeFinalizer(p, "A");
            assertEvent(w.next(), EventType.UPDATED, "var/run");
            state.destroy(p);
            assertEvent(w.next(), EventType.DESTROYED, "var/run");
            w.assertNoEvent(QUIET);
        }
    }

    @Test
    void watch_single_ofExistingResource_startsWithCreated() {
        Resource<?> r = create("var/run");
        try (EventReader w = new EventReader(state.watch(path("var/run"), WatchOptions.DEFAULT))) {
            Event initial = w.next();
            assertThat(initial.type()).isEqualTo(EventType.CREATED);
            assertThat(initial.resource()).isEqualTo(r);
        }
    }

    @Test
    void watch_single_tail_replaysThatResourceOnly() {
        Pointer p = path("var/run");
        List<Event> seen;
        try (EventReader w = new EventReader(state.watch(p, WatchOptions.DEFAULT))) {
            w.next();
            create("other");
            lifecycle("var/run");
            seen = w.next(5);
        }
        try (EventReader tail = new EventReader(state.watch(p, WatchOptions.tail(1000)))) {
            assertSameEvents(tail.next(5), seen);
            tail.assertNoEvent(QUIET);
        }
    }

    static void assertEvent(Event event, EventType type, String id) {
        assertThat(event.type()).as("event type of %s", event).isEqualTo(type);
        assertThat(event.resource().id()).isEqualTo(id);
    }

    static void assertSameEvents(List<Event> actual, List<Event> expected) {
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < expected.size(); i++) {
            assertThat(actual.get(i).type()).isEqualTo(expected.get(i).type());
            assertThat(actual.get(i).resource()).isEqualTo(expected.get(i).resource());
        }
    }

    private void relabel(Pointer p, String key, String value) {
        state.updateWithConflicts(p, r -> r.withMetadata(r.metadata().withLabel(key, value)),
                UpdateOptions.DEFAULT);
    }

    private static Resource<PathSpec> withLabels(Resource<PathSpec> r, String... keyValues) {
        for (int i = 0; i < keyValues.length; i += 2) {
            r = r.withMetadata(r.metadata().withLabel(keyValues[i], keyValues[i + 1]));
        }
        return r;
    }
}
