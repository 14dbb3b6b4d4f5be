package dev.anvil.cosi.runtime.cleanup;

import dev.anvil.cosi.resource.Kind;
import dev.anvil.cosi.resource.Resource;
import dev.anvil.cosi.resource.Spec;
import dev.anvil.cosi.runtime.Input;
import dev.anvil.cosi.runtime.Output;
import dev.anvil.cosi.runtime.QContext;
import dev.anvil.cosi.runtime.SkipReconcileException;
import dev.anvil.cosi.state.ListOptions;
import dev.anvil.cosi.state.NotFoundException;

import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * See {@link CleanupHandler#removeOutputs}. The outputs are a shared output type (so they may be torn down and
 * destroyed as their owners) and a destroy-ready input (so a released output wakes the controller).
 */
record RemoveOutputs<I extends Spec>(Kind dependents, Function<Resource<I>, ListOptions> listOptions,
        Set<String> extraOwners) implements CleanupHandler<I> {

    @Override
    public void finalizerRemoval(QContext ctx, Resource<I> input) {
        int tearingDown = 0;
        for (Resource<?> out : ctx.list(dependents, listOptions.apply(input))) {
            String owner = out.metadata().owner();
            if (!owner.isEmpty() && !extraOwners.contains(owner)) {
                continue;
            }
            try {
                if (ctx.teardown(out.pointer(), owner)) {
                    ctx.destroy(out.pointer(), owner);
                } else {
                    tearingDown++;
                }
            } catch (NotFoundException alreadyGone) {
                // someone else finished it
            }
        }
        if (tearingDown > 0) {
            throw new SkipReconcileException("waiting for " + tearingDown + " " + dependents + " to be destroyed");
        }
    }

    @Override
    public List<Input> inputs() {
        return List.of(Input.destroyReady(dependents.namespace(), dependents.type()));
    }

    @Override
    public List<Output> outputs() {
        return List.of(Output.shared(dependents.type()));
    }
}
