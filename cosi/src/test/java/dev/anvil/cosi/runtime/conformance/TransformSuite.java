package dev.anvil.cosi.runtime.conformance;

import dev.anvil.cosi.resource.LabelQuery;
import dev.anvil.cosi.resource.LabelTerm;
import dev.anvil.cosi.resource.Phase;
import dev.anvil.cosi.resource.Pointer;
import dev.anvil.cosi.resource.Resource;
import dev.anvil.cosi.runtime.Input;
import dev.anvil.cosi.runtime.Output;
import dev.anvil.cosi.runtime.OutputKind;
import dev.anvil.cosi.runtime.SkipReconcileException;
import dev.anvil.cosi.runtime.transform.ExtraEvents;
import dev.anvil.cosi.runtime.transform.TransformController;
import dev.anvil.cosi.runtime.transform.TransformOption;
import dev.anvil.cosi.runtime.transform.TransformOption.ExtraEventSource;
import dev.anvil.cosi.runtime.transform.TransformOption.ExtraInputs;
import dev.anvil.cosi.runtime.transform.TransformOption.ExtraOutputs;
import dev.anvil.cosi.runtime.transform.TransformOption.OnShutdown;
import dev.anvil.cosi.runtime.transform.TransformOption.PostRunHook;
import dev.anvil.cosi.runtime.transform.TransformOption.PreRunHook;
import dev.anvil.cosi.runtime.transform.TransformSettings;
import dev.anvil.cosi.runtime.transform.TransformSettings.Transform;
import dev.anvil.cosi.state.ListOptions;
import dev.anvil.cosi.state.WatchCondition;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.anvil.cosi.runtime.conformance.TestResources.IntSpec;
import static dev.anvil.cosi.runtime.conformance.TestResources.SentenceSpec;
import static dev.anvil.cosi.runtime.conformance.TestResources.StrSpec;
import static dev.anvil.cosi.runtime.conformance.TestResources.intPointer;
import static dev.anvil.cosi.runtime.conformance.TestResources.ints;
import static dev.anvil.cosi.runtime.conformance.TestResources.newInt;
import static dev.anvil.cosi.runtime.conformance.TestResources.newSentence;
import static dev.anvil.cosi.runtime.conformance.TestResources.newStr;
import static dev.anvil.cosi.runtime.conformance.TestResources.sentences;
import static dev.anvil.cosi.runtime.conformance.TestResources.strPointer;
import static dev.anvil.cosi.runtime.conformance.TestResources.strs;
import static org.assertj.core.api.Assertions.assertThat;

/** The generic transform controller (cosi.md section 4, checks of 6.4 #104 "transform"), over any State. */
public abstract class TransformSuite extends RuntimeSuiteSupport {

    /** Int "id" in "source" becomes Str "id" in "target" with the value as text; negative Ints fail. */
    private static TransformSettings<IntSpec, StrSpec> intToStr(String name) {
        return intToStr(name, (ctx, in, out) -> {
            if (in.spec().value() < 0) {
                throw new IllegalArgumentException("negative: " + in.spec().value());
            }
            return out.withSpec(new StrSpec(Integer.toString(in.spec().value())));
        });
    }

    /** Int "id" in "source" becomes Str "id" in "target" with the value {@code text} computes. */
    private static TransformSettings<IntSpec, StrSpec> intToStr(String name, Transform<IntSpec, StrSpec> text) {
        return TransformSettings.of(name, ints("source"), IntSpec.class, strs("target"),
                in -> Optional.of(newStr("target", in.id(), "")), text);
    }

    private void run(TransformSettings<IntSpec, StrSpec> settings, TransformOption... options) {
        runtime.register(new TransformController<>(settings, options));
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

    @Test
    void extraInputs_areReadable_andWakeTheTransform() {
        state.create(newInt("source", "one", 1));
        run(intToStr("T", (ctx, in, out) -> {
            int bonus = ctx.list(ints("other")).stream().mapToInt(r -> r.as(IntSpec.class).spec().value()).sum();
            return out.withSpec(new StrSpec(Integer.toString(in.spec().value() + bonus)));
        }), new ExtraInputs(List.of(Input.weak("other", TestResources.INT))));
        awaitContents(strs("target"), "one", "1");
        state.create(newInt("other", "bonus", 10));
        awaitContents(strs("target"), "one", "11");
    }

    @Test
    void extraOutputs_mayBeWrittenByTheTransform() {
        state.create(newInt("source", "one", 1));
        run(intToStr("T", (ctx, in, out) -> {
            ctx.modify(newSentence("target", in.id(), ""), r -> r.withSpec(new SentenceSpec("about " + in.id())));
            return out.withSpec(new StrSpec("with sentence"));
        }), new ExtraOutputs(List.of(Output.exclusive(TestResources.SENTENCE))));
        awaitContents(strs("target"), "one", "with sentence");
        awaitContents(sentences("target"), "one", "about one");
    }

    @Test
    void skipReconcile_fromTheTransform_leavesThatOutputAlone_withoutFailingTheCycle() throws InterruptedException {
        state.create(newInt("source", "later", 7));
        state.create(newInt("source", "now", 1));
        run(intToStr("T", (ctx, in, out) -> {
            if (in.spec().value() == 7) {
                throw new SkipReconcileException("not yet");
            }
            return out.withSpec(new StrSpec(Integer.toString(in.spec().value())));
        }));
        awaitContents(strs("target"), "now", "1");
        Thread.sleep(300);
        assertThat(stats("T").crashes()).isZero();
        state.update(state.get(intPointer("source", "later"), IntSpec.class).withSpec(new IntSpec(8)));
        awaitContents(strs("target"), "later", "8", "now", "1");
    }

    @Test
    void hooks_runBeforeAndAfterEveryCycle_andSeeTheState() {
        List<String> calls = new CopyOnWriteArrayList<>();
        state.create(newInt("source", "one", 1));
        run(intToStr("T", (ctx, in, out) -> {
            calls.add("transform " + in.id());
            return out.withSpec(new StrSpec(Integer.toString(in.spec().value())));
        }), new PreRunHook(ctx -> calls.add("pre " + ctx.list(ints("source")).size())),
                new PostRunHook(ctx -> calls.add("post " + ctx.list(strs("target")).size())));
        awaitContents(strs("target"), "one", "1");
        awaitUpTo().untilAsserted(() -> assertThat(calls).startsWith("pre 1", "transform one", "post 1"));
        state.create(newInt("source", "two", 2));
        awaitUpTo().untilAsserted(() -> assertThat(calls).endsWith("pre 2", "transform one", "transform two",
                "post 2"));
    }

    @Test
    void preRunHook_failure_failsTheCycleBeforeAnyInput() {
        AtomicBoolean failing = new AtomicBoolean(true);
        state.create(newInt("source", "one", 1));
        run(intToStr("T"), new PreRunHook(ctx -> {
            if (failing.get()) {
                throw new IllegalStateException("not ready");
            }
        }));
        awaitUpTo().until(() -> stats("T").crashes() >= 1);
        assertThat(contents(strs("target"))).isEmpty();
        failing.set(false);
        awaitContents(strs("target"), "one", "1");
    }

    @Test
    void extraEvents_wakeTheTransformFromOutsideTheState() {
        AtomicInteger bonus = new AtomicInteger();
        ExtraEvents events = new ExtraEvents();
        events.signal();
        state.create(newInt("source", "one", 1));
        run(intToStr("T", (ctx, in, out) -> out.withSpec(
                new StrSpec(Integer.toString(in.spec().value() + bonus.get())))), new ExtraEventSource(events));
        awaitContents(strs("target"), "one", "1");
        bonus.set(5);
        events.signal();
        awaitContents(strs("target"), "one", "6");
    }

    @Test
    void finalizerRemoval_skip_keepsTheOutput_withoutFailing_untilWokenAgain() throws Exception {
        AtomicBoolean allow = new AtomicBoolean();
        ExtraEvents events = new ExtraEvents();
        state.create(newInt("source", "one", 1));
        run(intToStr("T").withInputFinalizers((ctx, input) -> {
            if (!allow.get()) {
                throw new SkipReconcileException("not yet");
            }
        }), new ExtraEventSource(events));
        Pointer in = intPointer("source", "one");
        awaitUpTo().until(() -> state.get(in).metadata().hasFinalizer("T"));
        state.teardown(in);
        Thread.sleep(300);
        assertThat(contents(strs("target"))).containsEntry("one", "1");
        assertThat(stats("T").crashes()).isZero();

        allow.set(true);
        events.signal();
        state.watchFor(in, PATIENCE, WatchCondition.finalizersEmpty());
        awaitContents(strs("target"));
    }

    @Test
    void onShutdown_runsOnceWhenTheRuntimeStops() {
        AtomicInteger shutdowns = new AtomicInteger();
        state.create(newInt("source", "one", 1));
        run(intToStr("T"), new OnShutdown(shutdowns::incrementAndGet));
        awaitContents(strs("target"), "one", "1");
        assertThat(shutdowns).hasValue(0);
        runtime.close();
        assertThat(shutdowns).hasValue(1);
    }
}
