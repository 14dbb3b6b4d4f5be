package dev.anvil.cosi.runtime.transform;

import dev.anvil.cosi.resource.Kind;
import dev.anvil.cosi.resource.Resource;
import dev.anvil.cosi.resource.Spec;
import dev.anvil.cosi.runtime.OutputKind;
import dev.anvil.cosi.runtime.QContext;
import dev.anvil.cosi.runtime.SkipReconcileException;
import dev.anvil.cosi.state.ListOptions;

import java.util.Objects;
import java.util.Optional;

/**
 * What a {@link TransformController} maps: each input resource of {@code input} to at most one output of
 * {@code output}. Extras beyond these are {@link TransformOption}s.
 *
 * @param map              the empty output for an input (its pointer and an initial spec), or empty to skip it;
 *                         must be a pure function of the input's metadata, so the same input always maps to the same
 *                         output ID
 * @param transform        fills the output from the input; may run more than once per cycle (a write conflict
 *                         retries it), so anything else it does must be idempotent
 * @param finalizerRemoval with input finalizers, runs for a tearing-down input before its output is torn down; a
 *                         failure keeps the output (and the input's finalizer) until a later cycle succeeds
 * @param inputFinalizers  put the controller's finalizer on each input, released only once its output is gone
 * @param ignoreTearingDownInputs treat tearing-down inputs as running: the output stays until the input is destroyed
 */
public record TransformSettings<I extends Spec, O extends Spec>(
        String name,
        Kind input,
        Class<I> inputSpec,
        Kind output,
        Mapper<I, O> map,
        Transform<I, O> transform,
        FinalizerRemoval<I> finalizerRemoval,
        boolean inputFinalizers,
        boolean ignoreTearingDownInputs,
        OutputKind outputKind,
        ListOptions inputListOptions) {

    @FunctionalInterface
    public interface Mapper<I extends Spec, O extends Spec> {
        Optional<Resource<O>> map(Resource<I> input);
    }

    /**
     * Fills an output from its input, reading whatever else it needs through {@code ctx}; it writes through
     * {@code ctx} only to extra outputs. {@link SkipReconcileException} leaves this output as it is until the next
     * cycle without failing the cycle.
     */
    @FunctionalInterface
    public interface Transform<I extends Spec, O extends Spec> {
        Resource<O> apply(QContext ctx, Resource<I> input, Resource<O> output);
    }

    /**
     * Runs for a tearing-down input before its output goes; returning lets the output go, an exception keeps it
     * (and fails the cycle, unless it is a {@link SkipReconcileException}).
     */
    @FunctionalInterface
    public interface FinalizerRemoval<I extends Spec> {
        void run(QContext ctx, Resource<I> input) throws Exception;
    }

    public TransformSettings {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(inputSpec, "input spec");
        Objects.requireNonNull(output, "output");
        Objects.requireNonNull(map, "map");
        Objects.requireNonNull(transform, "transform");
        Objects.requireNonNull(outputKind, "output kind");
        Objects.requireNonNull(inputListOptions, "input list options");
        if (inputFinalizers && ignoreTearingDownInputs) {
            throw new IllegalArgumentException("transform " + name + ": input finalizers and ignoring tearing-down"
                    + " inputs exclude each other");
        }
        if (finalizerRemoval != null && !inputFinalizers) {
            throw new IllegalArgumentException("transform " + name + ": a finalizer removal needs input finalizers");
        }
    }

    /** An exclusive transform of every input, without finalizers on inputs. */
    public static <I extends Spec, O extends Spec> TransformSettings<I, O> of(String name, Kind input,
            Class<I> inputSpec, Kind output, Mapper<I, O> map, Transform<I, O> transform) {
        return new TransformSettings<>(name, input, inputSpec, output, map, transform, null, false, false,
                OutputKind.EXCLUSIVE, ListOptions.ALL);
    }

    /** Holds each input with a finalizer until its output is gone, running {@code removal} (or null) first. */
    public TransformSettings<I, O> withInputFinalizers(FinalizerRemoval<I> removal) {
        return new TransformSettings<>(name, input, inputSpec, output, map, transform, removal, true,
                ignoreTearingDownInputs, outputKind, inputListOptions);
    }

    public TransformSettings<I, O> ignoringTearingDownInputs() {
        return new TransformSettings<>(name, input, inputSpec, output, map, transform, finalizerRemoval,
                inputFinalizers, true, outputKind, inputListOptions);
    }

    public TransformSettings<I, O> withOutputKind(OutputKind kind) {
        return new TransformSettings<>(name, input, inputSpec, output, map, transform, finalizerRemoval,
                inputFinalizers, ignoreTearingDownInputs, kind, inputListOptions);
    }

    public TransformSettings<I, O> withInputListOptions(ListOptions options) {
        return new TransformSettings<>(name, input, inputSpec, output, map, transform, finalizerRemoval,
                inputFinalizers, ignoreTearingDownInputs, outputKind, options);
    }
}
