package dev.anvil.cosi.runtime.conformance;

import dev.anvil.cosi.resource.Kind;
import dev.anvil.cosi.resource.LabelQuery;
import dev.anvil.cosi.resource.LabelTerm;
import dev.anvil.cosi.resource.Pointer;
import dev.anvil.cosi.resource.Resource;
import dev.anvil.cosi.runtime.cleanup.CleanupController;
import dev.anvil.cosi.runtime.cleanup.CleanupHandler;
import dev.anvil.cosi.runtime.cleanup.DestroyController;
import dev.anvil.cosi.state.ListOptions;
import dev.anvil.cosi.state.WatchCondition;
import org.junit.jupiter.api.Test;

import static dev.anvil.cosi.runtime.conformance.TestResources.IntSpec;
import static dev.anvil.cosi.runtime.conformance.TestResources.intPointer;
import static dev.anvil.cosi.runtime.conformance.TestResources.ints;
import static dev.anvil.cosi.runtime.conformance.TestResources.newInt;
import static dev.anvil.cosi.runtime.conformance.TestResources.newSentence;
import static dev.anvil.cosi.runtime.conformance.TestResources.newStr;
import static dev.anvil.cosi.runtime.conformance.TestResources.sentences;
import static dev.anvil.cosi.runtime.conformance.TestResources.strPointer;
import static dev.anvil.cosi.runtime.conformance.TestResources.strs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The generic destroy and cleanup controllers (cosi.md section 4, checks of 6.4 #104), over any State. */
public abstract class CleanupSuite extends RuntimeSuiteSupport {
    /** How long a test watches for something that must not happen. */
    private static final long QUIET_MILLIS = 300;

    @Test
    void destroy_destroysUnownedResourcesOnceTornDownWithoutFinalizers() throws InterruptedException {
        Pointer early = intPointer("source", "early");
        state.create(newInt("source", "early", 1));
        state.teardown(early);
        runtime.register(new DestroyController(ints("source")));
        startRuntime();
        awaitContents(ints("source"));

        Pointer held = intPointer("source", "held");
        state.create(newInt("source", "held", 2));
        state.addFinalizer(held, "holder");
        state.teardown(held);
        Thread.sleep(QUIET_MILLIS);
        assertThat(contents(ints("source"))).as("a finalizer keeps it").containsKey("held");
        state.removeFinalizer(held, "holder");
        awaitContents(ints("source"));
    }

    @Test
    void destroy_neverTouchesOwnedResources() throws InterruptedException {
        Pointer owned = intPointer("source", "owned");
        state.create(newInt("source", "owned", 1), "SomeController");
        runtime.register(new DestroyController(ints("source")));
        startRuntime();
        state.teardown(owned, "SomeController");
        Thread.sleep(QUIET_MILLIS);
        assertThat(contents(ints("source"))).containsKey("owned");
        state.destroy(owned, "SomeController");
    }

    /** Strs in "target" labelled int=ID belong to the Int of that ID. */
    private static ListOptions strsOf(Resource<IntSpec> in) {
        return ListOptions.ALL.orLabels(LabelQuery.of(LabelTerm.equal("int", in.id())));
    }

    private static Resource<?> labelled(Resource<?> r, String intId) {
        return r.withMetadata(r.metadata().withLabel("int", intId));
    }

    private void runCleanup(CleanupHandler<IntSpec> handler) {
        runtime.register(new CleanupController<>("Cleanup", ints("source"), IntSpec.class, handler));
        startRuntime();
    }

    /** Creates the Int, waits for the cleanup finalizer, tears it down and checks that it is held. */
    private Pointer holdAndTeardown(String id) throws InterruptedException {
        Pointer in = intPointer("source", id);
        state.create(newInt("source", id, 1));
        awaitUpTo().until(() -> state.get(in).metadata().hasFinalizer("Cleanup"));
        assertThat(state.teardown(in)).isFalse();
        Thread.sleep(QUIET_MILLIS);
        assertThat(state.get(in).metadata().finalizers()).as("held").containsExactly("Cleanup");
        return in;
    }

    private void awaitReleased(Pointer in) throws Exception {
        state.watchFor(in, PATIENCE, WatchCondition.finalizersEmpty());
        state.destroy(in);
    }

    @Test
    void cleanup_hasNoOutputs_holdsTheInputUntilNoMatchingOutputIsLeft() throws Exception {
        state.create(labelled(newStr("target", "mine", "m"), "one"));
        state.create(labelled(newStr("target", "theirs", "t"), "two"));
        runCleanup(CleanupHandler.hasNoOutputs(strs("target"), CleanupSuite::strsOf));
        Pointer in = holdAndTeardown("one");
        state.destroy(strPointer("target", "mine"));
        awaitReleased(in);
        assertThat(contents(strs("target"))).containsOnlyKeys("theirs");
    }

    @Test
    void cleanup_removeOutputs_destroysMatchingUnownedOutputs_waitsForTheirFinalizers_leavesTheRest()
            throws Exception {
        state.create(labelled(newStr("target", "unowned", "u"), "one"));
        state.create(labelled(newStr("target", "finalized", "f"), "one"));
        state.addFinalizer(strPointer("target", "finalized"), "holder");
        state.create(labelled(newStr("target", "owned", "o"), "one"), "SomeController");
        state.create(newStr("target", "unrelated", "n"));
        runCleanup(CleanupHandler.removeOutputs(strs("target"), CleanupSuite::strsOf));
        Pointer in = holdAndTeardown("one");
        assertThat(contents(strs("target"))).containsOnlyKeys("finalized", "owned", "unrelated");

        state.removeFinalizer(strPointer("target", "finalized"), "holder");
        awaitReleased(in);
        assertThat(contents(strs("target"))).containsOnlyKeys("owned", "unrelated");
    }

    @Test
    void cleanup_removeOutputs_withExtraOwners_destroysTheirOutputsToo() throws Exception {
        state.create(labelled(newStr("target", "unowned", "u"), "one"));
        state.create(labelled(newStr("target", "allowed", "a"), "one"), "AllowedController");
        state.create(labelled(newStr("target", "other", "o"), "one"), "OtherController");
        runCleanup(CleanupHandler.removeOutputs(strs("target"), CleanupSuite::strsOf, "AllowedController"));
        awaitReleased(holdAndTeardownOrReleased("one"));
        assertThat(contents(strs("target"))).containsOnlyKeys("other");
    }

    /** Creates the Int, waits for the cleanup finalizer and tears it down, which may release it at once. */
    private Pointer holdAndTeardownOrReleased(String id) {
        Pointer in = intPointer("source", id);
        state.create(newInt("source", id, 1));
        awaitUpTo().until(() -> state.get(in).metadata().hasFinalizer("Cleanup"));
        state.teardown(in);
        return in;
    }

    @Test
    void cleanup_combined_waitsForEveryHandler() throws Exception {
        Kind targetSentences = sentences("target");
        state.create(labelled(newStr("target", "s", "v"), "one"));
        state.create(labelled(newSentence("target", "t", "v"), "one"));
        runCleanup(CleanupHandler.combine(
                CleanupHandler.hasNoOutputs(strs("target"), CleanupSuite::strsOf),
                CleanupHandler.hasNoOutputs(targetSentences, CleanupSuite::strsOf)));
        Pointer in = holdAndTeardown("one");
        state.destroy(strPointer("target", "s"));
        Thread.sleep(QUIET_MILLIS);
        assertThat(state.get(in).metadata().finalizers()).as("the sentence is left").containsExactly("Cleanup");
        state.destroy(targetSentences.pointer("t"));
        awaitReleased(in);
    }

    @Test
    void cleanup_combined_refusesOneKindDeclaredAsTwoInputKinds() {
        assertThatThrownBy(() -> CleanupHandler.combine(
                CleanupHandler.<IntSpec>hasNoOutputs(strs("target"), CleanupSuite::strsOf),
                CleanupHandler.removeOutputs(strs("target"), CleanupSuite::strsOf)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
