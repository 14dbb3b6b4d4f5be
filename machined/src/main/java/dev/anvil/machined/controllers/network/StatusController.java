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
import dev.anvil.machined.log.Log;
import dev.anvil.machinery.resources.network.ResolverSpec;
import dev.anvil.machinery.resources.network.ResolverStatus;
import dev.anvil.machinery.resources.network.TimeServerSpec;
import dev.anvil.machinery.resources.network.TimeServerStatus;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Talos's spec controllers for settings that are not applied to the kernel but read by other parts of the node
 * (resolvers by the /etc files, time servers by the time sync): each merged spec becomes a status of the same ID,
 * and a status whose spec is gone is destroyed.
 */
public final class StatusController<S extends Spec, T extends Spec> implements Controller {
    private final String name;
    private final Kind specs;
    private final Class<S> specType;
    private final Kind statuses;
    private final Function<S, T> status;

    private StatusController(String name, Kind specs, Class<S> specType, Kind statuses, Function<S, T> status) {
        this.name = name;
        this.specs = specs;
        this.specType = specType;
        this.statuses = statuses;
        this.status = status;
    }

    /** network.ResolverSpecController: the resolvers in use. */
    public static StatusController<ResolverSpec, ResolverStatus> resolver() {
        return new StatusController<>("network.ResolverSpecController", ResolverSpec.KIND, ResolverSpec.class,
                ResolverStatus.KIND, ResolverStatus::of);
    }

    /** network.TimeServerSpecController: the time servers in use. */
    public static StatusController<TimeServerSpec, TimeServerStatus> timeServer() {
        return new StatusController<>("network.TimeServerSpecController", TimeServerSpec.KIND,
                TimeServerSpec.class, TimeServerStatus.KIND, s -> new TimeServerStatus(s.ntpServers(), s.useNts()));
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public List<Input> inputs() {
        return List.of(Input.weak(specs.namespace(), specs.type()));
    }

    @Override
    public List<Output> outputs() {
        return List.of(Output.exclusive(statuses.type()));
    }

    @Override
    public void reconcile(ReconcileContext ctx) {
        Set<String> wanted = new HashSet<>();
        for (Resource<?> raw : ctx.list(specs)) {
            if (raw.metadata().phase() != Phase.RUNNING) {
                continue;
            }
            T next = status.apply(raw.as(specType).spec());
            if (Specs.find(ctx, statuses.pointer(raw.id()), Spec.class).map(r -> !r.spec().equals(next))
                    .orElse(true)) {
                Log.info("setting " + raw.id(), "spec", next.toString());
            }
            Specs.put(ctx, statuses.pointer(raw.id()), next);
            wanted.add(raw.id());
        }
        for (Resource<?> existing : ctx.list(statuses)) {
            if (!wanted.contains(existing.id())) {
                ctx.destroy(existing.pointer());
            }
        }
    }
}
