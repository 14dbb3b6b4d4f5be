package dev.anvil.cosi.runtime;

import dev.anvil.cosi.resource.Kind;
import dev.anvil.cosi.resource.Pointer;
import dev.anvil.cosi.resource.Resource;
import dev.anvil.cosi.resource.Spec;
import dev.anvil.cosi.state.ListOptions;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Reads on behalf of a controller. A controller may read its output types (any namespace) and its inputs: a get
 * needs an input on the kind with no ID or with that ID, a list an input on the kind with no ID. Anything else
 * throws {@link AccessDeniedException}.
 */
public interface ControllerReader {
    Resource<?> get(Pointer pointer);

    default <S extends Spec> Resource<S> get(Pointer pointer, Class<S> specType) {
        return get(pointer).as(specType);
    }

    List<Resource<?>> list(Kind kind, ListOptions options);

    default List<Resource<?>> list(Kind kind) {
        return list(kind, ListOptions.ALL);
    }

    /**
     * Completes when the resource starts tearing down, is destroyed or is absent: a way to abandon long work on it
     * (Go's ContextWithTeardown). The signal is cancelled when the current reconcile ends.
     */
    CompletableFuture<Void> teardownSignal(Pointer pointer);
}
