package dev.anvil.cosi.state.conformance;

import dev.anvil.cosi.resource.Kind;
import dev.anvil.cosi.resource.Pointer;
import dev.anvil.cosi.resource.Resource;
import dev.anvil.cosi.state.ConflictException;
import dev.anvil.cosi.state.ListOptions;
import dev.anvil.cosi.state.NotFoundException;
import dev.anvil.cosi.state.State;
import org.assertj.core.api.ThrowableAssert;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What the state suites share: a state from the backend under test, a namespace picked at random per test (so
 * backends that keep one state for many tests still isolate them), and the store's invariants checked after every
 * test.
 */
public abstract class StateFixture {
    private static final List<String> NAMESPACES = List.of("default", "controller", "system", "runtime");

    protected State state;
    protected String ns;
    private final Set<Kind> touched = new HashSet<>();

    /** The state under test; called once per test. */
    protected abstract State newState();

    @BeforeEach
    void openState() {
        state = newState();
        ns = NAMESPACES.get(ThreadLocalRandom.current().nextInt(NAMESPACES.size()));
    }

    /** Every test leaves the store consistent: lists sorted by ID and equal to what get returns, versions defined. */
    @AfterEach
    void checkInvariants() {
        for (Kind kind : touched) {
            List<Resource<?>> listed = state.list(kind);
            List<String> ids = listed.stream().map(Resource::id).toList();
            assertThat(ids).as("list of %s is sorted by ID", kind).isSortedAccordingTo(Comparator.naturalOrder());
            for (Resource<?> r : listed) {
                assertThat(r.metadata().version().isDefined()).as("%s has a version", r).isTrue();
                assertThat(state.get(r.pointer())).isEqualTo(r);
            }
        }
    }

    protected Pointer path(String id) {
        return pathIn(ns, id);
    }

    protected Pointer pathIn(String namespace, String id) {
        touched.add(new Kind(namespace, PathSpec.TYPE));
        return new Pointer(namespace, PathSpec.TYPE, id);
    }

    protected Kind paths() {
        return touched(new Kind(ns, PathSpec.TYPE));
    }

    private Kind touched(Kind kind) {
        touched.add(kind);
        return kind;
    }

    protected Resource<?> create(String id) {
        return state.create(PathSpec.path(ns, id), "");
    }

    /** One resource's whole life: create, teardown, add and remove a finalizer, destroy (five events). */
    protected void lifecycle(String id) {
        Pointer p = path(id);
        create(id);
        state.teardown(p);
        state.addFinalizer(p, "A");
        state.removeFinalizer(p, "A");
        state.destroy(p);
    }

    protected List<String> ids(Kind kind, ListOptions options) {
        List<String> ids = new ArrayList<>();
        state.list(kind, options).forEach(r -> ids.add(r.id()));
        return ids;
    }

    protected static void assertNotFound(ThrowableAssert.ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOf(NotFoundException.class);
    }

    protected static void assertConflict(ThrowableAssert.ThrowingCallable call, ConflictException.Reason reason) {
        assertThatThrownBy(call).isInstanceOfSatisfying(ConflictException.class,
                e -> assertThat(e.reason()).isEqualTo(reason));
    }
}
