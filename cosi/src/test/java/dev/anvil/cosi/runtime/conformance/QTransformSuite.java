package dev.anvil.cosi.runtime.conformance;

import dev.anvil.cosi.resource.Phase;
import dev.anvil.cosi.resource.Pointer;
import dev.anvil.cosi.resource.Resource;
import dev.anvil.cosi.runtime.transform.QTransformController;
import dev.anvil.cosi.runtime.transform.QTransformSettings;
import dev.anvil.cosi.state.WatchCondition;
import org.junit.jupiter.api.Test;

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

/** The queue transform controller (cosi.md section 4 "qtransform", the shared checks of 6.4 #104), over any State. */
public abstract class QTransformSuite extends RuntimeSuiteSupport {

    private static QTransformSettings<IntSpec, StrSpec> intToStr() {
        return QTransformSettings.of("QT", ints("source"), IntSpec.class, strs("target"),
                in -> in.id().startsWith("skip") ? Optional.empty() : Optional.of(newStr("target", in.id(), "")),
                out -> intPointer("source", out.id()),
                (reader, in, out) -> {
                    if (in.spec().value() < 0) {
                        throw new IllegalArgumentException("negative: " + in.spec().value());
                    }
                    return out.withSpec(new StrSpec(Integer.toString(in.spec().value())));
                });
    }

    private void run(QTransformSettings<IntSpec, StrSpec> settings) {
        runtime.register(new QTransformController<>(settings));
        startRuntime();
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
}
