package dev.anvil.machined.controllers;

import dev.anvil.cosi.runtime.Controller;
import dev.anvil.cosi.runtime.Input;
import dev.anvil.cosi.runtime.Output;
import dev.anvil.cosi.runtime.ReconcileContext;
import dev.anvil.machinery.config.ConfigBundle;

import java.util.List;
import java.util.Optional;

/**
 * A controller whose one effect lies outside the state: it follows the active config (empty in maintenance mode)
 * and writes no resource, as the metrics endpoint and log shipping do. {@link #apply} must be idempotent.
 */
public abstract class ConfigEffectController implements Controller {

    @Override
    public final List<Input> inputs() {
        return List.of(ActiveConfig.INPUT);
    }

    @Override
    public final List<Output> outputs() {
        return List.of();
    }

    @Override
    public final void reconcile(ReconcileContext ctx) throws Exception {
        apply(ActiveConfig.read(ctx));
    }

    /** Makes the effect match {@code config}. */
    protected abstract void apply(Optional<ConfigBundle> config) throws Exception;
}
