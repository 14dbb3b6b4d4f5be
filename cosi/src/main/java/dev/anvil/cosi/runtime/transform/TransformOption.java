package dev.anvil.cosi.runtime.transform;

import dev.anvil.cosi.runtime.Input;
import dev.anvil.cosi.runtime.Output;
import dev.anvil.cosi.runtime.QContext;

import java.util.List;

/**
 * An extra of a {@link TransformController} beyond its {@link TransformSettings} (Go's transform controller
 * options), given to its constructor. Extra inputs and outputs add up; of the others, the last one given wins. None
 * takes null.
 */
public sealed interface TransformOption {
    /** Work of a whole cycle rather than of one input; a failure fails the cycle, which is retried with backoff. */
    @FunctionalInterface
    interface Hook {
        void run(QContext ctx) throws Exception;
    }

    /** More kinds to read, and to be woken by (Go's WithExtraInputs). */
    record ExtraInputs(List<Input> inputs) implements TransformOption {
        public ExtraInputs {
            inputs = List.copyOf(inputs);
        }
    }

    /** More types to write, from the transform or the hooks (Go's WithExtraOutputs); a queue transform's too. */
    record ExtraOutputs(List<Output> outputs) implements TransformOption, QTransformOption {
        public ExtraOutputs {
            outputs = List.copyOf(outputs);
        }
    }

    /** Runs at the start of every cycle, before any input is transformed (Go's PreTransformHook). */
    record PreRunHook(Hook hook) implements TransformOption {
    }

    /** Runs at the end of every cycle, after outputs were cleaned up (Go's PostTransformHook). */
    record PostRunHook(Hook hook) implements TransformOption {
    }

    /** Wake-ups that are no change of an input (Go's WithExtraEventChannel). */
    record ExtraEventSource(ExtraEvents events) implements TransformOption {
    }

    /** Runs once when the runtime has stopped (Go's WithOnShutdownCallback). */
    record OnShutdown(Runnable callback) implements TransformOption {
    }
}
