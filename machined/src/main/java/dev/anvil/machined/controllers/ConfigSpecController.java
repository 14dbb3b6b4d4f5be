package dev.anvil.machined.controllers;

import dev.anvil.cosi.resource.Kind;
import dev.anvil.cosi.resource.Spec;
import dev.anvil.cosi.runtime.Controller;
import dev.anvil.cosi.runtime.ControllerReader;
import dev.anvil.cosi.runtime.Input;
import dev.anvil.cosi.runtime.Output;
import dev.anvil.cosi.runtime.ReconcileContext;
import dev.anvil.machinery.config.ConfigBundle;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The shape of Talos's config controllers: from the active config (and any extra inputs) compute the specs of one
 * kind, write each, and destroy this controller's specs of that kind that are no longer computed. Subclasses say
 * only what the specs are; the output is shared, because other controllers write other layers of the same type.
 */
public abstract class ConfigSpecController<S extends Spec> implements Controller {
    private final String name;
    private final Kind kind;

    protected ConfigSpecController(String name, Kind kind) {
        this.name = name;
        this.kind = kind;
    }

    /** The specs wanted now, by ID; {@code config} is empty in maintenance mode. */
    protected abstract List<Keyed<S>> specs(ControllerReader reader, Optional<ConfigBundle> config);

    /** A spec and its resource ID. */
    public record Keyed<S>(String id, S spec) {
    }

    /** Inputs beyond the active config. */
    protected List<Input> extraInputs() {
        return List.of();
    }

    /** The kind of the specs this controller writes. */
    public final Kind kind() {
        return kind;
    }

    /**
     * The specs this controller would write for {@code config}, reading its other inputs through {@code reader}:
     * its pure part, which a dry run runs over a config that is not applied. Writes nothing.
     */
    public final List<Keyed<S>> desired(ControllerReader reader, ConfigBundle config) {
        return specs(reader, Optional.of(config));
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final List<Input> inputs() {
        List<Input> inputs = new ArrayList<>(List.of(ActiveConfig.INPUT));
        inputs.addAll(extraInputs());
        return inputs;
    }

    @Override
    public final List<Output> outputs() {
        return List.of(Output.shared(kind.type()));
    }

    @Override
    public final void reconcile(ReconcileContext ctx) {
        List<Keyed<S>> specs = specs(ctx, ActiveConfig.read(ctx));
        ctx.startTrackingOutputs();
        for (Keyed<S> keyed : specs) {
            Specs.put(ctx, kind.pointer(keyed.id()), keyed.spec());
        }
        ctx.cleanupOutputs(kind);
    }
}
