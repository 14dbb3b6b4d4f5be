package dev.anvil.cosi.runtime.cleanup;

import dev.anvil.cosi.resource.Resource;
import dev.anvil.cosi.resource.Spec;
import dev.anvil.cosi.runtime.Input;
import dev.anvil.cosi.runtime.Output;
import dev.anvil.cosi.runtime.QContext;

import java.util.ArrayList;
import java.util.List;

/** See {@link CleanupHandler#combine}; the declarations are merged once, when combined. */
record CombinedHandler<I extends Spec>(List<CleanupHandler<I>> handlers, List<Input> inputs, List<Output> outputs)
        implements CleanupHandler<I> {

    CombinedHandler(List<CleanupHandler<I>> handlers) {
        this(handlers, mergeInputs(handlers), mergeOutputs(handlers));
    }

    CombinedHandler {
        if (handlers.isEmpty()) {
            throw new IllegalArgumentException("combining no cleanup handlers");
        }
    }

    @Override
    public void finalizerRemoval(QContext ctx, Resource<I> input) throws Exception {
        for (CleanupHandler<I> handler : handlers) {
            handler.finalizerRemoval(ctx, input);
        }
    }

    private static <I extends Spec> List<Input> mergeInputs(List<CleanupHandler<I>> handlers) {
        List<Input> merged = new ArrayList<>();
        for (CleanupHandler<I> handler : handlers) {
            for (Input input : handler.inputs()) {
                Input same = merged.stream().filter(input::sameTarget).findFirst().orElse(null);
                if (same == null) {
                    merged.add(input);
                } else if (same.kind() != input.kind()) {
                    throw new IllegalArgumentException("cleanup handlers declare " + same + " and " + input);
                }
            }
        }
        return List.copyOf(merged);
    }

    private static <I extends Spec> List<Output> mergeOutputs(List<CleanupHandler<I>> handlers) {
        List<Output> merged = new ArrayList<>();
        for (CleanupHandler<I> handler : handlers) {
            for (Output output : handler.outputs()) {
                if (merged.stream().noneMatch(o -> o.type().equals(output.type()))) {
                    merged.add(output);
                }
            }
        }
        return List.copyOf(merged);
    }
}
