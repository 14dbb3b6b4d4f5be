package dev.anvil.cosi.runtime.conformance;

import dev.anvil.cosi.resource.LabelQuery;
import dev.anvil.cosi.resource.LabelTerm;
import dev.anvil.cosi.resource.Phase;
import dev.anvil.cosi.resource.Pointer;
import dev.anvil.cosi.resource.Resource;
import dev.anvil.cosi.runtime.OutputKind;
import dev.anvil.cosi.runtime.transform.TransformController;
import dev.anvil.cosi.runtime.transform.TransformSettings;
import dev.anvil.cosi.state.ListOptions;
import dev.anvil.cosi.state.WatchCondition;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

import static dev.anvil.cosi.runtime.conformance.TestResources.IntSpec;
import static dev.anvil.cosi.runtime.conformance.TestResources.StrSpec;
import static dev.anvil.cosi.runtime.conformance.TestResources.intPointer;
import static dev.anvil.cosi.runtime.conformance.TestResources.ints;
import static dev.anvil.cosi.runtime.conformance.TestResources.newInt;
import static dev.anvil.cosi.runtime.conformance.TestResources.newStr;
import static dev.anvil.cosi.runtime.conformance.TestResources.strPointer;
import static dev.anvil.cosi.runtime.conformance.TestResources.strs;
import static org.assertj.core.api.Assertions.assertThat;

/** The generic transform controller (cosi.md section 4, checks of 6.4 #104 "transform"), over any State. */
public abstract class TransformSuite extends RuntimeSuiteSupport {

    /** Int "id" in "source" becomes Str "id" in "target" with the value as text; negative Ints fail. */
    private static TransformSettings<IntSpec, StrSpec> intToStr(String name) {
        return TransformSettings.of(name, ints("source"), IntSpec.class, strs("target"),
                in -> Optional.of(newStr("target", in.id(), "")),
                (reader, in, out) -> {
                    if (in.spec().value() < 0) {
                        throw new IllegalArgumentException("negative: " + in.spec().value());
                    }
                    return out.withSpec(new StrSpec(Integer.toString(in.spec().value())));
                });
    }

    private void run(TransformSettings<IntSpec, StrSpec> settings) {
        runtime.register(new TransformController<>(settings));
        startRuntime();
    }

    @Test
    void simpleMap_writesOneOutputPerInput_andFollowsUpdates() {
        state.create(newInt("source", "one", 1));
        run(intToStr("T"));
        state.create(newInt("source", "two", 2));
        awaitContents(strs("target"), "one", "1", "two", "2");
        state.update(state.get(intPointer("source", "two"), IntSpec.class).withSpec(new IntSpec(22)));
        awaitContents(strs("target"), "one", "1", "two", "22");
        assertThat(state.get(strPointer("target", "one")).metadata().owner()).isEqualTo("T");
    }

    @Test
    void mapWithMissing_skipsInputsTheMapperDeclines() {
        TransformSettings<IntSpec, StrSpec> base = intToStr("T");
        run(new TransformSettings<>(base.name(), base.input(), base.inputSpec(), base.output(),
                in -> in.id().startsWith("skip") ? Optional.empty() : Optional.of(newStr("target", in.id(), "")),
                base.transform(), null, false, false, OutputKind.EXCLUSIVE, base.inputListOptions()));
        state.create(newInt("source", "skip-me", 1));
        state.create(newInt("source", "keep", 2));
        awaitContents(strs("target"), "keep", "2");
    }

    @Test
    void mapWithErrors_aFailingInputDoesNotBlockTheOthers_andHealsOnceFixed() {
        state.create(newInt("source", "bad", -1));
        state.create(newInt("source", "good", 1));
        run(intToStr("T"));
        awaitContents(strs("target"), "good", "1");
        awaitUpTo().until(() -> stats("T").crashes() >= 1);
        state.update(state.get(intPointer("source", "bad"), IntSpec.class).withSpec(new IntSpec(5)));
        awaitContents(strs("target"), "bad", "5", "good", "1");
    }

    @Test
    void destroy_aDestroyedOrTornDownInputRemovesItsOutput() {
        state.create(newInt("source", "one", 1));
        state.create(newInt("source", "two", 2));
        run(intToStr("T"));
        awaitContents(strs("target"), "one", "1", "two", "2");
        state.destroy(intPointer("source", "one"));
        awaitContents(strs("target"), "two", "2");
        state.teardown(intPointer("source", "two"));
        awaitContents(strs("target"));
    }

    @Test
    void destroyOutputFinalizers_anOutputWithAForeignFinalizerStaysTearingDownUntilReleased() {
        state.create(newInt("source", "one", 1));
        run(intToStr("T"));
        awaitContents(strs("target"), "one", "1");
        Pointer out = strPointer("target", "one");
        state.addFinalizer(out, "foreign");
        state.destroy(intPointer("source", "one"));
        awaitUpTo().until(() -> state.get(out).metadata().phase() == Phase.TEARING_DOWN);
        state.removeFinalizer(out, "foreign");
        awaitContents(strs("target"));
    }

    @Test
    void destroyInputFinalizers_areReleasedOnlyAfterTheOutputIsGone() throws Exception {
        state.create(newInt("source", "one", 1));
        run(intToStr("T").withInputFinalizers(null));
        awaitContents(strs("target"), "one", "1");
        Pointer in = intPointer("source", "one");
        awaitUpTo().until(() -> state.get(in).metadata().hasFinalizer("T"));

        Pointer out = strPointer("target", "one");
        state.addFinalizer(out, "foreign");
        assertThat(state.teardown(in)).isFalse();
        Thread.sleep(300);
        assertThat(state.get(in).metadata().finalizers()).as("held while the output exists").containsExactly("T");

        state.removeFinalizer(out, "foreign");
        state.watchFor(in, PATIENCE, WatchCondition.finalizersEmpty());
        awaitContents(strs("target"));
    }

    @Test
    void destroyReconcileTeardown_theOutputIsTornDownOnlyAfterFinalizerRemovalSucceeds() throws Exception {
        AtomicBoolean allow = new AtomicBoolean();
        state.create(newInt("source", "one", 1));
        run(intToStr("T").withInputFinalizers((reader, input) -> {
            if (!allow.get()) {
                throw new IllegalStateException("not yet");
            }
        }));
        Pointer in = intPointer("source", "one");
        awaitUpTo().until(() -> state.get(in).metadata().hasFinalizer("T"));
        state.teardown(in);
        awaitUpTo().until(() -> stats("T").crashes() >= 1);
        assertThat(state.get(strPointer("target", "one")).metadata().phase())
                .isEqualTo(Phase.RUNNING);

        allow.set(true);
        state.watchFor(in, Duration.ofSeconds(90), WatchCondition.finalizersEmpty());
        awaitContents(strs("target"));
    }

    @Test
    void destroyFinalizersRecreateInput_theNewOutputComesAfterTheOldOneIsGone() {
        state.create(newInt("source", "one", 1));
        run(intToStr("T"));
        awaitContents(strs("target"), "one", "1");
        Pointer out = strPointer("target", "one");
        state.addFinalizer(out, "foreign");
        state.destroy(intPointer("source", "one"));
        awaitUpTo().until(() -> state.get(out).metadata().phase() == Phase.TEARING_DOWN);

        state.create(newInt("source", "one", 2));
        state.removeFinalizer(out, "foreign");
        awaitUpTo().ignoreExceptions().untilAsserted(() -> {
            Resource<?> recreated = state.get(out);
            assertThat(recreated.metadata().phase()).isEqualTo(Phase.RUNNING);
            assertThat(TestResources.valueOf(recreated)).isEqualTo("2");
        });
    }

    @Test
    void ignoreTearingDownInputs_keepsTheOutputUntilTheInputIsDestroyed() throws InterruptedException {
        state.create(newInt("source", "one", 1));
        run(intToStr("T").ignoringTearingDownInputs());
        awaitContents(strs("target"), "one", "1");
        state.teardown(intPointer("source", "one"));
        Thread.sleep(300);
        assertThat(contents(strs("target"))).containsEntry("one", "1");
        state.destroy(intPointer("source", "one"));
        awaitContents(strs("target"));
    }

    @Test
    void outputShared_twoTransformsWriteTheSameType_eachOnlyItsOwnResources() {
        TransformSettings<IntSpec, StrSpec> a = intToStr("A").withOutputKind(OutputKind.SHARED);
        TransformSettings<IntSpec, StrSpec> b = TransformSettings.of("B", ints("other"), IntSpec.class,
                strs("target"), in -> Optional.of(newStr("target", "b-" + in.id(), "")),
                (reader, in, out) -> out.withSpec(new StrSpec("b" + in.spec().value())))
                .withOutputKind(OutputKind.SHARED);
        runtime.register(new TransformController<>(a));
        runtime.register(new TransformController<>(b));
        startRuntime();
        state.create(newInt("source", "one", 1));
        state.create(newInt("other", "one", 1));
        awaitContents(strs("target"), "b-one", "b1", "one", "1");
        state.destroy(intPointer("other", "one"));
        awaitContents(strs("target"), "one", "1");
    }

    @Test
    void inputListOptions_limitTheInputsTransformed() {
        state.create(newInt("source", "plain", 1));
        state.create(newInt("source", "picked", 2).withMetadata(
                newInt("source", "picked", 2).metadata().withLabel("pick", "yes")));
        run(intToStr("T").withInputListOptions(ListOptions.ALL.orLabels(LabelQuery.of(LabelTerm.exists("pick")))));
        awaitContents(strs("target"), "picked", "2");
    }
}
