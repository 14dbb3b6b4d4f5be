package dev.anvil.machined.controllers.network;

import dev.anvil.cosi.resource.Kind;
import dev.anvil.cosi.resource.Phase;
import dev.anvil.cosi.resource.Resource;
import dev.anvil.cosi.resource.Spec;
import dev.anvil.cosi.runtime.Controller;
import dev.anvil.cosi.runtime.Input;
import dev.anvil.cosi.runtime.Output;
import dev.anvil.cosi.runtime.ReconcileContext;
import dev.anvil.machined.controllers.Specs;
import dev.anvil.machinery.resources.network.NetworkResources;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Talos's generic merge: the layered specs of one type in {@code network-config} become the final specs in
 * {@code network}, by a merge function from all layers to the final specs by ID. Final specs the merge no longer
 * yields are torn down and destroyed; one still held by a finalizer is waited for (its destroy-ready input wakes
 * the controller), and a final spec being torn down is not rewritten until it is gone.
 *
 * <p>The name follows Talos's rule (the type with {@code Spec} replaced, e.g. {@code
 * HostnameMergeControllers.net.talos.dev}), so that the dependency graph reads the same.
 */
public final class MergeController<S extends Spec> implements Controller {
    private final Class<S> specType;
    private final Kind layers;
    private final Kind merged;
    private final Function<List<S>, Map<String, S>> merge;

    public MergeController(String type, Class<S> specType, Function<List<S>, Map<String, S>> merge) {
        this.specType = specType;
        this.layers = new Kind(NetworkResources.CONFIG_NAMESPACE, type);
        this.merged = new Kind(NetworkResources.NAMESPACE, type);
        this.merge = merge;
    }

    @Override
    public String name() {
        return merged.type().replace("Spec", "MergeController");
    }

    @Override
    public List<Input> inputs() {
        return List.of(Input.weak(layers.namespace(), layers.type()),
                Input.destroyReady(merged.namespace(), merged.type()));
    }

    @Override
    public List<Output> outputs() {
        return List.of(Output.shared(merged.type()));
    }

    @Override
    public void reconcile(ReconcileContext ctx) {
        List<S> specs = ctx.list(layers).stream().map(r -> r.as(specType).spec()).toList();
        Map<String, S> wanted = new LinkedHashMap<>(merge.apply(specs));
        for (Resource<?> existing : ctx.list(merged)) {
            boolean unwanted = !wanted.containsKey(existing.id());
            if (unwanted || existing.metadata().phase() == Phase.TEARING_DOWN) {
                if (ctx.teardown(existing.pointer())) {
                    ctx.destroy(existing.pointer());
                } else if (!unwanted) {
                    wanted.remove(existing.id());
                }
            }
        }
        wanted.forEach((id, spec) -> Specs.put(ctx, merged.pointer(id), spec));
    }
}
