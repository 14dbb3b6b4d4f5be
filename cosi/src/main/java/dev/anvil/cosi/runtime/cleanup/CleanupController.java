package dev.anvil.cosi.runtime.cleanup;

import dev.anvil.cosi.resource.Kind;
import dev.anvil.cosi.resource.Phase;
import dev.anvil.cosi.resource.Resource;
import dev.anvil.cosi.resource.Spec;
import dev.anvil.cosi.runtime.CollectedFailures;
import dev.anvil.cosi.runtime.Controller;
import dev.anvil.cosi.runtime.Input;
import dev.anvil.cosi.runtime.Output;
import dev.anvil.cosi.runtime.ReconcileContext;
import dev.anvil.cosi.runtime.SkipReconcileException;

import java.util.ArrayList;
import java.util.List;

/**
 * Holds every resource of one kind with a finalizer until its {@link CleanupHandler} says what depends on it is
 * gone (cosi.md section 4, "cleanup"). A running input gets the controller's finalizer; a tearing-down input that
 * still has it runs the handler, and loses the finalizer once the handler returns. A failing input does not stop
 * the others: failures are collected and the reconcile fails at the end, so the runtime retries with backoff.
 */
public record CleanupController<I extends Spec>(String name, Kind input, Class<I> inputSpec, CleanupHandler<I> handler)
        implements Controller {
    public CleanupController {
        if (name.isEmpty()) {
            throw new IllegalArgumentException("a cleanup controller needs a name");
        }
    }

    @Override
    public List<Input> inputs() {
        List<Input> inputs = new ArrayList<>();
        inputs.add(Input.strong(input.namespace(), input.type()));
        inputs.addAll(handler.inputs());
        return inputs;
    }

    @Override
    public List<Output> outputs() {
        return handler.outputs();
    }

    @Override
    public void reconcile(ReconcileContext ctx) {
        CollectedFailures failures = new CollectedFailures();
        for (Resource<?> raw : ctx.list(input)) {
            Resource<I> in = raw.as(inputSpec);
            boolean held = in.metadata().hasFinalizer(name);
            try {
                if (in.metadata().phase() == Phase.RUNNING && !held) {
                    ctx.addFinalizer(in.pointer(), name);
                } else if (in.metadata().phase() == Phase.TEARING_DOWN && held) {
                    handler.finalizerRemoval(ctx, in);
                    ctx.removeFinalizer(in.pointer(), name);
                }
            } catch (SkipReconcileException notYet) {
                // the handler is woken again by its inputs
            } catch (Exception e) {
                failures.add(new IllegalStateException("cleanup of " + in.pointer() + " failed", e));
            }
        }
        failures.throwIfAny("cleanup controller " + name);
    }
}
