package dev.anvil.cosi.runtime.cleanup;

import dev.anvil.cosi.resource.Kind;
import dev.anvil.cosi.resource.Resource;
import dev.anvil.cosi.resource.Spec;
import dev.anvil.cosi.runtime.Input;
import dev.anvil.cosi.runtime.QContext;
import dev.anvil.cosi.runtime.SkipReconcileException;
import dev.anvil.cosi.state.ListOptions;

import java.util.List;
import java.util.function.Function;

/** See {@link CleanupHandler#hasNoOutputs}: a weak input on the outputs wakes the controller as they go. */
record HasNoOutputs<I extends Spec>(Kind dependents, Function<Resource<I>, ListOptions> listOptions)
        implements CleanupHandler<I> {

    @Override
    public void finalizerRemoval(QContext ctx, Resource<I> input) {
        int left = ctx.list(dependents, listOptions.apply(input)).size();
        if (left > 0) {
            throw new SkipReconcileException("waiting for " + left + " " + dependents + " to be destroyed");
        }
    }

    @Override
    public List<Input> inputs() {
        return List.of(Input.weak(dependents.namespace(), dependents.type()));
    }
}
