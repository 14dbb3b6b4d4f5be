package dev.anvil.cosi.runtime.transform;

import dev.anvil.cosi.resource.Kind;
import dev.anvil.cosi.resource.Pointer;
import dev.anvil.cosi.resource.Spec;
import dev.anvil.cosi.runtime.OutputKind;

import java.util.Objects;

/**
 * What a {@link QTransformController} maps. As {@link TransformSettings}, plus {@code unmap}: the input an output
 * came from, so that an output becoming destroy-ready can be traced back to the input to finish. Extras beyond
 * these are {@link QTransformOption}s.
 *
 * @param finalizerRemoval runs for a tearing-down input before its output is torn down; null for none
 * @param concurrency      how many inputs are transformed at once
 */
public record QTransformSettings<I extends Spec, O extends Spec>(
        String name,
        Kind input,
        Class<I> inputSpec,
        Kind output,
        TransformSettings.Mapper<I, O> map,
        Unmapper unmap,
        TransformSettings.Transform<I, O> transform,
        TransformSettings.FinalizerRemoval<I> finalizerRemoval,
        int concurrency,
        OutputKind outputKind) {

    /** The pointer of the input an output was made from. */
    @FunctionalInterface
    public interface Unmapper {
        Pointer unmap(Pointer output);
    }

    public QTransformSettings {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(inputSpec, "input spec");
        Objects.requireNonNull(output, "output");
        Objects.requireNonNull(map, "map");
        Objects.requireNonNull(unmap, "unmap");
        Objects.requireNonNull(transform, "transform");
        Objects.requireNonNull(outputKind, "output kind");
        if (input.equals(output)) {
            throw new IllegalArgumentException("queue transform " + name + ": input and output must be different"
                    + " kinds");
        }
    }

    /** One worker, an exclusive output, no finalizer removal. */
    public static <I extends Spec, O extends Spec> QTransformSettings<I, O> of(String name, Kind input,
            Class<I> inputSpec, Kind output, TransformSettings.Mapper<I, O> map, Unmapper unmap,
            TransformSettings.Transform<I, O> transform) {
        return new QTransformSettings<>(name, input, inputSpec, output, map, unmap, transform, null, 1,
                OutputKind.EXCLUSIVE);
    }

    public QTransformSettings<I, O> withFinalizerRemoval(TransformSettings.FinalizerRemoval<I> removal) {
        return new QTransformSettings<>(name, input, inputSpec, output, map, unmap, transform, removal,
                concurrency, outputKind);
    }

    public QTransformSettings<I, O> withConcurrency(int workers) {
        return new QTransformSettings<>(name, input, inputSpec, output, map, unmap, transform, finalizerRemoval,
                workers, outputKind);
    }
}
