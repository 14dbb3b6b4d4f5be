package dev.anvil.cosi.runtime;

import dev.anvil.cosi.resource.Phase;
import dev.anvil.cosi.resource.Pointer;
import dev.anvil.cosi.resource.Resource;
import dev.anvil.cosi.resource.Spec;

import java.util.function.UnaryOperator;

/**
 * Writes on behalf of a controller, as owner = the controller's name unless a teardown or destroy names another owner
 * (then the state checks that one). Writes are allowed only to declared
 * output types (in any namespace); finalizer changes only to strong, q-primary and q-mapped inputs. Anything else
 * throws {@link AccessDeniedException} before the state is touched.
 */
public interface ControllerWriter {
    Resource<?> create(Resource<?> resource);

    Resource<?> update(Resource<?> resource);

    /**
     * Creates the resource from {@code empty} changed by {@code change}, or updates the stored one (which must be
     * running) with it; returns the stored result (so this is also Go's ModifyWithResult). No change, no write.
     */
    default <S extends Spec> Resource<S> modify(Resource<S> empty, UnaryOperator<Resource<S>> change) {
        return modify(empty, change, Phase.RUNNING);
    }

    /** As {@link #modify(Resource, UnaryOperator)}, expecting the stored resource in {@code phase} (null: any). */
    <S extends Spec> Resource<S> modify(Resource<S> empty, UnaryOperator<Resource<S>> change, Phase phase);

    /** Starts tearing down; true when the resource has no finalizers and may be destroyed now. */
    boolean teardown(Pointer pointer);

    void destroy(Pointer pointer);

    /**
     * As {@link #teardown(Pointer)}, acting as {@code owner} instead of the controller (Go's {@code WithOwner}; the
     * empty owner for unowned resources). Still only for declared output types.
     */
    boolean teardown(Pointer pointer, String owner);

    /** As {@link #destroy(Pointer)}, acting as {@code owner} instead of the controller. */
    void destroy(Pointer pointer, String owner);

    void addFinalizer(Pointer pointer, String... finalizers);

    /** Removes finalizers; a resource that is already gone is fine. */
    void removeFinalizer(Pointer pointer, String... finalizers);
}
