package dev.anvil.cosi.runtime.cleanup;

import dev.anvil.cosi.resource.Kind;
import dev.anvil.cosi.resource.Resource;
import dev.anvil.cosi.resource.Spec;
import dev.anvil.cosi.runtime.Input;
import dev.anvil.cosi.runtime.Output;
import dev.anvil.cosi.runtime.QContext;
import dev.anvil.cosi.runtime.SkipReconcileException;
import dev.anvil.cosi.state.ListOptions;

import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * What a {@link CleanupController} waits for before it releases a tearing-down input, and what it reads and writes
 * to find out. The inputs and outputs are added to the controller's own, so it is woken when they change.
 */
public interface CleanupHandler<I extends Spec> {
    /**
     * Runs for a tearing-down input that still carries the controller's finalizer. Returning releases the input;
     * {@link SkipReconcileException} means "not yet" (the input is looked at again on the next change); any other
     * exception fails the reconcile, which is retried with backoff.
     */
    void finalizerRemoval(QContext ctx, Resource<I> input) throws Exception;

    default List<Input> inputs() {
        return List.of();
    }

    default List<Output> outputs() {
        return List.of();
    }

    /** Waits until no resource of {@code outputs} matches {@code listOptions(input)}. */
    static <I extends Spec> CleanupHandler<I> hasNoOutputs(Kind outputs,
            Function<Resource<I>, ListOptions> listOptions) {
        return new HasNoOutputs<>(outputs, listOptions);
    }

    /**
     * Tears down and destroys the resources of {@code outputs} that match {@code listOptions(input)} and are unowned
     * or owned by one of {@code extraOwners} (resources of other owners are left alone), then waits until those
     * still tearing down are gone.
     */
    static <I extends Spec> CleanupHandler<I> removeOutputs(Kind outputs,
            Function<Resource<I>, ListOptions> listOptions, String... extraOwners) {
        return new RemoveOutputs<>(outputs, listOptions, Set.of(extraOwners));
    }

    /**
     * Runs the handlers in order, stopping at the first that is not done; reads and writes what any of them does.
     * Two handlers declaring the same kind as inputs of different kinds is an error.
     */
    @SafeVarargs
    static <I extends Spec> CleanupHandler<I> combine(CleanupHandler<I>... handlers) {
        return new CombinedHandler<>(List.of(handlers));
    }
}
