package dev.anvil.cosi.runtime.conformance;

import dev.anvil.cosi.resource.Phase;
import dev.anvil.cosi.resource.Pointer;
import dev.anvil.cosi.resource.Resource;
import dev.anvil.cosi.resource.LabelQuery;
import dev.anvil.cosi.resource.LabelTerm;
import dev.anvil.cosi.runtime.Input;
import dev.anvil.cosi.runtime.QContext;
import dev.anvil.cosi.runtime.RequeueException;
import dev.anvil.cosi.runtime.SkipReconcileException;
import dev.anvil.cosi.runtime.transform.DestroyOutputException;
import dev.anvil.cosi.runtime.transform.InputMapper;
import dev.anvil.cosi.runtime.transform.QTransformController;
import dev.anvil.cosi.runtime.transform.QTransformOption;
import dev.anvil.cosi.runtime.transform.QTransformOption.ExtraMappedInput;
import dev.anvil.cosi.runtime.transform.QTransformOption.IgnoreTeardownUntil;
import dev.anvil.cosi.runtime.transform.QTransformOption.IgnoreTeardownWhile;
import dev.anvil.cosi.runtime.transform.QTransformSettings;
import dev.anvil.cosi.runtime.transform.TransformSettings.Transform;
import dev.anvil.cosi.state.ListOptions;
import dev.anvil.cosi.state.NotFoundException;
import dev.anvil.cosi.state.WatchCondition;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.anvil.cosi.runtime.conformance.TestResources.IntSpec;
import static dev.anvil.cosi.runtime.conformance.TestResources.StrSpec;
import static dev.anvil.cosi.runtime.conformance.TestResources.intPointer;
import static dev.anvil.cosi.runtime.conformance.TestResources.ints;
import static dev.anvil.cosi.runtime.conformance.TestResources.newInt;
import static dev.anvil.cosi.runtime.conformance.TestResources.newStr;
import static dev.anvil.cosi.runtime.conformance.TestResources.strPointer;
import static dev.anvil.cosi.runtime.conformance.TestResources.strs;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The queue transform controller (cosi.md section 4 "qtransform"; 6.4 #104: the checks shared with the transform,
 * plus DestroyOutput, IgnoreTeardownUntil/While, RemappedInput, MappedByLabelInput, RequeueErrorBackoff), over any
 * State.
 */
public abstract class QTransformSuite extends RuntimeSuiteSupport {

    private static QTransformSettings<IntSpec, StrSpec> intToStr() {
        return intToStr((ctx, in, out) -> {
            if (in.spec().value() < 0) {
                throw new IllegalArgumentException("negative: " + in.spec().value());
            }
            return out.withSpec(new StrSpec(Integer.toString(in.spec().value())));
        });
    }

    /** Int "id" in "source" becomes Str "id" in "target" as {@code text} computes it; IDs "skip..." are skipped. */
    private static QTransformSettings<IntSpec, StrSpec> intToStr(Transform<IntSpec, StrSpec> text) {
        return QTransformSettings.of("QT", ints("source"), IntSpec.class, strs("target"),
                in -> in.id().startsWith("skip") ? Optional.empty() : Optional.of(newStr("target", in.id(), "")),
                out -> intPointer("source", out.id()), text);
    }

    private void run(QTransformSettings<IntSpec, StrSpec> settings, QTransformOption... options) {
        runtime.register(new QTransformController<>(settings, options));
        startRuntime();
    }

    /** The value of the Int plus those of the Ints of the same ID in "other", the extra mapped input. */
    private static StrSpec withOthers(QContext ctx, Resource<IntSpec> in) {
        int sum = in.spec().value();
        try {
            sum += ctx.get(intPointer("other", in.id()), IntSpec.class).spec().value();
        } catch (NotFoundException none) {
            // nothing to add
        }
        return new StrSpec(Integer.toString(sum));
    }

    @Test
    void map_writesOutputsOfExistingAndNewInputs_skipsDeclinedOnes_andHoldsInputsWithAFinalizer() {
        state.create(newInt("source", "one", 1));
        run(intToStr().withConcurrency(2));
        state.create(newInt("source", "two", 2));
        state.create(newInt("source", "skip-me", 3));
        awaitContents(strs("target"), "one", "1", "two", "2");
        state.update(state.get(intPointer("source", "two"), IntSpec.class).withSpec(new IntSpec(22)));
        awaitContents(strs("target"), "one", "1", "two", "22");
        assertThat(state.get(intPointer("source", "one")).metadata().finalizers()).containsExactly("QT");
    }

    @Test
    void mapWithErrors_aFailingInputDoesNotBlockTheOthers_andHealsOnceFixed() {
        state.create(newInt("source", "bad", -1));
        state.create(newInt("source", "good", 1));
        run(intToStr());
        awaitContents(strs("target"), "good", "1");
        awaitUpTo().until(() -> stats("QT").crashes() >= 1);
        state.update(state.get(intPointer("source", "bad"), IntSpec.class).withSpec(new IntSpec(5)));
        awaitContents(strs("target"), "bad", "5", "good", "1");
    }

    @Test
    void teardown_ofAnInput_removesItsOutput_thenReleasesTheInput() throws Exception {
        state.create(newInt("source", "one", 1));
        run(intToStr());
        awaitContents(strs("target"), "one", "1");
        Pointer in = intPointer("source", "one");
        awaitUpTo().until(() -> state.get(in).metadata().hasFinalizer("QT"));
        assertThat(state.teardown(in)).isFalse();
        state.watchFor(in, PATIENCE, WatchCondition.finalizersEmpty());
        awaitContents(strs("target"));
        state.destroy(in);
    }

    @Test
    void destroyOutputFinalizers_holdTheInputUntilReleased() throws Exception {
        state.create(newInt("source", "one", 1));
        run(intToStr());
        awaitContents(strs("target"), "one", "1");
        Pointer in = intPointer("source", "one");
        Pointer out = strPointer("target", "one");
        awaitUpTo().until(() -> state.get(in).metadata().hasFinalizer("QT"));
        state.addFinalizer(out, "foreign");
        state.teardown(in);
        awaitUpTo().until(() -> state.get(out).metadata().phase() == Phase.TEARING_DOWN);
        Thread.sleep(300);
        assertThat(state.get(in).metadata().finalizers()).containsExactly("QT");

        state.removeFinalizer(out, "foreign");
        state.watchFor(in, PATIENCE, WatchCondition.finalizersEmpty());
        awaitContents(strs("target"));
    }

    @Test
    void finalizerRemoval_runsBeforeTheOutputIsTornDown() throws Exception {
        AtomicBoolean allow = new AtomicBoolean();
        state.create(newInt("source", "one", 1));
        run(intToStr().withFinalizerRemoval((reader, input) -> {
            if (!allow.get()) {
                throw new IllegalStateException("not yet");
            }
        }));
        Pointer in = intPointer("source", "one");
        awaitUpTo().until(() -> state.get(in).metadata().hasFinalizer("QT"));
        state.teardown(in);
        awaitUpTo().until(() -> stats("QT").crashes() >= 1);
        assertThat(state.get(strPointer("target", "one")).metadata().phase()).isEqualTo(Phase.RUNNING);
        allow.set(true);
        state.watchFor(in, PATIENCE, WatchCondition.finalizersEmpty());
        awaitContents(strs("target"));
    }

    @Test
    void outputTornDownWhileItsInputRuns_isDestroyedAndWrittenAfresh() throws InterruptedException {
        state.create(newInt("source", "one", 1));
        run(intToStr());
        awaitContents(strs("target"), "one", "1");
        Pointer out = strPointer("target", "one");
        state.addFinalizer(out, "foreign");
        state.teardown(out, "QT");
        state.update(state.get(intPointer("source", "one"), IntSpec.class).withSpec(new IntSpec(2)));
        Thread.sleep(300);
        assertThat(state.get(out).metadata().phase()).as("held by the foreign finalizer").isEqualTo(Phase.TEARING_DOWN);
        assertThat(TestResources.valueOf(state.get(out))).as("a tearing-down output is not written").isEqualTo("1");

        // released: destroy-ready, mapped back to the running input, which destroys it and writes a new one
        state.removeFinalizer(out, "foreign");
        awaitUpTo().ignoreExceptions().untilAsserted(() -> {
            Resource<?> fresh = state.get(out);
            assertThat(fresh.metadata().phase()).isEqualTo(Phase.RUNNING);
            assertThat(TestResources.valueOf(fresh)).isEqualTo("2");
        });
    }

    @Test
    void destroyOutput_removesTheOutput_waitsForItsFinalizers_andAnUpdateRecreatesIt() throws InterruptedException {
        state.create(newInt("source", "one", 1));
        run(intToStr((ctx, in, out) -> {
            if (in.spec().value() >= 99) {
                throw new DestroyOutputException("not wanted");
            }
            return out.withSpec(new StrSpec(Integer.toString(in.spec().value())));
        }));
        awaitContents(strs("target"), "one", "1");
        Pointer in = intPointer("source", "one");
        Pointer out = strPointer("target", "one");
        state.addFinalizer(out, "foreign");
        setInt(in, 99);
        awaitUpTo().until(() -> state.get(out).metadata().phase() == Phase.TEARING_DOWN);

        setInt(in, 2);
        Thread.sleep(300);
        assertThat(state.get(out).metadata().phase()).as("its teardown is pending").isEqualTo(Phase.TEARING_DOWN);
        assertThat(TestResources.valueOf(state.get(out))).isEqualTo("1");

        state.removeFinalizer(out, "foreign");
        awaitUpTo().ignoreExceptions().untilAsserted(() -> {
            assertThat(state.get(out).metadata().phase()).isEqualTo(Phase.RUNNING);
            assertThat(TestResources.valueOf(state.get(out))).isEqualTo("2");
        });

        setInt(in, 99);
        awaitContents(strs("target"));
        long crashes = stats("QT").crashes();
        setInt(in, 100);
        Thread.sleep(300);
        assertThat(contents(strs("target"))).isEmpty();
        assertThat(stats("QT").crashes()).as("destroying an absent output is no failure").isEqualTo(crashes);
    }

    private void setInt(Pointer pointer, int value) {
        state.update(state.get(pointer, IntSpec.class).withSpec(new IntSpec(value)));
    }

    @Test
    void skipReconcile_fromTheTransform_isCountedAsASkip_andWaitsForTheNextChange() throws InterruptedException {
        state.create(newInt("source", "one", 7));
        run(intToStr((ctx, in, out) -> {
            if (in.spec().value() == 7) {
                throw new SkipReconcileException("not yet");
            }
            return out.withSpec(new StrSpec(Integer.toString(in.spec().value())));
        }));
        awaitUpTo().until(() -> stats("QT").skips() >= 1);
        Thread.sleep(300);
        assertThat(contents(strs("target"))).isEmpty();
        assertThat(stats("QT").crashes()).isZero();
        setInt(intPointer("source", "one"), 8);
        awaitContents(strs("target"), "one", "8");
    }

    /** Int "id" torn down while it holds {@code finalizers} besides the controller's. */
    private Pointer tearDownHeld(String id, String... finalizers) {
        Pointer in = intPointer("source", id);
        state.create(newInt("source", id, 1));
        awaitUpTo().until(() -> state.get(in).metadata().hasFinalizer("QT"));
        awaitUpTo().until(() -> contents(strs("target")).containsKey(id));
        state.addFinalizer(in, finalizers);
        state.teardown(in);
        return in;
    }

    private void assertOutputRunningFor(String id) throws InterruptedException {
        Thread.sleep(300);
        assertThat(state.get(strPointer("target", id)).metadata().phase()).isEqualTo(Phase.RUNNING);
    }

    private void awaitOutputGoneAndReleased(Pointer in, String... finalizersLeft) {
        awaitUpTo().until(() -> !contents(strs("target")).containsKey(in.id()));
        awaitUpTo().untilAsserted(() -> assertThat(state.get(in).metadata().finalizers())
                .containsExactlyInAnyOrder(finalizersLeft));
    }

    @Test
    void ignoreTeardownUntil_keepsTheOutputUntilOnlyTheListedFinalizersRemain() throws Exception {
        run(intToStr(), new IgnoreTeardownUntil(Set.of("extra")));
        Pointer plain = tearDownHeld("plain");
        state.watchFor(plain, PATIENCE, WatchCondition.finalizersEmpty());
        awaitContents(strs("target"));

        Pointer in = tearDownHeld("held", "extra", "other", "yet-another");
        assertOutputRunningFor("held");
        state.removeFinalizer(in, "other");
        assertOutputRunningFor("held");
        state.removeFinalizer(in, "yet-another");
        awaitOutputGoneAndReleased(in, "extra");
    }

    @Test
    void ignoreTeardownWhile_keepsTheOutputWhileAListedFinalizerIsOn() throws Exception {
        run(intToStr(), new IgnoreTeardownWhile(Set.of("extra")));
        Pointer in = tearDownHeld("held", "extra", "other");
        assertOutputRunningFor("held");
        state.removeFinalizer(in, "extra");
        awaitOutputGoneAndReleased(in, "other");
    }

    @Test
    void extraMappedInput_sameId_remapsItsChangesToThePrimary() {
        state.create(newInt("source", "one", 1));
        state.create(newInt("source", "two", 2));
        run(intToStr((ctx, in, out) -> out.withSpec(withOthers(ctx, in))),
                new ExtraMappedInput(Input.qMapped("other", TestResources.INT), InputMapper.sameId(ints("source"))));
        awaitContents(strs("target"), "one", "1", "two", "2");
        state.create(newInt("other", "one", 10));
        awaitContents(strs("target"), "one", "11", "two", "2");
        state.destroy(intPointer("other", "one"));
        awaitContents(strs("target"), "one", "1", "two", "2");
    }

    @Test
    void extraMappedInput_byLabelValue_mapsToThePrimaryTheLabelNames() {
        state.create(newInt("source", "one", 1));
        state.create(newInt("source", "two", 2));
        run(intToStr((ctx, in, out) -> {
            int sum = in.spec().value();
            for (Resource<?> r : ctx.list(ints("other"), ListOptions.ALL.orLabels(
                    LabelQuery.of(LabelTerm.equal("for", in.id()))))) {
                sum += r.as(IntSpec.class).spec().value();
            }
            return out.withSpec(new StrSpec(Integer.toString(sum)));
        }), new ExtraMappedInput(Input.qMapped("other", TestResources.INT),
                InputMapper.labelValue(ints("source"), "for", LabelTerm.exists("counted"))));
        awaitContents(strs("target"), "one", "1", "two", "2");
        state.create(labelled(newInt("other", "a", 10), "one"));
        state.create(labelled(newInt("other", "b", 20), "one"));
        awaitContents(strs("target"), "one", "31", "two", "2");
        state.destroy(intPointer("other", "a"));
        awaitContents(strs("target"), "one", "21", "two", "2");
    }

    private static Resource<IntSpec> labelled(Resource<IntSpec> r, String forId) {
        return r.withMetadata(r.metadata().withLabel("for", forId).withLabel("counted", ""));
    }

    @Test
    void extraMappedInput_typedMapper_readsTheChange_andNoneMapsNothing() throws InterruptedException {
        AtomicInteger transforms = new AtomicInteger();
        state.create(newInt("source", "one", 1));
        run(intToStr((ctx, in, out) -> {
            transforms.incrementAndGet();
            return out.withSpec(withOthers(ctx, in));
        }), new ExtraMappedInput(Input.qMapped("other", TestResources.INT), InputMapper.typed(IntSpec.class,
                        (ctx, changed) -> List.of(intPointer("source", changed.spec().value() > 0 ? "one" : "none")))),
                new ExtraMappedInput(Input.qMapped("other", TestResources.STR), InputMapper.none()));
        awaitContents(strs("target"), "one", "1");
        state.create(newInt("other", "one", 5));
        awaitContents(strs("target"), "one", "6");

        int before = transforms.get();
        state.create(newStr("other", "ignored", "x"));
        Thread.sleep(300);
        assertThat(transforms).as("a change mapped to nothing transforms nothing").hasValue(before);
    }

    @Test
    void requeue_withAnError_writesNothing_withoutAnError_writesAndTransformsAgain() {
        AtomicInteger calls = new AtomicInteger();
        // the controller's finalizer is on already, so adding it does not queue the input again by itself
        Resource<IntSpec> one = newInt("source", "one", 1);
        state.create(one.withMetadata(one.metadata().withFinalizersAdded(List.of("QT"))));
        run(intToStr((ctx, in, out) -> {
            int n = calls.incrementAndGet();
            if (n == 1) {
                throw new RequeueException(Duration.ofMillis(500), new IllegalStateException("first"));
            }
            if (n == 2) {
                ctx.requeueAfter(Duration.ofMillis(100));
            }
            return out.withSpec(new StrSpec("v" + n));
        }));
        awaitUpTo().until(() -> calls.get() >= 1);
        assertThat(contents(strs("target"))).as("a requeue with an error writes nothing").isEmpty();
        awaitContents(strs("target"), "one", "v3");
        assertThat(stats("QT").crashes()).isEqualTo(1);
        assertThat(stats("QT").requeues()).isEqualTo(1);
        assertThat(calls).hasValue(3);
    }
}
