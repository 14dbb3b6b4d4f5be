package dev.anvil.cosi.state.conformance;

import dev.anvil.cosi.resource.IdQuery;
import dev.anvil.cosi.resource.LabelQuery;
import dev.anvil.cosi.resource.LabelTerm;
import dev.anvil.cosi.resource.LabelTerm.Op;
import dev.anvil.cosi.resource.Phase;
import dev.anvil.cosi.resource.Pointer;
import dev.anvil.cosi.resource.Resource;
import dev.anvil.cosi.resource.Version;
import dev.anvil.cosi.state.ConflictException.Reason;
import dev.anvil.cosi.state.ListOptions;
import dev.anvil.cosi.state.NotFoundException;
import dev.anvil.cosi.state.UpdateOptions;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The State contract without watches (specs/cosi.md 6.1): create, read, update, destroy, owners, finalizers,
 * phases, queries and the conflict-retrying helpers. Every State backend extends this class.
 */
public abstract class StateSuite extends StateFixture {

    @Test
    void get_missing_isNotFound() {
        assertNotFound(() -> state.get(path("var/run")));
        assertNotFound(() -> state.get(path("var/lib")));
    }

    @Test
    void list_emptyKind_isEmpty() {
        assertThat(state.list(paths())).isEmpty();
    }

    @Test
    void create_thenGetAndList_sortedById() {
        create("var/run");
        create("var/lib");
        assertThat(state.get(path("var/run")).pointer()).isEqualTo(path("var/run"));
        assertThat(state.get(path("var/lib")).pointer()).isEqualTo(path("var/lib"));
        assertThat(ids(paths(), ListOptions.ALL)).containsExactly("var/lib", "var/run");
    }

    @Test
    void list_seesOnlyItsNamespace() {
        String other = ns.equals("default") ? "system" : "default";
        create("var/run");
        state.create(PathSpec.path(other, "var/lib"), "");
        pathIn(other, "var/lib");
        assertThat(ids(paths(), ListOptions.ALL)).containsExactly("var/run");
        assertThat(ids(pathIn(other, "x").kind(), ListOptions.ALL)).containsExactly("var/lib");
    }

    @Test
    void create_existingId_conflicts() {
        create("var/run");
        assertConflict(() -> create("var/run"), Reason.ALREADY_EXISTS);
    }

    @Test
    void create_storesVersionOneAndTimes() {
        Resource<?> stored = create("var/run");
        assertThat(stored.metadata().version()).isEqualTo(Version.of(1));
        assertThat(stored.metadata().phase()).isEqualTo(Phase.RUNNING);
        assertThat(state.get(path("var/run")).metadata().created()).isEqualTo(stored.metadata().created());
    }

    @Test
    void teardownAndDestroy_thenGone_andIdReusable() {
        create("var/run");
        create("var/lib");
        assertThat(state.teardown(path("var/run"))).isTrue();
        state.destroy(path("var/run"));
        assertNotFound(() -> state.teardown(path("var/run")));
        assertNotFound(() -> state.destroy(path("var/run")));
        assertNotFound(() -> state.get(path("var/run")));
        assertThat(ids(paths(), ListOptions.ALL)).containsExactly("var/lib");
        assertThat(state.teardown(path("var/lib"))).isTrue();
        create("var/run");
        assertThat(state.get(path("var/run")).metadata().phase()).isEqualTo(Phase.RUNNING);
    }

    @Test
    void destroy_withoutTeardown_isAllowed() {
        create("var/run");
        state.destroy(path("var/run"));
        assertNotFound(() -> state.get(path("var/run")));
    }

    @Test
    void updateWithConflicts_changesACopy() {
        Resource<?> created = create("var/run");
        Resource<?> updated = state.updateWithConflicts(path("var/run"),
                r -> r.withMetadata(r.metadata().withLabel("foo", "bar")), UpdateOptions.DEFAULT);
        assertThat(updated.metadata().labels()).containsEntry("foo", "bar");
        assertThat(updated.metadata().version()).isEqualTo(Version.of(2));
        assertThat(created.metadata().labels()).isEmpty();
    }

    @Test
    void updateWithConflicts_noChange_writesNothing() {
        create("var/run");
        Resource<?> same = state.updateWithConflicts(path("var/run"), r -> r, UpdateOptions.owner("someone-else"));
        assertThat(same.metadata().version()).isEqualTo(Version.of(1));
    }

    @Test
    void owners_guardUpdateTeardownAndDestroy_butNotFinalizers() {
        state.create(PathSpec.path(ns, "o1"), "owner1");
        Resource<?> o2 = state.create(PathSpec.path(ns, "o2"), "owner2");
        assertThat(state.get(path("o1")).metadata().owner()).isEqualTo("owner1");
        assertThat(o2.metadata().owner()).isEqualTo("owner2");

        Resource<?> changed = o2.withMetadata(o2.metadata().withLabel("k", "v"));
        assertConflict(() -> state.update(changed), Reason.OWNER);
        assertConflict(() -> state.update(changed, UpdateOptions.owner("owner1")), Reason.OWNER);
        state.update(changed, UpdateOptions.owner("owner2"));

        assertConflict(() -> state.teardown(path("o1")), Reason.OWNER);
        assertThat(state.teardown(path("o1"), "owner1")).isTrue();
        assertConflict(() -> state.destroy(path("o1"), "owner2"), Reason.OWNER);
        state.destroy(path("o1"), "owner1");

        state.addFinalizer(path("o2"), "A");
        state.removeFinalizer(path("o2"), "A");
        assertThat(state.get(path("o2")).metadata().finalizers()).isEmpty();
    }

    @Test
    void create_ofResourceNamingAnotherOwner_conflicts() {
        Resource<?> foreign = PathSpec.path(ns, "x").withMetadata(PathSpec.path(ns, "x").metadata().withOwner("a"));
        assertConflict(() -> state.create(foreign, "b"), Reason.OWNER);
        path("x");
    }

    @Test
    void concurrentFinalizerChanges_allApply() throws Exception {
        create("var/run");
        Pointer p = path("var/run");
        try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
            List<Future<?>> calls = new ArrayList<>();
            for (String f : List.of("A", "B", "C", "D", "E", "F", "G", "H")) {
                calls.add(pool.submit(() -> state.addFinalizer(p, f)));
            }
            for (String f : List.of("A", "B", "C")) {
                calls.add(pool.submit(() -> state.removeFinalizer(p, f)));
            }
            for (Future<?> call : calls) {
                call.get();
            }
            calls.clear();
            for (String f : List.of("A", "B", "C")) {
                calls.add(pool.submit(() -> state.removeFinalizer(p, f)));
            }
            for (Future<?> call : calls) {
                call.get();
            }
        }
        assertThat(state.get(p).metadata().finalizers()).containsExactlyInAnyOrder("D", "E", "F", "G", "H");
    }

    @Test
    void parallelDestroy_eachSucceedsOrIsNotFound() throws Exception {
        create("/");
        try (ExecutorService pool = Executors.newFixedThreadPool(10)) {
            List<Future<?>> calls = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                calls.add(pool.submit(() -> {
                    try {
                        state.destroy(path("/"));
                    } catch (NotFoundException lost) {
                        // another destroy won
                    }
                }));
            }
            for (Future<?> call : calls) {
                call.get();
            }
        }
        assertNotFound(() -> state.get(path("/")));
    }

    @Test
    void teardown_withFinalizer_isNotReady_untilRemoved() {
        create("var/run");
        state.addFinalizer(path("var/run"), "A");
        assertConflict(() -> state.destroy(path("var/run")), Reason.PENDING_FINALIZERS);
        assertThat(state.teardown(path("var/run"))).isFalse();
        assertThat(state.teardown(path("var/run"))).isFalse();
        assertConflict(() -> state.destroy(path("var/run")), Reason.PENDING_FINALIZERS);
        state.removeFinalizer(path("var/run"), "A");
        assertThat(state.teardown(path("var/run"))).isTrue();
        state.destroy(path("var/run"));
    }

    @Test
    void update_requiresExactVersion_andExpectedPhase() {
        assertNotFound(() -> state.update(PathSpec.path(ns, "var/run")));
        Resource<?> fresh = PathSpec.path(ns, "var/run");
        Resource<?> stored = create("var/run");
        assertThat(stored.metadata().version()).isNotEqualTo(fresh.metadata().version());
        assertConflict(() -> state.update(fresh), Reason.VERSION_MISMATCH);
        Resource<?> ahead = stored.withMetadata(stored.metadata().withVersion(stored.metadata().version().next()));
        assertConflict(() -> state.update(ahead), Reason.VERSION_MISMATCH);
        Resource<?> updated = state.update(stored);
        assertThat(updated.metadata().version()).isEqualTo(Version.of(2));
        assertThat(updated.metadata().created()).isEqualTo(stored.metadata().created());

        state.teardown(path("var/run"));
        Resource<?> torn = state.get(path("var/run"));
        assertConflict(() -> state.update(torn), Reason.PHASE);
        state.update(torn, UpdateOptions.DEFAULT.withExpectedPhase(Phase.TEARING_DOWN));
    }

    @Test
    void labelQueries_matchAsTheSpecSays() {
        state.create(labelled("app1", "app", "app1", "frozen", "", "weight", "10kg"), "");
        state.create(labelled("app2", "app", "app2", "frozen", "", "weight", "20kg"), "");
        state.create(labelled("app3", "app", "app3"), "");
        assertThat(state.get(path("app1")).metadata().labels()).containsEntry("app", "app1");

        assertThat(query(LabelTerm.exists("frozen"))).containsExactly("app1", "app2");
        assertThat(query(LabelTerm.exists("frozen"), LabelTerm.equal("app", "app2"))).containsExactly("app2");
        assertThat(query(LabelTerm.exists("frozen"), LabelTerm.equal("app", "app3"))).isEmpty();
        assertThat(query(LabelTerm.equal("app", "app3"))).containsExactly("app3");
        assertThat(query(LabelTerm.in("app", "app2", "app3"))).containsExactly("app2", "app3");
        assertThat(query(LabelTerm.of("weight", Op.LT_NUMERIC, "12000"))).containsExactly("app1");
        assertThat(query(LabelTerm.of("weight", Op.LTE_NUMERIC, "20000"))).containsExactly("app1", "app2");
        assertThat(query(LabelTerm.of("weight", Op.LT_NUMERIC, "12000").inverted())).containsExactly("app2");
        assertThat(query(LabelTerm.of("app", Op.LTE, "app2"))).containsExactly("app1", "app2");
        assertThat(query(LabelTerm.of("app", Op.LT, "app2"))).containsExactly("app1");
        assertThat(query(LabelTerm.notExists("frozen"))).containsExactly("app3");
        ListOptions either = ListOptions.ALL.orLabels(LabelQuery.of(LabelTerm.equal("app", "app2")))
                .orLabels(LabelQuery.of(LabelTerm.equal("app", "app3")));
        assertThat(ids(paths(), either)).containsExactly("app2", "app3");
    }

    @Test
    void idQuery_isARegexpFoundInTheId() {
        for (int i = 0; i < 10; i++) {
            create("idquery/path" + i);
        }
        assertThat(ids(paths(), ListOptions.ALL.withIdQuery(IdQuery.of("^idquery/.+[2-4]$"))))
                .containsExactly("idquery/path2", "idquery/path3", "idquery/path4");
        assertThat(ids(paths(), ListOptions.ALL.withIdQuery(IdQuery.of("path[89]"))))
                .containsExactly("idquery/path8", "idquery/path9");
        assertThatThrownBy(() -> IdQuery.of("([")).hasMessageContaining("invalid ID query");
    }

    @Test
    void modify_createsWithoutOwner_thenUpdates() {
        Resource<PathSpec> empty = PathSpec.path(ns, "var/run");
        path("var/run");
        Resource<PathSpec> created = state.modify(empty, r -> r.withMetadata(r.metadata().withLabel("foo", "bar")));
        assertThat(created.metadata().owner()).isEmpty();
        assertThat(state.get(path("var/run")).metadata().labels()).containsEntry("foo", "bar");

        Resource<PathSpec> cleared = state.modify(empty, r -> r.withMetadata(r.metadata().withoutLabel("foo")));
        assertThat(cleared.metadata().labels()).isEmpty();
        assertThat(state.get(path("var/run")).metadata().labels()).isEmpty();

        IllegalStateException failure = new IllegalStateException("the change failed");
        assertThatThrownBy(() -> state.modify(empty, r -> {
            throw failure;
        })).isSameAs(failure);

        state.teardown(path("var/run"));
        assertConflict(() -> state.modify(empty, r -> r.withMetadata(r.metadata().withLabel("foo", "bar2"))),
                Reason.PHASE);
        Resource<PathSpec> torn = state.modify(empty, r -> r.withMetadata(r.metadata().withLabel("foo", "bar2")),
                UpdateOptions.DEFAULT.anyPhase());
        assertThat(torn.metadata().phase()).isEqualTo(Phase.TEARING_DOWN);
        assertThat(torn.metadata().labels()).containsEntry("foo", "bar2");
    }

    @Test
    void modify_withOwner_keepsOwner_andRefusesOthers() {
        Resource<PathSpec> empty = PathSpec.path(ns, "owned");
        path("owned");
        UpdateOptions asOwner = UpdateOptions.owner("owner");
        assertThat(state.modify(empty, r -> r, asOwner).metadata().owner()).isEqualTo("owner");
        Resource<PathSpec> labelled = state.modify(empty,
                r -> r.withMetadata(r.metadata().withLabel("a", "b")), asOwner);
        assertThat(labelled.metadata().owner()).isEqualTo("owner");
        assertThat(labelled.metadata().labels()).containsEntry("a", "b");
        assertConflict(() -> state.modify(empty, r -> r.withMetadata(r.metadata().withLabel("a", "c"))),
                Reason.OWNER);
    }

    private List<String> query(LabelTerm... terms) {
        return ids(paths(), ListOptions.ALL.orLabels(LabelQuery.of(terms)));
    }

    private Resource<PathSpec> labelled(String id, String... keyValues) {
        Resource<PathSpec> r = PathSpec.path(ns, id);
        for (int i = 0; i < keyValues.length; i += 2) {
            r = r.withMetadata(r.metadata().withLabel(keyValues[i], keyValues[i + 1]));
        }
        path(id);
        return r;
    }
}
