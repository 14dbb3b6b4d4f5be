package dev.anvil.cosi.runtime.transform;

import dev.anvil.cosi.runtime.Input;
import dev.anvil.cosi.runtime.InputKind;

import java.util.Set;

/**
 * An extra of a {@link QTransformController} beyond its {@link QTransformSettings} (Go's qtransform options), given
 * to its constructor. Mapped inputs and extra outputs ({@link TransformOption.ExtraOutputs}, shared with the full
 * transform) add up; of the others, the last one given wins.
 */
public sealed interface QTransformOption permits QTransformOption.ExtraMappedInput, TransformOption.ExtraOutputs,
        QTransformOption.IgnoreTeardownUntil, QTransformOption.IgnoreTeardownWhile {
    /**
     * One more kind to read, whose changes {@code mapper} turns into primaries to transform again (Go's
     * WithExtraMappedInput, or WithExtraMappedDestroyReadyInput with a {@link InputKind#Q_MAPPED_DESTROY_READY}
     * input). One mapper a kind.
     */
    record ExtraMappedInput(Input input, InputMapper mapper) implements QTransformOption {
        public ExtraMappedInput {
            if (input.kind() != InputKind.Q_MAPPED && input.kind() != InputKind.Q_MAPPED_DESTROY_READY) {
                throw new IllegalArgumentException("an extra mapped input must be q-mapped, not " + input);
            }
        }
    }

    /**
     * Keeps transforming a tearing-down input as if it ran until no finalizers are left but these and the
     * controller's own (Go's WithIgnoreTeardownUntil): its output lives as long as the other holders need it.
     */
    record IgnoreTeardownUntil(Set<String> finalizers) implements QTransformOption {
        public IgnoreTeardownUntil {
            finalizers = Set.copyOf(finalizers);
        }
    }

    /**
     * Keeps transforming a tearing-down input as if it ran while any of these finalizers is on it (Go's
     * WithIgnoreTeardownWhile).
     */
    record IgnoreTeardownWhile(Set<String> finalizers) implements QTransformOption {
        public IgnoreTeardownWhile {
            finalizers = Set.copyOf(finalizers);
        }
    }
}
